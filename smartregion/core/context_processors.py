"""What every page's shell needs: the current region, navigation, the person's regions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from smartregion.core.navigation import cycle_navigation, footer_links


def shell(request: HttpRequest) -> dict[str, Any]:
    region = getattr(request, "region", None)
    context: dict[str, Any] = {"current_region": region, "site_name": settings.SITE_NAME}
    user = getattr(request, "user", None)
    roles: list[str] = []
    if user is not None and user.is_authenticated:
        from smartregion.accounts.roles import memberships_by_region

        memberships = memberships_by_region(user)
        context["my_memberships"] = memberships
        membership = memberships.get(region.pk) if region else None
        context["current_membership"] = membership
        roles = sorted(membership.roles) if membership else []
    if region is not None:
        sees_all = bool(user is not None and user.is_authenticated and user.is_superuser)
        context["cycle_navigation"] = cycle_navigation(region, request.path, roles, sees_all)
        context["footer_links"] = footer_links(region)
    return context
