"""The main navigation follows the strategy cycle; a step links once its app serves it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CycleStep:
    label: str | Promise
    url_name: str


CYCLE = (
    CycleStep(_("Strategie"), "strategy:overview"),
    CycleStep(_("Bedarfsanalyse"), "analysis:overview"),
    CycleStep(_("Beteiligung"), "surveys:overview"),
    CycleStep(_("Projekte"), "portfolio:overview"),
    CycleStep(_("Bewertung"), "assessment:overview"),
    CycleStep(_("Fahrplan"), "roadmap:overview"),
    CycleStep(_("Berichte"), "reporting:overview"),
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str | None
    active: bool


def cycle_navigation(region_slug: str, current_path: str) -> list[NavItem]:
    """Navigation items for a region; a step whose app is not installed yet has no link."""
    items = []
    for step in CYCLE:
        try:
            url: str | None = reverse(step.url_name, kwargs={"region_slug": region_slug})
        except NoReverseMatch:
            url = None
        items.append(NavItem(step.label, url, active=bool(url) and current_path.startswith(url or "")))
    return items
