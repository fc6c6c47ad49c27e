"""Member management and invitations over HTTP."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from smartregion.accounts.models import Invitation, Membership, Role, User
from smartregion.accounts.tests.factories import InvitationFactory, MembershipFactory
from smartregion.core.models import AuditEvent

pytestmark = pytest.mark.django_db

MEMBERS = "/r/kreis-steinfurt/verwaltung/mitglieder/"


def _memberships() -> list[tuple[object, ...]]:
    return list(
        Membership.objects.order_by("pk").values_list("user_id", "region_id", "role", "municipality_id")
    )


# Access


def test_anonymous_get_of_member_list_redirects_to_login(client, steinfurt):
    response = client.get(MEMBERS)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={MEMBERS}"


def test_reader_cannot_see_member_management(login, reader):
    assert login(reader).get(MEMBERS).status_code == 403


def test_officer_cannot_manage_members_of_other_region(login, officer, coesfeld_coordinator, coesfeld):
    client = login(officer)
    membership = Membership.objects.get(user=coesfeld_coordinator)
    invitation = InvitationFactory(region=coesfeld, email="offen@example.org")
    before = _memberships()

    responses = [
        client.get("/r/kreis-coesfeld/verwaltung/mitglieder/"),
        client.post("/r/kreis-coesfeld/verwaltung/mitglieder/", {"email": "x@example.org", "role": "reader"}),
        client.get(f"/r/kreis-coesfeld/verwaltung/mitglieder/{membership.pk}/"),
        client.post(f"/r/kreis-coesfeld/verwaltung/mitglieder/{membership.pk}/", {"role": "reader"}),
        client.post(f"/r/kreis-coesfeld/verwaltung/mitglieder/{membership.pk}/entfernen/"),
        client.post(f"/r/kreis-coesfeld/verwaltung/einladungen/{invitation.pk}/zurueckziehen/"),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    assert _memberships() == before
    assert list(Invitation.objects.values_list("email", flat=True)) == ["offen@example.org"]
    assert mail.outbox == []


def test_coordinator_cannot_reach_membership_of_other_region_via_url(
    login, coordinator, coesfeld_coordinator
):
    membership = Membership.objects.get(user=coesfeld_coordinator)
    client = login(coordinator)

    assert client.get(f"{MEMBERS}{membership.pk}/").status_code == 404
    assert client.post(f"{MEMBERS}{membership.pk}/entfernen/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_coordinator_cannot_withdraw_invitation_of_other_region(login, coordinator, coesfeld):
    invitation = InvitationFactory(region=coesfeld)

    response = login(coordinator).post(
        f"/r/kreis-steinfurt/verwaltung/einladungen/{invitation.pk}/zurueckziehen/"
    )

    assert response.status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# Inviting


def test_coordinator_sees_members_and_open_invitations(login, coordinator, officer, steinfurt):
    InvitationFactory(region=steinfurt, email="offen@example.org")
    InvitationFactory(region=steinfurt, email="abgelaufen@example.org", expired=True)

    response = login(coordinator).get(MEMBERS)

    content = response.content.decode()
    assert response.status_code == 200
    assert officer.email in content
    assert "Greven" in content
    assert "offen@example.org" in content
    assert "abgelaufen@example.org" not in content


def test_coordinator_invites_member(login, coordinator, greven, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            MEMBERS,
            {"email": "neu@greven.example", "role": Role.MUNICIPAL_OFFICER, "municipality": greven.pk},
        )

    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.municipality) == (
        "neu@greven.example",
        Role.MUNICIPAL_OFFICER,
        greven,
    )
    assert invitation.invited_by == coordinator
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@greven.example"]
    assert invitation.token in mail.outbox[0].body


def test_invite_of_existing_member_shows_german_error(
    login, coordinator, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(MEMBERS, {"email": reader.email, "role": Role.READER})

    assert response.status_code == 400
    assert "Diese Person ist bereits Mitglied der Region." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_with_forged_municipality_of_other_region_is_a_form_error(
    login, coordinator, duelmen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            MEMBERS, {"email": "neu@example.org", "role": Role.MUNICIPAL_OFFICER, "municipality": duelmen.pk}
        )

    assert response.status_code == 400
    assert "municipality" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_with_forged_organisation_of_other_region_is_a_form_error(login, coordinator, coesfeld_agency):
    response = login(coordinator).post(
        MEMBERS, {"email": "neu@example.org", "role": Role.PROJECT_LEAD, "organisation": coesfeld_agency.pk}
    )

    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_invite_officer_without_municipality_shows_german_error(login, coordinator):
    response = login(coordinator).post(MEMBERS, {"email": "neu@example.org", "role": Role.MUNICIPAL_OFFICER})

    assert response.status_code == 400
    assert (
        "Digitalisierungsbeauftragte brauchen die Kommune, für die sie handeln." in response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_coordinator_withdraws_invitation_after_confirming(login, coordinator, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="offen@example.org")
    url = f"/r/kreis-steinfurt/verwaltung/einladungen/{invitation.pk}/zurueckziehen/"
    client = login(coordinator)

    asked = client.get(url)
    one_click = client.post(url)
    assert "Einladung an offen@example.org zurückziehen?" in asked.text
    assert "Einladung an offen@example.org zurückziehen?" in one_click.text
    assert Invitation.objects.exists()

    response = client.post(url, {"bestaetigt": "1"})

    assert response.status_code == 302
    assert not Invitation.objects.exists()


# Changing roles


def test_coordinator_changes_role(login, coordinator, reader, greven):
    membership = Membership.objects.get(user=reader)

    response = login(coordinator).post(
        f"{MEMBERS}{membership.pk}/", {"role": Role.MUNICIPAL_OFFICER, "municipality": greven.pk}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.municipality) == (Role.MUNICIPAL_OFFICER, greven)


def test_change_role_with_forged_municipality_of_other_region_is_refused(login, coordinator, reader, duelmen):
    membership = Membership.objects.get(user=reader)
    before = _memberships()

    response = login(coordinator).post(
        f"{MEMBERS}{membership.pk}/", {"role": Role.MUNICIPAL_OFFICER, "municipality": duelmen.pk}
    )

    assert response.status_code == 400
    assert _memberships() == before


def test_last_coordinator_cannot_demote_themselves(login, coordinator, coordinator_membership):
    response = login(coordinator).post(f"{MEMBERS}{coordinator_membership.pk}/", {"role": Role.READER})

    assert response.status_code == 400
    assert (
        "Die Region braucht mindestens eine Koordinatorin oder einen Koordinator."
        in response.content.decode()
    )
    assert Membership.objects.get(pk=coordinator_membership.pk).role == Role.COORDINATOR


def test_last_coordinator_cannot_be_removed(login, coordinator, coordinator_membership):
    response = login(coordinator).post(
        f"{MEMBERS}{coordinator_membership.pk}/entfernen/", {"bestaetigt": "1"}, follow=True
    )

    assert (
        "Die Region braucht mindestens eine Koordinatorin oder einen Koordinator."
        in response.content.decode()
    )
    assert Membership.objects.filter(pk=coordinator_membership.pk).exists()


def test_coordinator_removes_member(login, coordinator, reader):
    membership = Membership.objects.get(user=reader)

    response = login(coordinator).post(f"{MEMBERS}{membership.pk}/entfernen/", {"bestaetigt": "1"})

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed", actor=coordinator).exists()


def test_removing_a_member_asks_first_and_changes_nothing_until_confirmed(login, coordinator, reader):
    membership = Membership.objects.get(user=reader)
    client = login(coordinator)
    before = _memberships()

    asked = client.get(f"{MEMBERS}{membership.pk}/entfernen/")
    one_click = client.post(f"{MEMBERS}{membership.pk}/entfernen/")
    forged = client.post(f"{MEMBERS}{membership.pk}/entfernen/", {"bestaetigt": "ja"})

    for answer in (asked, one_click, forged):
        assert answer.status_code == 200
        assert f"{reader} aus der Region entfernen?" in answer.text
        assert "Das Konto der Person bleibt bestehen" in answer.text
        assert 'name="bestaetigt" value="1"' in answer.text
    assert _memberships() == before
    assert not AuditEvent.objects.filter(action="membership.removed").exists()


# Accepting an invitation


def test_invitation_page_shows_form_for_new_person(client, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org")

    response = client.get(f"/einladung/{invitation.token}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Einladung in die Region Kreis Steinfurt" in content
    assert 'name="password"' in content


def test_new_person_accepts_invitation_and_is_logged_in(client, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org", role=Role.COMMITTEE_MEMBER)

    response = client.post(
        f"/einladung/{invitation.token}/", {"name": "Neue Person", "password": "ein-langes-passwort-42"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/r/kreis-steinfurt/"
    user = User.objects.get(email="neu@example.org")
    assert Membership.objects.get(user=user).role == Role.COMMITTEE_MEMBER
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/r/kreis-steinfurt/").context["user"] == user


def test_accept_with_weak_password_creates_nothing(client, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org")

    response = client.post(f"/einladung/{invitation.token}/", {"name": "Neu", "password": "123"})

    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="neu@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_unknown_invitation_token_is_404(client, steinfurt):
    InvitationFactory(region=steinfurt)

    assert client.get("/einladung/falsches-token/").status_code == 404
    assert (
        client.post(
            "/einladung/falsches-token/", {"name": "X", "password": "ein-langes-passwort-42"}
        ).status_code
        == 404
    )
    assert not Membership.objects.exists()


def test_expired_invitation_cannot_be_accepted(client, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org", expired=True)

    page = client.get(f"/einladung/{invitation.token}/")
    response = client.post(
        f"/einladung/{invitation.token}/", {"name": "Neu", "password": "ein-langes-passwort-42"}
    )

    assert "Diese Einladung ist abgelaufen oder wurde bereits angenommen." in page.content.decode()
    assert response.status_code == 400
    assert not User.objects.filter(email="neu@example.org").exists()
    assert not Membership.objects.exists()


def test_logged_in_person_with_other_address_cannot_accept(login, coesfeld_coordinator, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="jemand@example.org")

    response = login(coesfeld_coordinator).post(f"/einladung/{invitation.token}/")

    assert response.status_code == 400
    assert "Diese Einladung gilt für jemand@example.org." in response.content.decode()
    assert not Membership.objects.filter(region=steinfurt).exists()


def test_logged_in_person_accepts_with_own_account(login, coesfeld_coordinator, steinfurt):
    invitation = InvitationFactory(region=steinfurt, email=coesfeld_coordinator.email, role=Role.READER)

    response = login(coesfeld_coordinator).post(f"/einladung/{invitation.token}/")

    assert response.status_code == 302
    assert Membership.objects.get(user=coesfeld_coordinator, region=steinfurt).role == Role.READER


def test_member_list_with_60_members_needs_few_queries(
    login, coordinator, steinfurt, greven, smart_region_office, django_assert_max_num_queries
):
    for i in range(60):
        if i % 2:
            MembershipFactory(region=steinfurt, role=Role.MUNICIPAL_OFFICER, municipality=greven)
        else:
            MembershipFactory(region=steinfurt, role=Role.PROJECT_LEAD, organisation=smart_region_office)
    InvitationFactory.create_batch(10, region=steinfurt, role=Role.MUNICIPAL_OFFICER, municipality=greven)
    client = login(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(MEMBERS)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 61
    assert response.content.decode().count("Rolle ändern") == 50


def test_invitation_link_with_nul_byte_is_404(client, steinfurt):
    InvitationFactory(region=steinfurt)

    assert client.get("/einladung/abc%00def/").status_code == 404
