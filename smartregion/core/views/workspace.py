"""The person's workspace ("Meine Aufgaben") at /aufgaben/: what needs doing now, region by region."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smartregion.accounts.http import AuthenticatedHttpRequest
from smartregion.accounts.selectors import open_invitations_for
from smartregion.core.workspace import tasks_of
from smartregion.regions.selectors import regions_for_start_page

REGIONS_PER_PAGE = 24


@never_cache
@login_required
@require_GET
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    regions = tasks_of(user)
    all_regions = None
    if user.is_superuser:
        # Operators hold no role in most regions: their way into each region's management page.
        all_regions = Paginator(regions_for_start_page(), REGIONS_PER_PAGE).get_page(request.GET.get("seite"))
    context = {
        "regions": regions,
        "item_count": sum(region.item_count for region in regions),
        "invitations": list(open_invitations_for(user)),
        "all_regions": all_regions,
    }
    return render(request, "core/workspace.html", context)
