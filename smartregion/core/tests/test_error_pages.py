"""Error pages: the platform's own 404, 403 and 500 pages, with DEBUG on as in the demo, and no
traceback in the log for a refused request."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ERROR_URLS = "smartregion.core.tests.error_urls"


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    settings.ROOT_URLCONF = ERROR_URLS
    return request.param


def test_unknown_address_gets_the_platform_404_page(client, debug):
    response = client.get("/gibt-es-nicht/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in text
    assert 'class="site-header"' in text
    # Django's technical page lists every URL pattern of the installation.
    assert "URLconf" not in text
    assert "django-admin/" not in text


def test_unknown_object_in_a_region_gets_the_platform_404_page(client, steinfurt, debug):
    response = client.get(f"/r/{steinfurt.slug}/projekte/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_missing_slash_is_still_redirected(client, steinfurt, debug):
    response = client.get(f"/r/{steinfurt.slug}")

    assert response.status_code == 301
    assert response["Location"] == f"/r/{steinfurt.slug}/"


def test_unknown_api_address_answers_json(client, debug):
    response = client.get("/api/v1/gibt-es-nicht")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Nicht gefunden."}


def test_refused_page_gets_the_platform_403_page_and_logs_one_line(login, reader, steinfurt, debug, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(reader).get(f"/r/{steinfurt.slug}/verwaltung/")

    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
    refused = [record for record in caplog.records if record.name == "django.request"]
    assert [record.getMessage() for record in refused] == [f"Forbidden: /r/{steinfurt.slug}/verwaltung/"]
    assert refused[0].exc_info is None


def test_failure_with_debug_on_shows_the_500_page_and_logs_the_traceback(settings, caplog):
    settings.DEBUG = True
    settings.ROOT_URLCONF = ERROR_URLS

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/kaputt/")

    text = response.content.decode()
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in text
    assert "geheime Einzelheit" not in text
    assert "Traceback" not in text
    assert "SECRET_KEY" not in text
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info is not None
    assert "geheime Einzelheit" in str(record.exc_info[1])


def test_failure_reaches_the_test_client_as_without_debug(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = ERROR_URLS

    with pytest.raises(RuntimeError, match="kaputt"):
        Client().get("/kaputt/")


def test_expired_form_gets_a_german_page(db):
    response = Client(enforce_csrf_checks=True).post(
        "/konto/login/", {"login": "a@b.example", "password": "x"}
    )

    text = response.content.decode()
    assert response.status_code == 403
    assert "Formular abgelaufen" in text
    assert "CSRF verification failed" not in text


def test_page_asking_to_log_in_again_still_redirects_with_debug_on(login, coordinator, settings):
    # allauth raises an exception to ask for the password again; its middleware answers it.
    settings.DEBUG = True

    response = login(coordinator).get("/konto/2fa/totp/activate/")

    assert response.status_code == 302
    assert "/konto/reauthenticate/" in response["Location"]
