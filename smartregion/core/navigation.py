"""The main navigation follows the strategy cycle; a step links once its app serves it.

Which steps exist and where they live is the same for every region: the URL of each step is
reversed once per URL configuration with a placeholder slug, and a page only puts its region's
slug in. Reversing seven names (and raising NoReverseMatch for the steps not there yet) on every
page was a measurable part of rendering a region page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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

# A valid slug that no URL pattern contains, put where the region's slug goes.
PLACEHOLDER = "region-slug-placeholder--"


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str | None
    active: bool


# (text before the slug, text after it) per step; None: the step has no page yet.
Pattern = tuple[str, str] | None


@lru_cache(maxsize=256)
def _url_pattern(url_name: str, urlconf: str, script_prefix: str) -> Pattern:
    try:
        url = reverse(url_name, urlconf=urlconf, kwargs={"region_slug": PLACEHOLDER})
    except NoReverseMatch:
        return None
    before, found, after = url.partition(PLACEHOLDER)
    if not found or PLACEHOLDER in after:
        raise ValueError(f"{url_name} must name the region slug exactly once: {url}")
    return before, after


def region_url(url_name: str, region_slug: str) -> str | None:
    """``reverse(url_name, kwargs={"region_slug": region_slug})`` for a URL whose only argument is
    the region's slug, reversed once per URL configuration; None when there is no such URL."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _url_pattern(url_name, str(urlconf), get_script_prefix())
    return None if pattern is None else f"{pattern[0]}{region_slug}{pattern[1]}"


def step_urls(region_slug: str) -> list[str | None]:
    """The URL of each step of ``CYCLE`` for the region, None for a step without a page."""
    return [region_url(step.url_name, region_slug) for step in CYCLE]


def cycle_navigation(region_slug: str, current_path: str) -> list[NavItem]:
    """Navigation items for a region; a step whose app is not installed yet has no link."""
    return [
        NavItem(step.label, url, active=url is not None and current_path.startswith(url))
        for step, url in zip(CYCLE, step_urls(region_slug), strict=True)
    ]
