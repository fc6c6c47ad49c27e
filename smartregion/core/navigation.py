"""The main navigation follows the strategy cycle: one step per installed module that declares one.

The steps come from the module registry (``core.modules``), in their declared order; a region sees
the steps of the modules it has switched on, a person those meant for their roles. A step whose page
is not served (its URL name cannot be reversed) is left out: the navigation lists only pages one can
visit, never a greyed-out promise.

Where each step lives is the same for every region: the URL of each step is reversed once per URL
configuration with a placeholder slug, and a page only puts its region's slug in. Reversing every
step's name on every page was a measurable part of rendering a region page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise

from smartregion.core import modules

if TYPE_CHECKING:
    from smartregion.regions.models import Region


# A valid slug that no URL pattern contains, put where the region's slug goes.
PLACEHOLDER = "region-slug-placeholder--"


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
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


def visible_steps(
    region: Region, roles: Collection[str] = (), sees_all: bool = False
) -> list[modules.NavigationStep]:
    """The navigation steps of the modules the region uses that these roles may see."""
    return [
        step
        for module, step in modules.navigation_steps()
        if modules.is_on(region, module.key) and (sees_all or not step.roles or step.roles & set(roles))
    ]


def cycle_navigation(
    region: Region, current_path: str, roles: Collection[str] = (), sees_all: bool = False
) -> list[NavItem]:
    """Navigation items for a region, the current one (``current_path`` at or below its page)
    active; a step whose URL cannot be reversed is not shown."""
    items = []
    for step in visible_steps(region, roles, sees_all):
        url = region_url(step.url_name, region.slug)
        if url is not None:
            items.append(NavItem(step.label, url, active=current_path.startswith(url)))
    return items


def footer_links(region: Region) -> list[NavItem]:
    """The links the modules the region uses add to the footer of its pages (the open data)."""
    items = []
    for link in modules.footer_links(region):
        url = region_url(link.url_name, region.slug)
        if url is not None:
            items.append(NavItem(link.label, url, active=False))
    return items
