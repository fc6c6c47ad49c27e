"""What events add to the region's start page: the next public events."""

from __future__ import annotations

from django.utils import timezone

from smartregion.core.modules import OverviewPanel
from smartregion.events.models import Event
from smartregion.regions.models import Region


def overview(region: Region) -> OverviewPanel | None:
    now = timezone.now().replace(second=0, microsecond=0)
    coming = list(
        Event.objects.filter(region=region, end__gte=now)
        .public()
        .select_related("region")
        .order_by("start", "pk")[:3]
    )
    if not coming:
        return None
    return OverviewPanel("events/partials/overview.html", {"events": coming}, order=30)
