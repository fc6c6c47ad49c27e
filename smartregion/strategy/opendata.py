"""The fields of action of the region's strategy as open data (``core.modules.OpenDataset``).

The strategy is public as a whole; a region without a strategy has no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from smartregion.core.modules import SitePath
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Goal

COLUMNS = ["id", "name", "kurzname", "reihenfolge", "prioritaet", "beschreibung", "ziele", "url"]


def fields_of_action(region: Region) -> tuple[list[str], Iterator[list[Any]]]:
    """The fields in the strategy's order, each with its goals as lines of text (two queries)."""
    fields = (
        FieldOfAction.objects.filter(strategy__region=region)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("order", "pk")))
    )
    return COLUMNS, _rows(region, fields)


def _rows(region: Region, fields: Any) -> Iterator[list[Any]]:
    for field in fields:
        yield [
            field.pk,
            field.name,
            field.slug,
            field.order,
            field.priority or None,
            field.description,
            "\n".join(goal.text for goal in field.goals.all()),
            SitePath(
                reverse("strategy:field", kwargs={"region_slug": region.slug, "field_slug": field.slug})
            ),
        ]
