"""The main navigation as the pages render it: every module the region uses, in the cycle's order,
the current one marked on its pages and sub-pages, nothing for a module the region switched off,
and a "Menü" disclosure that works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client

from smartregion.accounts.models import User
from smartregion.events.models import Event
from smartregion.ideas.models import Idea
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

STEINFURT = "/r/kreis-steinfurt"
COORDINATOR = "koordination.steinfurt@demo.smartregion.example"
CYCLE = [
    "Übersicht",
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


@pytest.fixture
def demo(demo_for_module: None, db: None) -> None:
    """The demo, loaded once for this module: every test here uses it."""


@dataclass
class NavLink:
    text: str
    href: str
    current: bool


@dataclass
class _Nav(HTMLParser):
    """The links of ``<nav class="site-nav">`` and the tags that hold them."""

    links: list[NavLink] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    _depth: int = 0
    _link: NavLink | None = None
    _in_summary: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and "site-nav" in (values.get("class") or "").split():
            self._depth = 1
            return
        if not self._depth:
            return
        if tag == "nav":
            self._depth += 1
        self.tags.append(tag)
        if tag == "a":
            self._link = NavLink("", values.get("href") or "", values.get("aria-current") == "page")
        self._in_summary = self._in_summary or tag == "summary"

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag == "nav":
            self._depth -= 1
        if tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self.links.append(self._link)
            self._link = None
        if tag == "summary":
            self._in_summary = False

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.text += data
        elif self._in_summary:
            self.summary += data.strip()


def nav_of(client: Client, path: str) -> _Nav:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    nav = _Nav()
    nav.feed(response.content.decode())
    return nav


def current(nav: _Nav) -> list[str]:
    return [link.text for link in nav.links if link.current]


def test_every_module_of_the_region_is_in_the_navigation_in_the_cycles_order(demo: None, client: Client):
    nav = nav_of(client, f"{STEINFURT}/")

    assert [link.text for link in nav.links] == CYCLE
    assert f"{STEINFURT}/termine/" in [link.href for link in nav.links]
    assert f"{STEINFURT}/ideen/" in [link.href for link in nav.links]
    assert current(nav) == ["Übersicht"]


def test_coordinators_see_the_management_last(demo: None, client: Client):
    client.force_login(User.objects.get(email=COORDINATOR))

    nav = nav_of(client, f"{STEINFURT}/verwaltung/")

    assert [link.text for link in nav.links] == [*CYCLE, "Verwaltung"]
    assert current(nav) == ["Verwaltung"]


def test_events_and_ideas_are_marked_current_on_their_lists_and_sub_pages(demo: None, client: Client):
    event = Event.objects.with_scopes_disabled().filter(region__slug="kreis-steinfurt").public().first()
    idea = Idea.objects.with_scopes_disabled().filter(region__slug="kreis-steinfurt").public().first()
    assert event is not None
    assert idea is not None

    for path, label in [
        (f"{STEINFURT}/termine/", "Termine"),
        (f"{STEINFURT}/termine/{event.pk}/", "Termine"),
        (f"{STEINFURT}/ideen/", "Ideen"),
        (f"{STEINFURT}/ideen/neu/", "Ideen"),
        (f"{STEINFURT}/ideen/{idea.pk}/", "Ideen"),
        (f"{STEINFURT}/projekte/", "Projekte"),
    ]:
        assert current(nav_of(client, path)) == [label], path


@pytest.mark.parametrize(("key", "label"), [("events", "Termine"), ("ideas", "Ideen")])
def test_a_switched_off_module_is_not_in_the_navigation(demo: None, client: Client, key: str, label: str):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    steinfurt.switched_off_modules = [key]
    steinfurt.save()

    nav = nav_of(client, f"{STEINFURT}/")

    assert [link.text for link in nav.links] == [text for text in CYCLE if text != label]
    assert label in [link.text for link in nav_of(client, "/r/kreis-coesfeld/").links]


def test_the_navigation_folds_into_a_menu_without_javascript(demo: None, client: Client):
    nav = nav_of(client, f"{STEINFURT}/")

    assert nav.summary == "Menü"
    assert nav.tags[:2] == ["details", "summary"], "the steps sit inside a details element"
    assert "script" not in nav.tags


def test_no_greyed_out_steps(demo: None, client: Client):
    for path in [f"{STEINFURT}/", f"{STEINFURT}/termine/", "/r/kreis-dithmarschen/"]:
        page = client.get(path).content.decode()
        assert "site-nav__pending" not in page, path
        assert "noch eingerichtet" not in page, path


@pytest.mark.parametrize("path", ["/", f"{STEINFURT}/"])
def test_the_start_pages_link_the_catalogue_of_all_regions(demo: None, client: Client, path: str):
    page = client.get(path).content.decode()

    assert 'href="/projektkatalog/"' in page
    assert client.get("/projektkatalog/").status_code == 200
