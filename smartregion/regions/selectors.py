"""Reads of regions, municipalities and organisations, with bounded query counts.

Counts per region are correlated subqueries over the indexed ``region_id`` columns: a region's
numbers cost one index range scan each, never a join of its municipalities, organisations and
members with one another (that product grew with the largest region to millions of rows).
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from smartregion.regions.models import FederalState, Municipality, Organisation, Region

# What the start page and the API list show of a region; the long legal texts stay in the table.
LIST_FIELDS = ("name", "slug", "federal_state", "official_key")


def count_per_region(model: type[Model]) -> Coalesce:
    """The number of ``model`` rows of the outer query's region, as a scalar subquery."""
    rows = (
        model._default_manager.filter(region=OuterRef("pk"))
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def regions_for_start_page() -> QuerySet[Region]:
    """All regions, by name, with their number of municipalities, in one query per page.

    Only the listed columns are read. The count is a subquery, not a join with GROUP BY, so a
    paginator counts the regions with a plain ``COUNT(*)`` (unused annotations are left out).
    """
    return (
        Region.objects.only(*LIST_FIELDS)
        .annotate(municipality_count=count_per_region(Municipality))
        .order_by("name", "pk")
    )


def federal_state_label(code: str) -> str | Promise:
    """The state's name, translated when shown (``get_federal_state_display`` translates all 16)."""
    return FederalState(code).label if code in FederalState.values else code


def municipalities_of(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name", "pk")


def organisations_of(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name", "pk")


def region_summary(region: Region, *, members: bool = False) -> dict[str, int]:
    """Counts shown on the region's pages, in one query of independent subqueries.

    The number of members is only counted when asked for (the management page); public pages
    do not show it.
    """
    counts = {
        "municipalities": count_per_region(Municipality),
        "organisations": count_per_region(Organisation),
    }
    if members:
        from smartregion.accounts.models import Membership

        counts["members"] = count_per_region(Membership)
    # Named n_…: the keys themselves are reverse relations of Region.
    names = {key: f"n_{key}" for key in counts}
    row = (
        Region.objects.filter(pk=region.pk)
        .annotate(**{names[key]: expression for key, expression in counts.items()})
        .values(*names.values())
        .first()
    ) or {}
    return {key: int(row.get(name) or 0) for key, name in names.items()}
