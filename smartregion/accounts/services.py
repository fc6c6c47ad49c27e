"""Every write to people, memberships and invitations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Invitation, Membership, Role, User
from smartregion.accounts.roles import forget_memberships
from smartregion.accounts.selectors import confirmed_addresses
from smartregion.core import modules
from smartregion.core.mail import send_mail
from smartregion.core.models import AuditEvent, record_event
from smartregion.core.modules import Erased
from smartregion.regions.models import AfterAccountDeletion, LegalDetails, Municipality, Organisation, Region


def _check_scope(
    *, region: Region, role: str, municipality: Municipality | None, organisation: Organisation | None
) -> None:
    """A role's municipality and organisation must belong to the same region."""
    if role not in Role.values:
        raise ValidationError({"role": _("Bitte wählen Sie eine gültige Rolle.")})
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("Diese Kommune gehört nicht zu dieser Region.")})
    if organisation is not None and organisation.region_id != region.pk:
        raise ValidationError({"organisation": _("Diese Organisation gehört nicht zu dieser Region.")})
    if role == Role.MUNICIPAL_OFFICER and municipality is None:
        raise ValidationError(
            {"municipality": _("Digitalisierungsbeauftragte brauchen die Kommune, für die sie handeln.")}
        )


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    return email


@transaction.atomic
def add_member(
    *,
    region: Region,
    user: User,
    role: str,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
    actor: Any = None,
) -> Membership:
    """Give a person a role in a region. Raises ValidationError if they already have one there."""
    _check_scope(region=region, role=role, municipality=municipality, organisation=organisation)
    if Membership.objects.filter(region=region, user=user).exists():
        raise ValidationError({"email": _("Diese Person ist bereits Mitglied der Region.")})
    return _grant(region, user, role, municipality, organisation, actor)


def _grant(
    region: Region,
    user: User,
    role: str,
    municipality: Municipality | None,
    organisation: Organisation | None,
    actor: Any,
) -> Membership:
    membership = Membership.objects.create(
        region=region, user=user, role=role, municipality=municipality, organisation=organisation
    )
    forget_memberships(user)
    record_event(
        action="membership.created", obj=membership, actor=actor, region=region, details={"role": role}
    )
    return membership


def _refuse_a_role_held_already(
    *, region: Region, user: User, role: str, municipality: Municipality | None, exclude_pk: int | None = None
) -> None:
    same = Membership.objects.filter(region=region, user=user, role=role, municipality=municipality)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"role": _("Diese Person hat diese Rolle in der Region bereits.")})


@transaction.atomic
def add_role(
    *,
    member: Membership,
    actor: User,
    role: str,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
) -> Membership:
    """Give a person who already has a role in the region another one (e.g. a committee member who
    is also the officer of their municipality)."""
    region, user = member.region, member.user
    _check_scope(region=region, role=role, municipality=municipality, organisation=organisation)
    _refuse_a_role_held_already(region=region, user=user, role=role, municipality=municipality)
    return _grant(region, user, role, municipality, organisation, actor)


def invite_member(
    *,
    region: Region,
    email: str,
    role: str,
    invited_by: User,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
) -> Invitation:
    """Invite an address into the region with a role and send the invitation mail after commit.

    Refuses an address that is already a member or already has an open invitation.
    """
    email = _normalise_email(email)
    _check_scope(region=region, role=role, municipality=municipality, organisation=organisation)
    with transaction.atomic():
        if Membership.objects.filter(region=region, user__email__iexact=email).exists():
            raise ValidationError({"email": _("Diese Person ist bereits Mitglied der Region.")})
        Invitation.objects.filter(region=region, email=email, accepted_at__isnull=True).filter(
            expires_at__lte=timezone.now()
        ).delete()
        if Invitation.objects.filter(region=region, email=email, accepted_at__isnull=True).exists():
            raise ValidationError({"email": _("An diese Adresse wurde bereits eine Einladung verschickt.")})
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    region=region,
                    email=email,
                    role=role,
                    municipality=municipality,
                    organisation=organisation,
                    invited_by=invited_by,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"email": _("An diese Adresse wurde bereits eine Einladung verschickt.")}
            ) from exc
        record_event(
            action="invitation.created",
            obj=invitation,
            actor=invited_by,
            region=region,
            details={"email": email, "role": role},
        )
        transaction.on_commit(lambda: _send_invitation_mail(invitation.pk))
    return invitation


