"""Reads of members and invitations of a region."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from smartregion.accounts.models import Invitation, Membership, User
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
