"""Reads of strategies: the current text, versions, comparisons and municipal strategies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from smartregion.core.phase_links import PhaseLink, links_for
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import (
    FieldOfAction,
    Goal,
    MunicipalGoal,
    MunicipalStrategy,
    Phase,
    Strategy,
    StrategyVersion,
)
from smartregion.strategy.snapshots import Comparison, compare


def strategy_of(region: Region) -> Strategy | None:
    """The region's strategy with values, fields, goals and phases prefetched (5 queries)."""
    strategy = (
        Strategy.objects.filter(region=region)
        .prefetch_related(
            "values",
            "phases",
            Prefetch(
                "fields",
                queryset=FieldOfAction.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("goals", queryset=Goal.objects.order_by("order", "pk"))
                ),
            ),
        )
        .first()
    )
    if strategy is not None:
        strategy.region = region  # known already; the timeline asks which modules it uses
    return strategy


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    links: list[PhaseLink]


def timeline_of(strategy: Strategy, user: Any) -> list[TimelineEntry]:
    """The process phases in order, each with the surveys, events and rounds the user may see."""
    phases = list(strategy.phases.all())
    links = links_for([phase.pk for phase in phases], user, strategy.region)
    return [TimelineEntry(phase, links.get(phase.pk, [])) for phase in phases]


def versions_of(strategy: Strategy) -> QuerySet[StrategyVersion]:
    """All versions, newest first, without their snapshots (they can be large)."""
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .defer("snapshot")
        .select_related("author")
        .order_by("-number")
    )


def fixed_versions_of(strategy: Strategy) -> QuerySet[StrategyVersion]:
    return versions_of(strategy).exclude(fixed_name="")


def version(strategy: Strategy, number: int) -> StrategyVersion:
    """One version with its snapshot, or Http404."""
    found = StrategyVersion.objects.filter(strategy=strategy, number=number).select_related("author").first()
    if found is None:
        raise Http404
    return found


def compare_versions(strategy: Strategy, old_number: int, new_number: int) -> Comparison:
    """Compare two versions of the same strategy; an unknown number raises Http404."""
    return compare(version(strategy, old_number).snapshot, version(strategy, new_number).snapshot)


def municipal_strategy_of(municipality: Municipality) -> MunicipalStrategy | None:
    return (
        MunicipalStrategy.objects.filter(municipality=municipality)
        .select_related("derived_from__strategy")
        .prefetch_related(
            Prefetch("fields", queryset=FieldOfAction.objects.order_by("order", "pk")),
            Prefetch("goals", queryset=MunicipalGoal.objects.select_related("field").order_by("order", "pk")),
        )
        .first()
    )


def upstream_changes(municipal_strategy: MunicipalStrategy) -> Comparison | None:
    """What changed in the region's strategy since the municipality derived its own, or None.

    A new order alone is no change: the comparison matches values by name and fields by slug.
    """
    strategy = municipal_strategy.derived_from.strategy
    if municipal_strategy.derived_from.number >= strategy.current_version:
        return None
    comparison = compare_versions(strategy, municipal_strategy.derived_from.number, strategy.current_version)
    return comparison if comparison.change_count else None


def municipal_strategies_of(region: Region) -> QuerySet[MunicipalStrategy]:
    return (
        MunicipalStrategy.objects.filter(municipality__region=region)
        .select_related("municipality", "derived_from")
        .order_by("municipality__name")
    )
