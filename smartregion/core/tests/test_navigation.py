"""The cycle navigation: the steps the installed modules declare, the same links as reverse(),
without reversing on every page; switched-off modules, role-restricted steps and steps without a
page are not shown."""

from __future__ import annotations

import contextlib
from unittest import mock

import pytest
from django.urls import NoReverseMatch, reverse

from smartregion.core import modules, navigation
from smartregion.core.navigation import cycle_navigation
from smartregion.regions.models import Region

# A URL configuration without any step of the cycle (used as ROOT_URLCONF below).
urlpatterns: list[object] = []


def _region(slug: str, switched_off: list[str] | None = None) -> Region:
    return Region(slug=slug, name=slug, switched_off_modules=switched_off or [])


def _steps() -> list[modules.NavigationStep]:
    return [step for _module, step in modules.navigation_steps()]


def _reversed(slug: str) -> list[str]:
    urls: list[str] = []
    for step in _steps():
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(step.url_name, kwargs={"region_slug": slug}))
    return urls


@pytest.mark.parametrize(
    "slug", ["kreis-steinfurt", "a", "kreis_mit_unterstrich-2", "region-slug-placeholder"]
)
def test_links_are_the_reversed_urls_of_each_step(slug):
    items = cycle_navigation(_region(slug), "/")

    assert [item.url for item in items] == _reversed(slug)
    assert [item.label for item in items] == [step.label for step in _steps()], "every step has a page"


def test_steps_follow_the_declared_order_of_the_cycle():
    labels = [str(item.label) for item in cycle_navigation(_region("kreis-steinfurt"), "/")]

    assert labels == [
        "Strategie",
        "Bedarfsanalyse",
        "Beteiligung",
        "Termine",
        "Ideen",
        "Projekte",
        "Bewertung",
        "Fahrplan",
        "Fortschritt",
    ]


def test_step_without_page_is_not_shown():
    extra = (
        modules.Module(key="nope", label="Gibt es nicht"),
        modules.NavigationStep("Gibt es nicht", "nope:overview", order=999),
    )
    get = modules.get
    with (
        mock.patch.object(modules, "navigation_steps", return_value=[*modules.navigation_steps(), extra]),
        mock.patch.object(modules, "get", side_effect=lambda key: extra[0] if key == "nope" else get(key)),
    ):
        navigation._url_pattern.cache_clear()
        try:
            items = cycle_navigation(_region("kreis-steinfurt"), "/")
        finally:
            navigation._url_pattern.cache_clear()

    assert "Gibt es nicht" not in [str(item.label) for item in items]
    assert [item.label for item in items] == [step.label for step in _steps()]


def test_current_step_is_active():
    strategy = reverse("strategy:overview", kwargs={"region_slug": "kreis-steinfurt"})

    items = cycle_navigation(_region("kreis-steinfurt"), strategy + "unterseite/")

    assert [item.url for item in items if item.active] == [strategy]
    assert not any(
        item.active for item in cycle_navigation(_region("kreis-steinfurt"), "/r/kreis-steinfurt/")
    )
    assert not any(item.active for item in cycle_navigation(_region("kreis-coesfeld"), strategy))


def test_a_switched_off_module_has_no_step():
    items = cycle_navigation(_region("kreis-steinfurt", ["surveys"]), "/")

    assert "Beteiligung" not in [str(item.label) for item in items]
    assert "Strategie" in [str(item.label) for item in items]


@pytest.mark.parametrize(
    "key", [module.key for module, _step in modules.navigation_steps() if module.can_switch_off]
)
def test_every_switchable_module_leaves_the_navigation_when_switched_off(key):
    step = next(step for module, step in modules.navigation_steps() if module.key == key)
    url = reverse(step.url_name, kwargs={"region_slug": "kreis-steinfurt"})

    switched_off = cycle_navigation(_region("kreis-steinfurt", [key]), url)

    assert url not in [item.url for item in switched_off]
    assert not any(item.active for item in switched_off)
    assert len(switched_off) == len(_steps()) - 1


def test_ideas_and_events_are_steps_marked_current_on_their_pages():
    ideas = reverse("ideas:ideas", kwargs={"region_slug": "kreis-steinfurt"})
    events = reverse("events:list", kwargs={"region_slug": "kreis-steinfurt"})

    for path, label in [
        (ideas, "Ideen"),
        (f"{ideas}17/", "Ideen"),
        (f"{ideas}neu/", "Ideen"),
        (events, "Termine"),
        (f"{events}3/", "Termine"),
        (f"{events}verwalten/", "Termine"),
    ]:
        items = cycle_navigation(_region("kreis-steinfurt"), path)
        assert [str(item.label) for item in items if item.active] == [label], path


def test_a_step_for_some_roles_is_shown_to_those_roles_only():
    restricted = modules.NavigationStep(
        "Nur Koordination", "strategy:versions", order=99, roles=frozenset({"coordinator"})
    )
    module = modules.Module(key="restricted", label="x", can_switch_off=False)
    with (
        mock.patch.object(modules, "navigation_steps", return_value=[(module, restricted)]),
        mock.patch.object(modules, "get", return_value=module),
    ):
        region = _region("kreis-steinfurt")
        assert cycle_navigation(region, "/", roles=["reader"]) == []
        assert [i.label for i in cycle_navigation(region, "/", roles=["reader", "coordinator"])] == [
            "Nur Koordination"
        ]
        assert [i.label for i in cycle_navigation(region, "/", sees_all=True)] == ["Nur Koordination"]


def test_urls_are_reversed_once_not_per_page():
    navigation._url_pattern.cache_clear()
    with mock.patch.object(navigation, "reverse", wraps=reverse) as spy:
        for slug in ["kreis-steinfurt", "kreis-coesfeld", "kreis-dithmarschen"] * 10:
            cycle_navigation(_region(slug), "/")

    assert spy.call_count == len(_steps())


def test_other_url_configuration_gets_its_own_links(settings):
    cycle_navigation(_region("kreis-steinfurt"), "/")
    settings.ROOT_URLCONF = __name__

    assert cycle_navigation(_region("kreis-steinfurt"), "/") == []
