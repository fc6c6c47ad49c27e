"""What the strategy adds to the region's start page: its vision and its fields of action."""

from __future__ import annotations

from smartregion.core.modules import OverviewPanel
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Strategy


def overview(region: Region) -> OverviewPanel | None:
    strategy = Strategy.objects.filter(region=region).first()
    if strategy is None:
        return None
    fields = (
        FieldOfAction.objects.filter(strategy=strategy).order_by("order", "pk").only("name", "slug", "colour")
    )
    return OverviewPanel(
        "strategy/partials/overview.html", {"strategy": strategy, "fields": list(fields)}, order=10
    )
