"""Who holds which role where: the one place that reads memberships for permission checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartregion.accounts.models import Membership

MEMBERSHIPS_CACHE = "_smartregion_memberships"


def memberships_by_region(user: Any) -> dict[int, Membership]:
    """The user's memberships keyed by region id; read once per user object (one query)."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, MEMBERSHIPS_CACHE, None)
    if cached is None:
        from smartregion.accounts.models import Membership

        cached = {
            m.region_id: m
            for m in Membership.objects.filter(user=user).select_related("region", "municipality")
        }
        setattr(user, MEMBERSHIPS_CACHE, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after a change, so the next check reads them anew."""
    if hasattr(user, MEMBERSHIPS_CACHE):
        delattr(user, MEMBERSHIPS_CACHE)


def membership_in(user: Any, region_id: int | None) -> Membership | None:
    if region_id is None:
        return None
    return memberships_by_region(user).get(region_id)
