"""A region's strategy: the current text and every version, public and read-only."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from smartregion.api.errors import ERROR_RESPONSES
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.params import RegionSlug
from smartregion.api.scoping import region_or_404
from smartregion.strategy import selectors
from smartregion.strategy.models import Strategy, StrategyVersion

router = Router(tags=["Strategie"])


class GoalOut(Schema):
    text: str
    target_date: datetime.date | None


class FieldOut(Schema):
    name: str
    slug: str
    description: str
    colour: str
    priority: str | None
    priority_source: str
    goals: list[GoalOut]


class ValueOut(Schema):
    name: str
    description: str


class StrategyOut(Schema):
    title: str
    vision: str
    values: list[ValueOut]
    fields: list[FieldOut]
    version: int


class VersionOut(Schema):
    number: int
    summary: str
    created_at: datetime.datetime
    fixed_name: str
    fixed_note: str
    fixed_on: datetime.date | None


class VersionDetailOut(VersionOut):
    content: StrategyOut


def _strategy(slug: str) -> Strategy:
    region = region_or_404(slug, "strategy")
    strategy = Strategy.objects.filter(region=region).first()
    if strategy is None:
        raise Http404
    return strategy


def _content(version: StrategyVersion) -> dict[str, Any]:
    return {**version.snapshot, "version": version.number}


@router.get(
    "/{slug}/strategy/",
    response={200: StrategyOut, **ERROR_RESPONSES},
    summary="Aktuelle Fassung der Strategie",
)
def get_strategy(request: HttpRequest, slug: RegionSlug) -> dict[str, Any]:
    strategy = _strategy(slug)
    return _content(selectors.version(strategy, strategy.current_version))


@router.get(
    "/{slug}/strategy/versions/",
    response={200: list[VersionOut], **ERROR_RESPONSES},
    summary="Alle Fassungen, die neueste zuerst",
)
@paginate(LimitOffsetPagination)
def list_versions(request: HttpRequest, slug: RegionSlug) -> QuerySet[StrategyVersion]:
    return selectors.versions_of(_strategy(slug))


@router.get(
    "/{slug}/strategy/versions/{number}/",
    response={200: VersionDetailOut, **ERROR_RESPONSES},
    summary="Eine Fassung mit ihrem Text",
)
def get_version(request: HttpRequest, slug: RegionSlug, number: int) -> dict[str, Any]:
    version = selectors.version(_strategy(slug), number)
    return {
        "number": version.number,
        "summary": version.summary,
        "created_at": version.created_at,
        "fixed_name": version.fixed_name,
        "fixed_note": version.fixed_note,
        "fixed_on": version.fixed_on,
        "content": _content(version),
    }
