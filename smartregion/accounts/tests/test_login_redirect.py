"""Where a person lands after logging in: people with a role on their workspace ("Meine Aufgaben"),
everyone else where they did before; a ``next`` is always followed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from smartregion.accounts import services
from smartregion.accounts.models import User
from smartregion.accounts.tests.factories import PASSWORD, InvitationFactory, UserFactory
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

WORKSPACE = "/aufgaben/"


@pytest.fixture(autouse=True)
def _no_totp_needed(settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _log_in(user: User, password: str = PASSWORD, next_url: str = "") -> Any:
    services.mark_email_verified(user)
    data = {"login": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return Client().post("/konto/login/", data)


@pytest.mark.parametrize("person", ["coordinator", "officer", "reader"])
def test_people_with_a_role_land_on_their_workspace(person: str, request: pytest.FixtureRequest) -> None:
    response = _log_in(request.getfixturevalue(person))

    assert response.status_code == 302
    assert response["Location"] == WORKSPACE


def test_operators_land_on_their_workspace(db: None) -> None:
    operator = User.objects.create_superuser("betrieb@example.org", PASSWORD)

    assert _log_in(operator)["Location"] == WORKSPACE


def test_citizens_without_a_role_land_where_they_did_before(settings: Any) -> None:
    citizen = UserFactory(email="buergerin@example.org")

    assert _log_in(citizen)["Location"] == settings.LOGIN_REDIRECT_URL == "/"


def test_someone_with_an_open_invitation_lands_where_they_can_accept_it(steinfurt: Region) -> None:
    invited = UserFactory(email="eingeladen@example.org")
    InvitationFactory(region=steinfurt, email="eingeladen@example.org")

    assert _log_in(invited)["Location"] == WORKSPACE


def test_a_given_next_wins(coordinator: User) -> None:
    response = _log_in(coordinator, next_url="/r/kreis-steinfurt/ideen/")

    assert response["Location"] == "/r/kreis-steinfurt/ideen/"


def test_a_next_to_another_host_is_not_followed(coordinator: User) -> None:
    response = _log_in(coordinator, next_url="https://example.com/falle/")

    assert response["Location"] == WORKSPACE


def test_a_wrong_password_lands_nowhere_and_says_why(coordinator: User) -> None:
    response = _log_in(coordinator, password="falsch")

    assert response.status_code == 200
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
