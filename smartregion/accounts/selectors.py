"""Reads of members and invitations of a region."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Invitation, Membership, User
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
