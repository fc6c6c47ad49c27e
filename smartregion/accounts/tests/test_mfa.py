"""Coordinators must set up TOTP before they work, when the installation requires it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db

MANAGE = "/r/kreis-steinfurt/verwaltung/"


@pytest.fixture
def require_mfa(settings):
    settings.REQUIRE_MFA_FOR_COORDINATORS = True


def _add_totp(user) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def test_coordinator_without_totp_is_sent_to_totp_setup(require_mfa, login, coordinator):
    client = login(coordinator)

    for path in [MANAGE, "/", "/r/kreis-steinfurt/kommunen/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")


def test_totp_setup_page_itself_is_not_redirected_to_itself(require_mfa, login, coordinator):
    response = login(coordinator).get(reverse("mfa_activate_totp"))

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] != reverse("mfa_activate_totp")
        assert response["Location"].startswith("/konto/")


def test_health_check_is_not_redirected_and_the_api_refuses_with_json(require_mfa, login, coordinator):
    client = login(coordinator)

    assert client.get("/healthz").status_code == 200
    response = client.get("/api/v1/regions/")
    assert response.status_code == 403
    assert "Zwei-Faktor-Authentifizierung" in response.json()["detail"]


def test_reader_is_not_sent_to_totp_setup(require_mfa, login, reader):
    client = login(reader)

    assert client.get(MANAGE).status_code == 403
    assert client.get("/r/kreis-steinfurt/").status_code == 200


def test_coordinator_with_totp_is_not_redirected(require_mfa, login, coordinator):
    _add_totp(coordinator)

    response = login(coordinator).get(MANAGE)

    assert response.status_code == 200


def test_coordinator_who_removes_totp_is_sent_to_setup_again_in_the_same_session(
    require_mfa, login, coordinator
):
    totp = _add_totp(coordinator)
    client = login(coordinator)
    assert client.get(MANAGE).status_code == 200

    totp.delete()
    response = client.get(MANAGE)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_coordinator_without_totp_may_work_when_mfa_is_not_required(settings, login, coordinator):
    settings.REQUIRE_MFA_FOR_COORDINATORS = False

    assert login(coordinator).get(MANAGE).status_code == 200


def test_anonymous_visitor_is_not_sent_to_totp_setup(require_mfa, client, steinfurt):
    response = client.get(MANAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
