"""Permissions on people and roles, and the predicates other apps build on."""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.models import Membership
from smartregion.accounts.roles import membership_in


def _region_id(obj: Any) -> int | None:
    """The region an object belongs to: a Region, or anything with a ``region_id``."""
    if obj is None:
        return None
    if obj._meta.label_lower == "regions.region":
        return int(obj.pk)
    region_id = getattr(obj, "region_id", None)
    return int(region_id) if region_id is not None else None


@rules.predicate
def is_region_member(user: Any, obj: Any) -> bool:
    return membership_in(user, _region_id(obj)) is not None


@rules.predicate
def is_region_coordinator(user: Any, obj: Any) -> bool:
    roles = membership_in(user, _region_id(obj))
    return roles is not None and roles.is_coordinator


@rules.predicate
def is_officer_of_municipality(user: Any, municipality: Any) -> bool:
    if municipality is None:
        return False
    roles = membership_in(user, municipality.region_id)
    return roles is not None and municipality.pk in roles.officer_municipality_ids


@rules.predicate
def is_own_membership(user: Any, membership: Membership | None) -> bool:
    return membership is not None and membership.user_id == getattr(user, "pk", None)


rules.add_perm("accounts.manage_members", is_region_coordinator | rules.is_superuser)
rules.add_perm("accounts.view_members", is_region_member | rules.is_superuser)
rules.add_perm("accounts.manage_api_tokens", is_region_coordinator | rules.is_superuser)
