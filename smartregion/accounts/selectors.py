"""Reads of members and invitations of a region, and of what is held about a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Invitation, Membership, User
from smartregion.core import modules
from smartregion.core.modules import DashboardItem
from smartregion.regions.models import Region


def members_of(region: Region) -> QuerySet[Membership]:
    """A region's memberships with person, municipality and organisation (one query)."""
    return Membership.objects.in_region(region).with_people().order_by("user__name", "user__email")


def roles_of(region: Region, user: User) -> QuerySet[Membership]:
    """Every role a person holds in the region, with municipality and organisation."""
    return Membership.objects.filter(region=region, user=user).with_people().order_by("pk")


def open_invitations_of(region: Region) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(region=region, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("municipality", "organisation")
        .order_by("email")
    )


def open_invitations_for(person: User) -> QuerySet[Invitation]:
    """Open invitations addressed to the person's own e-mail address, in any region, the one that
    expires first first (one query). Accepting one is what turns it into a role."""
    return (
        Invitation.objects.filter(
            email__iexact=person.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("region", "municipality", "organisation")
        .order_by("expires_at", "pk")
    )


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """For those who manage the region's members (module registry): invitations sent and not yet
    accepted while they can still be, due by the first to expire. One query."""
    if not user.has_perm("accounts.manage_members", region):
        return []
    found = open_invitations_of(region).order_by().aggregate(count=Count("pk"), first=Min("expires_at"))
    return [
        DashboardItem(
            _("Einladungen, die noch nicht angenommen wurden"),
            found["count"],
            reverse("accounts:members", kwargs={"region_slug": region.slug}) + "#invitations-heading",
            due=timezone.localdate(found["first"]) if found["first"] else None,
        )
    ]


@dataclass(frozen=True)
class HeldData:
    """What the platform holds about one person ("Meine Daten")."""

    addresses: list[EmailAddress]
    memberships: list[Membership]
    invitations: list[Invitation]
    authenticators: list[str]
    modules: list[modules.PersonalData]


def held_data(person: User) -> HeldData:
    """The person's account, addresses, roles, open invitations, second factors and what every module
    holds about them; the modules look up records made without an account by the addresses the
    person confirmed. A bounded number of queries, whatever the person did."""
    addresses = list(EmailAddress.objects.filter(user=person).order_by("-primary", "email"))
    # As stored and in lower case: addresses are compared exactly by the modules' queries.
    verified = [address.email for address in addresses if address.verified]
    confirmed = frozenset(verified) | frozenset(email.lower() for email in verified)
    memberships = list(
        Membership.objects.filter(user=person)
        .with_people()
        .select_related("region")
        .order_by("region__name", "pk")
    )
    kinds = set(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    authenticators = [str(kind.label) for kind in Authenticator.Type if kind in kinds]
    return HeldData(
        addresses=addresses,
        memberships=memberships,
        invitations=list(open_invitations_for(person)),
        authenticators=authenticators,
        modules=modules.personal_data(person, confirmed),
    )
