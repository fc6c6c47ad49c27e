"""The workspace page ("Meine Aufgaben") at /aufgaben/: who may open it, what people without a role
and operators see, invitations to the person, the header link and the management page beside it.
The counts per demo role are checked in tests/platform/test_workspace.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from smartregion.accounts.models import User
from smartregion.accounts.tests.factories import PASSWORD, InvitationFactory, UserFactory
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

WORKSPACE = "/aufgaben/"
Login = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _no_totp_needed(settings: object) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False  # type: ignore[attr-defined]


def _main(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return html[html.index("<main") : html.index("</main>")]


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get(WORKSPACE)

    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={WORKSPACE}"


def test_the_page_only_answers_get(login: Login, coordinator: User) -> None:
    response = login(coordinator).post(WORKSPACE)

    assert response.status_code == 405


def test_a_citizen_without_a_role_gets_a_friendly_explanation_and_links(login: Login) -> None:
    citizen = UserFactory(email="buerger@example.org")

    response = login(citizen).get(WORKSPACE)

    assert response.status_code == 200
    main = _main(response)
    assert "Hier ist noch nichts für Sie zu tun" in main
    assert "Ideen einreichen" in main
    assert 'href="/"' in main  # all regions
    assert response.context["regions"] == []
    assert response["Cache-Control"].startswith("max-age=0")  # personal: never kept by a cache


def test_a_coordinator_with_nothing_to_do_is_told_so(
    login: Login, coordinator: User, steinfurt: Region
) -> None:
    response = login(coordinator).get(WORKSPACE)

    main = _main(response)
    assert "Im Moment ist nichts zu tun: Alles ist erledigt." in main
    assert "Im Moment ist hier nichts zu tun." in main
    assert "Ihre Rollen: Koordination" in main
    assert 'href="/r/kreis-steinfurt/verwaltung/"' in main
    assert 'href="/r/kreis-steinfurt/"' in main


def test_an_officer_is_shown_with_the_municipality_and_without_the_management_page(
    login: Login, officer: User
) -> None:
    main = _main(login(officer).get(WORKSPACE))

    assert "Ihre Rollen: Digitalisierungsbeauftragte:r der Kommune (Greven)" in main
    assert "/verwaltung/" not in main


def test_open_invitations_to_the_person_are_linked_to_their_acceptance(
    login: Login, steinfurt: Region, coesfeld: Region
) -> None:
    citizen = UserFactory(email="neu@example.org")
    invitation = InvitationFactory(region=coesfeld, email="neu@example.org")
    InvitationFactory(region=steinfurt, email="neu@example.org", expired=True)
    InvitationFactory(region=steinfurt, email="andere@example.org")

    main = _main(login(citizen).get(WORKSPACE))

    assert "Einladungen an Sie" in main
    assert f'href="/einladung/{invitation.token}/"' in main
    assert main.count('href="/einladung/') == 1
    assert "Kreis Coesfeld" in main


def test_operators_reach_every_regions_management_page(
    login: Login, steinfurt: Region, coesfeld: Region
) -> None:
    operator = User.objects.create_superuser("betrieb@example.org", PASSWORD)

    response = login(operator).get(WORKSPACE, {"seite": "keine-zahl"})

    assert response.status_code == 200
    main = _main(response)
    assert "Alle Regionen (Betrieb)" in main
    assert 'href="/r/kreis-steinfurt/verwaltung/"' in main
    assert 'href="/r/kreis-coesfeld/verwaltung/"' in main
    assert "Hier ist noch nichts für Sie zu tun" not in main


def test_the_header_links_the_workspace_for_people_who_are_logged_in(login: Login, reader: User) -> None:
    client = login(reader)

    on_start_page = client.get("/").content.decode()
    on_workspace = client.get(WORKSPACE).content.decode()

    tools = on_start_page.split('class="site-header__tools"')[1].split("</div>")[0]
    assert f'href="{WORKSPACE}">Meine Aufgaben</a>' in tools
    tools = on_workspace.split('class="site-header__tools"')[1].split("</div>")[0]
    assert f'href="{WORKSPACE}" aria-current="page">Meine Aufgaben</a>' in tools
    assert "Meine Aufgaben" not in Client().get("/").content.decode()


def test_the_management_page_shows_the_same_items_and_links_the_workspace(
    login: Login, coordinator: User, steinfurt: Region
) -> None:
    InvitationFactory(region=steinfurt, email="a@example.org")
    InvitationFactory(region=steinfurt, email="b@example.org")
    client = login(coordinator)

    manage = client.get("/r/kreis-steinfurt/verwaltung/")
    workspace = client.get(WORKSPACE)

    (entry,) = workspace.context["regions"]
    on_workspace = [item for group in entry.modules for item in group.items]
    assert manage.context["todo"] == on_workspace
    assert [(item.label, item.count) for item in on_workspace] == [
        ("Einladungen, die noch nicht angenommen wurden", 2)
    ]
    manage_html = _main(manage)
    assert 'href="/r/kreis-steinfurt/verwaltung/mitglieder/#invitations-heading"' in manage_html
    assert f'href="{WORKSPACE}"' in manage_html
