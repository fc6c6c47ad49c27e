"""Who holds which roles where: the one place that reads memberships for permission checks.

A person may hold several roles in a region (a committee member who is also a municipal
officer): each role is one ``Membership`` row, tied to a municipality or organisation where
the role needs one. ``RegionRoles`` gathers a person's rows of one region; rules ask it
"has any role that may …".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartregion.accounts.models import Membership
    from smartregion.regions.models import Region

MEMBERSHIPS_CACHE = "_smartregion_memberships"

COORDINATOR = "coordinator"
MUNICIPAL_OFFICER = "officer"
PROJECT_LEAD = "project_lead"


@dataclass(frozen=True)
class RegionRoles:
    """A person's roles in one region (at least one)."""

    memberships: tuple[Membership, ...]

    @property
    def region(self) -> Region:
        return self.memberships[0].region

    @property
    def region_id(self) -> int:
        return int(self.memberships[0].region_id)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has(self, *roles: str) -> bool:
        """Whether the person holds any of these roles here."""
        return any(m.role in roles for m in self.memberships)

    @property
    def is_coordinator(self) -> bool:
        return self.has(COORDINATOR)

    @property
    def officer_municipality_ids(self) -> frozenset[int]:
        """The municipalities the person acts for as digitalisation officer."""
        return frozenset(
            m.municipality_id for m in self.memberships if m.role == MUNICIPAL_OFFICER and m.municipality_id
        )

    @property
    def lead_organisation_ids(self) -> frozenset[int]:
        """The organisations the person leads projects for."""
        return frozenset(
            m.organisation_id for m in self.memberships if m.role == PROJECT_LEAD and m.organisation_id
        )

    @property
    def roles_display(self) -> str:
        return ", ".join(str(m.get_role_display()) for m in self.memberships)


def memberships_by_region(user: Any) -> dict[int, RegionRoles]:
    """The user's roles keyed by region id; read once per user object (one query)."""
    if user is None or not user.is_authenticated:
        return {}
    if getattr(user, MEMBERSHIPS_CACHE, None) is None:
        from smartregion.accounts.models import Membership

        found = Membership.objects.filter(user=user).select_related("region", "municipality").order_by("pk")
        set_memberships(user, list(found))
    return getattr(user, MEMBERSHIPS_CACHE)


def set_memberships(user: Any, memberships: list[Membership]) -> None:
    """Use these memberships for the user's checks (an API token limits a person to one region)."""
    rows: dict[int, list[Membership]] = {}
    for m in memberships:
        rows.setdefault(m.region_id, []).append(m)
    setattr(
        user, MEMBERSHIPS_CACHE, {region_id: RegionRoles(tuple(found)) for region_id, found in rows.items()}
    )


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after a change, so the next check reads them anew."""
    if hasattr(user, MEMBERSHIPS_CACHE):
        delattr(user, MEMBERSHIPS_CACHE)


def membership_in(user: Any, region_id: int | None) -> RegionRoles | None:
    """The person's roles in the region, None when they hold none there."""
    if region_id is None:
        return None
    return memberships_by_region(user).get(region_id)


def lacks_required_totp(user: Any) -> bool:
    """A coordinator without TOTP while the setting requires it: such a person (and their API
    tokens) may not work until TOTP is set up. Asked on every request of a coordinator (one
    indexed query), so removing TOTP takes effect at once."""
    from django.conf import settings

    if not settings.REQUIRE_MFA_FOR_COORDINATORS:
        return False
    if not any(roles.is_coordinator for roles in memberships_by_region(user).values()):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