def _send_invitation_mail(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("region", "invited_by").get(pk=invitation_id)
    link = settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": invitation.token})
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=_("Einladung in die Smart Region %(region)s") % {"region": invitation.region.name},
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: User | None = None, name: str = "", password: str = ""
) -> Membership:
    """Turn an open invitation into a membership.

    A logged-in person accepts for their own account (the addresses must match). Without
    an account, one is created with ``name`` and ``password``; the invitation link proves
    the address, so it counts as verified.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("Diese Einladung ist abgelaufen oder wurde bereits angenommen."))
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _("Diese Einladung gilt für %(email)s. Bitte melden Sie sich mit dieser Adresse an.")
                % {"email": invitation.email}
            )
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("Zu dieser Adresse gibt es schon ein Konto. Bitte melden Sie sich an."))
        user = User.objects.create_user(invitation.email, password, name=name.strip())
        mark_email_verified(user)
    membership = add_member(
        region=invitation.region,
        user=user,
        role=invitation.role,
        municipality=invitation.municipality,
        organisation=invitation.organisation,
        actor=user,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def mark_email_verified(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, actor: User) -> None:
    """Delete an open invitation; its link stops working."""
    record_event(
        action="invitation.withdrawn",
        obj=invitation,
        actor=actor,
        region=invitation.region,
        details={"email": invitation.email},
    )
    invitation.delete()


@transaction.atomic
def change_membership(
    *,
    membership: Membership,
    actor: User,
    role: str,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
) -> Membership:
    """Change a member's role (and its municipality or organisation).

    The last coordinator of a region cannot give up that role, so a region always has one.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_scope(region=membership.region, role=role, municipality=municipality, organisation=organisation)
    _refuse_a_role_held_already(
        region=membership.region,
        user=membership.user,
        role=role,
        municipality=municipality,
        exclude_pk=membership.pk,
    )
    if membership.role == Role.COORDINATOR and role != Role.COORDINATOR:
        _refuse_if_last_coordinator(membership)
    old_role = membership.role
    membership.role = role
    membership.municipality = municipality
    membership.organisation = organisation
    membership.save()
    forget_memberships(membership.user)
    record_event(
        action="membership.changed",
        obj=membership,
        actor=actor,
        region=membership.region,
        details={"from": old_role, "to": role},
    )
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, actor: User) -> None:
    """Take one role from a person (out of the region with their last one); the last coordinator
    role of a region cannot be removed, not even by its holder."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.COORDINATOR:
        _refuse_if_last_coordinator(membership)
    record_event(
        action="membership.removed",
        obj=membership,
        actor=actor,
        region=membership.region,
        details={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()
    forget_memberships(membership.user)


def _refuse_if_last_coordinator(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(region_id=membership.region_id, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("Die Region braucht mindestens eine Koordinatorin oder einen Koordinator."))


def regions_left_without_coordinator(person: User) -> list[Region]:
    """The regions in which the person is the only coordinator: they cannot delete their account yet."""
    theirs = Membership.objects.filter(user=person, role=Role.COORDINATOR).values_list("region_id", flat=True)
    others = (
        Membership.objects.filter(region_id__in=list(theirs), role=Role.COORDINATOR)
        .exclude(user=person)
        .values_list("region_id", flat=True)
    )
    return list(Region.objects.filter(pk__in=list(theirs)).exclude(pk__in=list(others)).order_by("name"))


def _removing_regions() -> set[int]:
    return set(
        LegalDetails.objects.filter(after_account_deletion=AfterAccountDeletion.REMOVE).values_list(
            "region_id", flat=True
        )
    )


@transaction.atomic
def delete_account(*, person: User, password: str) -> list[Erased]:
    """The person deletes their own account (Art. 17 DSGVO). Their contributions in each region are
    removed or kept anonymised, as the region's legal details say; survey answers were never linked to
    them and stay. Their addresses leave the change log; the entry of the deletion names no one.

    Refused, changing nothing, with a wrong password or while they are a region's only coordinator.
    """
    if not password or not person.check_password(password):
        raise ValidationError({"password": _("Das Passwort ist nicht richtig.")})
    # Lock the person's coordinator roles, so a colleague cannot leave at the same moment.
    list(Membership.objects.select_for_update().filter(user=person, role=Role.COORDINATOR))
    alone = regions_left_without_coordinator(person)
    if alone:
        raise ValidationError(
            _(
                "Sie sind die einzige Koordination in %(regions)s. Geben Sie die Rolle zuerst an eine andere "
                "Person weiter; danach können Sie Ihr Konto löschen."
            )
            % {"regions": ", ".join(region.name for region in alone)},
            code="last_coordinator",
        )
    emails = confirmed_addresses(person) | {person.email, person.email.lower()}
    removing = _removing_regions()
    erased = modules.personal_erase(person, frozenset(emails), lambda region_id: region_id in removing)
    # Invitations to the person's addresses, accepted ones included, name them; they go too.
    Invitation.objects.filter(email__in=sorted(emails)).delete()
    for entry in AuditEvent.objects.filter(details__email__in=sorted(emails)):
        entry.details = {**entry.details, "email": ""}
        entry.save(update_fields=["details"])
    record_event(
        action="account.deleted",
        obj=person,
        details={
            "removed": sum(item.removed for item in erased),
            "anonymised": sum(item.anonymised for item in erased),
        },
    )
    person.delete()
    return erased
