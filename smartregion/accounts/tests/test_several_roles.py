"""A person may hold several roles in a region; rules ask whether any of them may act."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregion.accounts import services
from smartregion.accounts.models import Membership, Role
from smartregion.accounts.roles import forget_memberships, membership_in
from smartregion.core.models import AuditEvent

pytestmark = pytest.mark.django_db

MEMBERS = "/r/kreis-steinfurt/verwaltung/mitglieder/"


@pytest.fixture
def committee_member(steinfurt):
    from smartregion.accounts.tests.factories import MembershipFactory

    return MembershipFactory(region=steinfurt, role=Role.COMMITTEE_MEMBER)


def test_a_committee_member_becomes_officer_too_and_gains_the_officers_rights(
    steinfurt, greven, coordinator, committee_member
):
    person = committee_member.user
    assert not person.has_perm("regions.change_municipality", greven)

    services.add_role(
        member=committee_member, actor=coordinator, role=Role.MUNICIPAL_OFFICER, municipality=greven
    )
    forget_memberships(person)

    roles = membership_in(person, steinfurt.pk)
    assert roles is not None
    assert roles.roles == {Role.COMMITTEE_MEMBER, Role.MUNICIPAL_OFFICER}
    assert person.has_perm("regions.change_municipality", greven)
    assert not person.has_perm("regions.add_municipality", steinfurt), "officer and committee: no coordinator"
    assert AuditEvent.objects.filter(
        action="membership.created", details__role=Role.MUNICIPAL_OFFICER
    ).exists()


def test_a_role_held_already_is_refused_in_german(steinfurt, coordinator, committee_member):
    with pytest.raises(ValidationError) as refused:
        services.add_role(member=committee_member, actor=coordinator, role=Role.COMMITTEE_MEMBER)

    assert refused.value.message_dict["role"] == ["Diese Person hat diese Rolle in der Region bereits."]
    assert Membership.objects.filter(user=committee_member.user).count() == 1


@pytest.mark.parametrize("bad", ["unknown_role", "foreign_municipality", "officer_without_municipality"])
def test_bad_roles_are_refused_and_change_nothing(steinfurt, duelmen, coordinator, committee_member, bad):
    arguments = {
        "unknown_role": {"role": "kaiser"},
        "foreign_municipality": {"role": Role.MUNICIPAL_OFFICER, "municipality": duelmen},
        "officer_without_municipality": {"role": Role.MUNICIPAL_OFFICER},
    }[bad]

    with pytest.raises(ValidationError):
        services.add_role(member=committee_member, actor=coordinator, **arguments)

    assert Membership.objects.filter(user=committee_member.user).count() == 1


def test_the_last_coordinator_cannot_give_up_that_role_even_holding_others(
    steinfurt, greven, coordinator_membership
):
    coordinator = coordinator_membership.user
    services.add_role(
        member=coordinator_membership, actor=coordinator, role=Role.MUNICIPAL_OFFICER, municipality=greven
    )

    with pytest.raises(ValidationError, match="mindestens eine Koordinatorin"):
        services.remove_membership(membership=coordinator_membership, actor=coordinator)

    assert Membership.objects.filter(user=coordinator, role=Role.COORDINATOR).exists()


def test_removing_one_role_keeps_the_others(login, steinfurt, greven, coordinator, committee_member):
    officer_role = services.add_role(
        member=committee_member, actor=coordinator, role=Role.MUNICIPAL_OFFICER, municipality=greven
    )

    client = login(coordinator)
    asked = client.get(f"{MEMBERS}{officer_role.pk}/entfernen/")
    assert "Die andere Rolle in dieser Region bleibt bestehen." in asked.text

    answer = client.post(f"{MEMBERS}{officer_role.pk}/entfernen/", {"bestaetigt": "1"}, follow=True)

    assert "Die Rolle „Digitalisierungsbeauftragte:r der Kommune“" in answer.text
    assert list(Membership.objects.filter(user=committee_member.user).values_list("role", flat=True)) == [
        Role.COMMITTEE_MEMBER
    ]


def test_member_management_shows_and_adds_roles(login, steinfurt, greven, coordinator, committee_member):
    client = login(coordinator)
    page = f"{MEMBERS}{committee_member.pk}/"

    added = client.post(
        f"{page}rolle-hinzufuegen/",
        {"neu-role": Role.MUNICIPAL_OFFICER, "neu-municipality": greven.pk},
        follow=True,
    )

    assert "hat jetzt auch die Rolle „Digitalisierungsbeauftragte:r der Kommune“" in added.text
    shown = client.get(page).text
    assert "Mitglied im Lenkungsausschuss" in shown
    assert "Digitalisierungsbeauftragte:r der Kommune – Greven" in shown
    assert client.get(MEMBERS).text.count(committee_member.user.email) == 2


def test_a_forged_municipality_of_another_region_is_refused_on_the_page(
    login, steinfurt, duelmen, coordinator, committee_member
):
    answer = login(coordinator).post(
        f"{MEMBERS}{committee_member.pk}/rolle-hinzufuegen/",
        {"neu-role": Role.MUNICIPAL_OFFICER, "neu-municipality": duelmen.pk},
    )

    assert answer.status_code == 400
    assert "keine gültige Auswahl" in answer.text
    assert Membership.objects.filter(user=committee_member.user).count() == 1


def test_only_coordinators_of_the_region_add_roles(
    login, steinfurt, reader, coesfeld_coordinator, committee_member
):
    url = f"{MEMBERS}{committee_member.pk}/rolle-hinzufuegen/"
    data = {"neu-role": Role.READER}

    assert login(reader).post(url, data).status_code == 403
    assert login(coesfeld_coordinator).post(url, data).status_code == 403
    assert Membership.objects.filter(user=committee_member.user).count() == 1
