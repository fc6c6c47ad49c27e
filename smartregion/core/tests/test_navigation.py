"""The cycle navigation: the same links as reverse(), without reversing on every page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import NoReverseMatch, reverse

from smartregion.core import navigation
from smartregion.core.navigation import CYCLE, cycle_navigation

# A URL configuration without any step of the cycle (used as ROOT_URLCONF below).
urlpatterns: list[object] = []


def _reversed(slug: str) -> list[str | None]:
    urls: list[str | None] = []
    for step in CYCLE:
        try:
            urls.append(reverse(step.url_name, kwargs={"region_slug": slug}))
        except NoReverseMatch:
            urls.append(None)
    return urls


@pytest.mark.parametrize(
    "slug", ["kreis-steinfurt", "a", "kreis_mit_unterstrich-2", "region-slug-placeholder"]
)
def test_links_are_the_reversed_urls_of_each_step(slug):
    items = cycle_navigation(slug, "/")

    assert [item.url for item in items] == _reversed(slug)
    assert [item.label for item in items] == [step.label for step in CYCLE]
    assert any(item.url for item in items), "at least the strategy step has a page"


def test_step_without_page_has_no_link():
    with mock.patch.object(
        navigation, "CYCLE", (*CYCLE, navigation.CycleStep("Gibt es nicht", "nope:overview"))
    ):
        navigation._url_pattern.cache_clear()
        try:
            items = cycle_navigation("kreis-steinfurt", "/")
        finally:
            navigation._url_pattern.cache_clear()

    assert items[-1].url is None
    assert items[-1].active is False


def test_current_step_is_active():
    strategy = reverse("strategy:overview", kwargs={"region_slug": "kreis-steinfurt"})

    items = cycle_navigation("kreis-steinfurt", strategy + "unterseite/")

    assert [item.url for item in items if item.active] == [strategy]
    assert not any(item.active for item in cycle_navigation("kreis-steinfurt", "/r/kreis-steinfurt/"))
    assert not any(item.active for item in cycle_navigation("kreis-coesfeld", strategy))


def test_urls_are_reversed_once_not_per_page():
    navigation._url_pattern.cache_clear()
    with mock.patch.object(navigation, "reverse", wraps=reverse) as spy:
        for slug in ["kreis-steinfurt", "kreis-coesfeld", "kreis-dithmarschen"] * 10:
            cycle_navigation(slug, "/")

    assert spy.call_count == len(CYCLE)


def test_other_url_configuration_gets_its_own_links(settings):
    cycle_navigation("kreis-steinfurt", "/")
    settings.ROOT_URLCONF = __name__

    assert [item.url for item in cycle_navigation("kreis-steinfurt", "/")] == [None] * len(CYCLE)
