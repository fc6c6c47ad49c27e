"""Services of accounts: invitations, their acceptance, roles and the last coordinator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregion.accounts import services
from smartregion.accounts.models import Invitation, Membership, Role, User
from smartregion.accounts.tests.factories import InvitationFactory, MembershipFactory
from smartregion.core.events import announce
from smartregion.core.models import AuditEvent

pytestmark = pytest.mark.django_db


# invite_member


def test_invite_member_creates_invitation_and_sends_mail_after_commit(
    steinfurt, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invite_member(
            region=steinfurt, email=" Neu@Example.org ", role=Role.READER, invited_by=coordinator
        )

    assert len([c for c in callbacks if getattr(c, "func", None) is not announce]) == 1  # the mail
    assert invitation.email == "neu@example.org"
    assert invitation.is_open
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert "Kreis Steinfurt" in message.subject
    assert f"/einladung/{invitation.token}/" in message.body
    event = AuditEvent.objects.get(action="invitation.created")
    assert (event.actor, event.region) == (coordinator, steinfurt)
    assert event.details == {"email": "neu@example.org", "role": Role.READER}


def test_invite_member_sends_no_mail_before_commit(
    steinfurt, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.invite_member(
            region=steinfurt, email="neu@example.org", role=Role.READER, invited_by=coordinator
        )

    assert mail.outbox == []


def test_invite_member_for_an_existing_member_is_refused(steinfurt, coordinator, reader):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(
            region=steinfurt, email=reader.email.upper(), role=Role.READER, invited_by=coordinator
        )

    assert excinfo.value.message_dict["email"] == ["Diese Person ist bereits Mitglied der Region."]
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action="invitation.created").exists()


def test_second_open_invitation_to_same_address_is_refused(
    steinfurt, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            region=steinfurt, email="neu@example.org", role=Role.READER, invited_by=coordinator
        )

    with pytest.raises(ValidationError) as excinfo, django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            region=steinfurt, email="NEU@example.org", role=Role.COORDINATOR, invited_by=coordinator
        )

    assert excinfo.value.message_dict["email"] == [
        "An diese Adresse wurde bereits eine Einladung verschickt."
    ]
    assert Invitation.objects.get().role == Role.READER
    assert len(mail.outbox) == 1


def test_expired_invitation_is_replaced_by_a_new_one(steinfurt, coordinator):
    old = InvitationFactory(region=steinfurt, email="neu@example.org", expired=True)

    invitation = services.invite_member(
        region=steinfurt, email="neu@example.org", role=Role.READER, invited_by=coordinator
    )

    assert list(Invitation.objects.all()) == [invitation]
    assert not Invitation.objects.filter(pk=old.pk).exists()


def test_same_address_may_be_invited_into_two_regions(steinfurt, coesfeld, coordinator):
    services.invite_member(
        region=steinfurt, email="neu@example.org", role=Role.READER, invited_by=coordinator
    )
    services.invite_member(region=coesfeld, email="neu@example.org", role=Role.READER, invited_by=coordinator)

    assert Invitation.objects.filter(email="neu@example.org").count() == 2


def test_invite_with_malformed_address_is_refused(steinfurt, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(
            region=steinfurt, email="kein-at-zeichen", role=Role.READER, invited_by=coordinator
        )

    assert "email" in excinfo.value.message_dict
    assert not Invitation.objects.exists()


def test_invite_with_unknown_role_is_refused(steinfurt, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(region=steinfurt, email="neu@example.org", role="king", invited_by=coordinator)

    assert "role" in excinfo.value.message_dict
    assert not Invitation.objects.exists()


def test_invite_officer_without_municipality_is_refused(steinfurt, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(
            region=steinfurt, email="neu@example.org", role=Role.MUNICIPAL_OFFICER, invited_by=coordinator
        )

    assert "municipality" in excinfo.value.message_dict
    assert not Invitation.objects.exists()


def test_invite_with_municipality_of_another_region_is_refused(steinfurt, coordinator, duelmen):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(
            region=steinfurt,
            email="neu@example.org",
            role=Role.MUNICIPAL_OFFICER,
            municipality=duelmen,
            invited_by=coordinator,
        )

    assert excinfo.value.message_dict["municipality"] == ["Diese Kommune gehört nicht zu dieser Region."]
    assert not Invitation.objects.exists()


def test_invite_with_organisation_of_another_region_is_refused(steinfurt, coordinator, coesfeld_agency):
    with pytest.raises(ValidationError) as excinfo:
        services.invite_member(
            region=steinfurt,
            email="neu@example.org",
            role=Role.PROJECT_LEAD,
            organisation=coesfeld_agency,
            invited_by=coordinator,
        )

    assert excinfo.value.message_dict["organisation"] == ["Diese Organisation gehört nicht zu dieser Region."]
    assert not Invitation.objects.exists()


# accept_invitation


def test_accept_invitation_creates_verified_account_and_membership(greven, coordinator):
    invitation = InvitationFactory(
        region=greven.region, email="neu@example.org", role=Role.MUNICIPAL_OFFICER, municipality=greven
    )

    membership = services.accept_invitation(
        invitation=invitation, name="  Neue Person ", password="ein-langes-passwort-42"
    )

    user = User.objects.get(email="neu@example.org")
    assert membership.user == user
    assert user.name == "Neue Person"
    assert user.check_password("ein-langes-passwort-42")
    assert (membership.region, membership.role, membership.municipality) == (
        greven.region,
        Role.MUNICIPAL_OFFICER,
        greven,
    )
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("neu@example.org", True, True)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert not invitation.is_open
    assert AuditEvent.objects.filter(action="membership.created", actor=user, region=greven.region).exists()


def test_logged_in_person_accepts_for_own_account(steinfurt, coesfeld_coordinator):
    invitation = InvitationFactory(region=steinfurt, email=coesfeld_coordinator.email.upper())

    membership = services.accept_invitation(invitation=invitation, user=coesfeld_coordinator)

    assert membership.user == coesfeld_coordinator
    assert Membership.objects.filter(user=coesfeld_coordinator).count() == 2


def test_accept_with_logged_in_user_of_other_address_is_refused(steinfurt, coesfeld_coordinator):
    invitation = InvitationFactory(region=steinfurt, email="jemand-anderes@example.org")

    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(invitation=invitation, user=coesfeld_coordinator)

    assert "jemand-anderes@example.org" in excinfo.value.messages[0]
    assert not Membership.objects.filter(region=steinfurt).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_accept_expired_invitation_is_refused(steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org", expired=True)

    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(invitation=invitation, name="Neu", password="ein-langes-passwort-42")

    assert excinfo.value.messages == ["Diese Einladung ist abgelaufen oder wurde bereits angenommen."]
    assert not User.objects.filter(email="neu@example.org").exists()
    assert not Membership.objects.exists()


def test_accept_invitation_twice_is_refused(steinfurt):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org")
    services.accept_invitation(invitation=invitation, name="Neu", password="ein-langes-passwort-42")

    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, name="Neu", password="ein-langes-passwort-42")

    assert User.objects.filter(email="neu@example.org").count() == 1
    assert Membership.objects.count() == 1


def test_accept_without_login_for_address_with_account_is_refused(steinfurt, coesfeld_coordinator):
    invitation = InvitationFactory(region=steinfurt, email=coesfeld_coordinator.email)

    with pytest.raises(ValidationError) as excinfo:
        services.accept_invitation(invitation=invitation, name="X", password="ein-langes-passwort-42")

    assert "bitte melden sie sich an" in excinfo.value.messages[0].lower()
    assert not Membership.objects.filter(region=steinfurt).exists()


def test_accept_invitation_for_someone_already_member_is_refused(steinfurt, reader):
    invitation = InvitationFactory(region=steinfurt, email=reader.email, role=Role.COORDINATOR)

    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=reader)

    assert Membership.objects.get(user=reader).role == Role.READER
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


# change_membership / remove_membership


def test_change_membership_changes_role_and_records_event(steinfurt, coordinator, reader, greven):
    membership = Membership.objects.get(user=reader)

    services.change_membership(
        membership=membership, actor=coordinator, role=Role.MUNICIPAL_OFFICER, municipality=greven
    )

    membership.refresh_from_db()
    assert (membership.role, membership.municipality) == (Role.MUNICIPAL_OFFICER, greven)
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.details == {"from": Role.READER, "to": Role.MUNICIPAL_OFFICER}
    assert event.actor == coordinator


def test_change_membership_refuses_demoting_the_last_coordinator(coordinator_membership, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        services.change_membership(membership=coordinator_membership, actor=coordinator, role=Role.READER)

    assert excinfo.value.messages == [
        "Die Region braucht mindestens eine Koordinatorin oder einen Koordinator."
    ]
    assert Membership.objects.get(pk=coordinator_membership.pk).role == Role.COORDINATOR
    assert not AuditEvent.objects.filter(action="membership.changed").exists()


def test_change_membership_may_demote_a_coordinator_when_another_remains(
    steinfurt, coordinator_membership, coordinator
):
    MembershipFactory(region=steinfurt, role=Role.COORDINATOR)

    services.change_membership(membership=coordinator_membership, actor=coordinator, role=Role.READER)

    assert Membership.objects.get(pk=coordinator_membership.pk).role == Role.READER


def test_coordinator_of_another_region_does_not_count_as_the_other_coordinator(
    coordinator_membership, coordinator, coesfeld_coordinator
):
    with pytest.raises(ValidationError):
        services.change_membership(membership=coordinator_membership, actor=coordinator, role=Role.READER)

    assert Membership.objects.get(pk=coordinator_membership.pk).role == Role.COORDINATOR


def test_change_membership_to_municipality_of_another_region_is_refused(
    steinfurt, coordinator, reader, duelmen
):
    membership = Membership.objects.get(user=reader)

    with pytest.raises(ValidationError) as excinfo:
        services.change_membership(
            membership=membership, actor=coordinator, role=Role.MUNICIPAL_OFFICER, municipality=duelmen
        )

    assert "municipality" in excinfo.value.message_dict
    membership.refresh_from_db()
    assert (membership.role, membership.municipality) == (Role.READER, None)


def test_change_membership_to_organisation_of_another_region_is_refused(reader, coordinator, coesfeld_agency):
    membership = Membership.objects.get(user=reader)

    with pytest.raises(ValidationError) as excinfo:
        services.change_membership(
            membership=membership, actor=coordinator, role=Role.PROJECT_LEAD, organisation=coesfeld_agency
        )

    assert "organisation" in excinfo.value.message_dict
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == (Role.READER, None)


def test_remove_membership_refuses_removing_the_last_coordinator(coordinator_membership, coordinator):
    with pytest.raises(ValidationError):
        services.remove_membership(membership=coordinator_membership, actor=coordinator)

    assert Membership.objects.filter(pk=coordinator_membership.pk).exists()
    assert not AuditEvent.objects.filter(action="membership.removed").exists()


def test_remove_membership_removes_and_records_event(steinfurt, coordinator, reader):
    membership = Membership.objects.get(user=reader)

    services.remove_membership(membership=membership, actor=coordinator)

    assert not Membership.objects.filter(user=reader).exists()
    assert User.objects.filter(pk=reader.pk).exists()
    event = AuditEvent.objects.get(action="membership.removed")
    assert event.details == {"email": reader.email, "role": Role.READER}
    assert event.region == steinfurt


def test_add_member_twice_in_one_region_is_refused(steinfurt, reader):
    with pytest.raises(ValidationError):
        services.add_member(region=steinfurt, user=reader, role=Role.COORDINATOR)

    assert Membership.objects.filter(user=reader).count() == 1


def test_withdraw_invitation_deletes_it_and_records_event(steinfurt, coordinator):
    invitation = InvitationFactory(region=steinfurt, email="neu@example.org")

    services.withdraw_invitation(invitation=invitation, actor=coordinator)

    assert not Invitation.objects.exists()
    assert AuditEvent.objects.get(action="invitation.withdrawn").details == {"email": "neu@example.org"}


def test_invitation_is_open_until_it_expires(steinfurt):
    invitation = InvitationFactory(region=steinfurt)
    assert invitation.is_open

    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    assert not invitation.is_open
