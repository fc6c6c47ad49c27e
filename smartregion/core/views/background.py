"""Background tasks that failed and are tried again (``core.background``): a region's series for its
coordinators, every series (also those of no region, such as mails) for staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartregion.core import background
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


@require_GET
@login_required
@region_view
def region_tasks(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "regions.manage_region", region)
    tasks = background.failing_tasks(region_id=region.pk)
    rows = [(task, region) for task in tasks]
    return render(request, "core/background_tasks.html", {"region": region, "rows": rows})


@require_GET
@login_required
def all_tasks(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff and not request.user.is_superuser:
        raise PermissionDenied
    tasks = background.failing_tasks(every_region=True)
    regions = Region.objects.in_bulk({task.region_id for task in tasks if task.region_id})
    rows = [(task, regions.get(task.region_id) if task.region_id else None) for task in tasks]
    return render(request, "core/background_tasks.html", {"rows": rows})
