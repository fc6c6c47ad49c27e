"""Reads of regions, municipalities and organisations, with bounded query counts.

Counts per region are separate counts over the indexed ``region_id`` columns: a region's numbers
cost one index range scan each, never a join of its municipalities, organisations and members with
one another (that product grew with the largest region to millions of rows). They are plain SQL:
on the hottest public pages, compiling the equivalent ORM subqueries took more time than running
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import Promise

from smartregion.core import modules as platform_modules
from smartregion.regions import legal
from smartregion.regions.models import FederalState, LegalDetails, Municipality, Organisation, Region

# What the start page and the API list show of a region; the long legal texts stay in the table.
LIST_FIELDS = ("name", "slug", "federal_state", "official_key")


def _region_column(model: type[Model]) -> str:
    return str(model._meta.get_field("region").column)  # type: ignore[union-attr]


def _count_sql(model: type[Model], quote: Any) -> str:
    table = quote(model._meta.db_table)
    column = quote(_region_column(model))
    return f"SELECT COUNT(*) FROM {table} WHERE {column} = %s"  # noqa: S608 - quoted model names only


def counts_per_region(region_ids: Iterable[int], model: type[Model] = Municipality) -> dict[int, int]:
    """Number of ``model`` rows per region, for the given regions, in one grouped query."""
    ids = sorted(set(region_ids))
    if not ids:
        return {}
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    column = quote(_region_column(model))
    placeholders = ", ".join(["%s"] * len(ids))
    table = quote(model._meta.db_table)
    # Only quoted names of the model go into the text; the ids are parameters.
    sql = f"SELECT {column}, COUNT(*) FROM {table} WHERE {column} IN ({placeholders})"  # noqa: S608
    sql += f" GROUP BY {column}"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {int(region_id): int(n) for region_id, n in cursor.fetchall()}


class RegionsWithMunicipalityCounts(QuerySet[Region]):
    """Regions that get ``municipality_count`` once they are read: one grouped count over the
    regions of the page (a slice of 24 or 50), not a count for all regions.

    Counting and slicing stay those of a plain queryset, so a paginator counts the regions with a
    plain ``COUNT(*)``. ``iterator()`` reads without the counts.
    """

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._iterable_class is ModelIterable and self._result_cache:
            regions: list[Region] = self._result_cache
            counts = counts_per_region(region.pk for region in regions)
            for region in regions:
                region.municipality_count = counts.get(region.pk, 0)  # type: ignore[attr-defined]


def regions_for_start_page() -> QuerySet[Region]:
    """All regions, by name, with their number of municipalities; only the listed columns."""
    return RegionsWithMunicipalityCounts(Region).only(*LIST_FIELDS).order_by("name", "pk")


# Looked up by code; FederalState.values and get_federal_state_display build (and translate) the list
# of all 16 states on every call.
_FEDERAL_STATES = {state.value: state for state in FederalState}


def federal_state_label(code: str) -> str | Promise:
    """The state's name, translated when shown; an unknown code as it is."""
    state = _FEDERAL_STATES.get(code)
    return code if state is None else state.label


def municipalities_of(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name", "pk")


def organisations_of(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name", "pk")


def region_summary(region: Region, *, members: bool = False) -> dict[str, int]:
    """Counts shown on the region's pages, in one query of independent counts.

    The number of members is only counted when asked for (the management page); public pages
    do not show it.
    """
    models: dict[str, type[Model]] = {"municipalities": Municipality, "organisations": Organisation}
    if members:
        from smartregion.accounts.models import Membership

        models["members"] = Membership
    connection = connections[router.db_for_read(Region)]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"({_count_sql(model, quote)})" for model in models.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, [region.pk] * len(models))
        row = cursor.fetchone()
    return {key: int(value or 0) for key, value in zip(models, row or [0] * len(models), strict=True)}


def legal_details_of(region: Region) -> LegalDetails:
    """The region's legal details; the defaults of its federal state (unsaved) when it has none yet."""
    return LegalDetails.objects.filter(region=region).first() or legal.defaults(region)


def processing_record_of(region: Region) -> legal.ProcessingRecord:
    """The region's record of processing activities (Art. 30 DSGVO) as of today: its legal details and
    the activities of every region and of the modules it has switched on."""
    in_use = [
        module.key for module in platform_modules.modules() if platform_modules.is_on(region, module.key)
    ]
    return legal.processing_record(region, legal_details_of(region), in_use)


def municipality_columns(rows: Iterable[Municipality]) -> dict[str, bool]:
    """Which optional columns a list of municipalities shows: a column that would be empty in every
    row (no key, no population known) is left out instead of showing "–" throughout."""
    rows = list(rows)
    return {
        "ags": any(m.ags for m in rows),
        "population": any(m.population is not None for m in rows),
    }
