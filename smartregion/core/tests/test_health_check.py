"""The health check answers a load balancer that asks over plain HTTP inside the host.

With ``DEBUG=0`` every other page is redirected to HTTPS (``SECURE_SSL_REDIRECT``); a load balancer
that checks ``/healthz`` without TLS and without ``X-Forwarded-Proto`` must still get 200 or 503.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssl_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_health_check_answers_over_plain_http(client, ssl_redirect):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_head_over_plain_http(client, ssl_redirect):
    assert client.head("/healthz").status_code == 200


def test_pages_are_still_redirected_to_https(client, ssl_redirect):
    for path in ["/", "/healthz/", "/healthzx", "/api/v1/regions/", "/r/kreis-steinfurt/"]:
        response = client.get(path)

        assert response.status_code == 301, path
        assert response["Location"] == f"https://testserver{path}", path


def test_health_check_over_https_behind_the_proxy(client, ssl_redirect):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
