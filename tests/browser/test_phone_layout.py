"""Navigation and wide content on a phone (390 px) and on a desktop (1280 px).

On a phone the cycle navigation folds into a "Menü" disclosure (no JavaScript needed) that opens by
keyboard and stacks its steps; on a desktop it is one row with the current step marked. Survey
charts keep their text at 12 px or more on a phone; the lists of projects, the catalogue and the
participants of an event become cards. No page scrolls sideways. Screenshots (phone-*.png) land in
test-results/screens/.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from smartregion.events.models import Event
from smartregion.surveys.models import Survey
from tests.browser.helpers import (
    PHONE_VIEWPORT,
    SCREENS_DIR,
    RequestLog,
    check_axe,
    demo_email,
    focused,
    horizontal_overflow,
    login,
    tab_to,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STEINFURT = "/r/kreis-steinfurt"
STEPS = [
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


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"phone-{name}.png", full_page=True)


@pytest.fixture
def phone(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(
        **{**browser_context_args, "viewport": PHONE_VIEWPORT, "is_mobile": True, "has_touch": True}
    )
    yield context.new_page()
    context.close()


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [box for box in (item.bounding_box() for item in page.locator(selector).all()) if box]


def assert_fits(page: Page) -> None:
    overflow = horizontal_overflow(page)
    assert not overflow, f"{page.url} bei {page.viewport_size}: {overflow}"


def test_the_menu_on_a_phone_opens_by_keyboard_and_stacks_the_steps(phone: Page) -> None:
    page = phone
    visit(page, f"{STEINFURT}/")
    nav = page.locator("nav.site-nav")
    toggle = nav.locator("summary", has_text="Menü")
    expect(toggle).to_be_visible()
    expect(nav.get_by_role("link", name="Projekte")).to_be_hidden()
    nav_box = nav.bounding_box()
    assert nav_box is not None
    assert nav_box["height"] < 60, f"Navigation zugeklappt {nav_box} hoch"
    assert_fits(page)
    screenshot(page, "menu-closed")

    tab_to(page, "nav.site-nav summary")
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Projekte")).to_be_visible()
    assert nav.locator("a").all_inner_texts() == STEPS
    expect(nav.get_by_role("link", name="Übersicht")).to_have_attribute("aria-current", "page")
    stacked = boxes(page, "nav.site-nav li")
    assert [box["x"] for box in stacked] == [stacked[0]["x"]] * len(stacked), "one step below the other"
    assert all(upper["y"] < lower["y"] for upper, lower in itertools.pairwise(stacked))
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Übersicht"
    assert_fits(page)
    check_axe(page)
    screenshot(page, "menu-open")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Projekte")).to_be_hidden()


def test_the_navigation_is_one_row_on_a_desktop(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination"))
    visit(page, f"{STEINFURT}/ideen/")
    nav = page.locator("nav.site-nav")
    expect(nav.locator("summary")).to_be_hidden()
    assert nav.locator("a").all_inner_texts() == [*STEPS, "Verwaltung"]
    tops = {round(box["y"]) for box in boxes(page, "nav.site-nav li")}
    assert len(tops) == 1, f"Die Navigation bricht in {len(tops)} Zeilen um"
    expect(nav.get_by_role("link", name="Ideen")).to_have_attribute("aria-current", "page")
    # The steps are reached by Tab without opening anything.
    tab_to(page, "nav.site-nav a[href$='/ideen/']")
    check_axe(page)
    request_log.assert_same_host()


def test_survey_charts_stay_readable_on_a_phone(phone: Page) -> None:
    page = phone
    survey = Survey.objects.get(region__slug="kreis-dithmarschen", results_public=True)
    visit(page, f"/r/kreis-dithmarschen/beteiligung/{survey.pk}/ergebnisse/")
    assert page.locator("main svg.survey-chart__svg").count() >= 5
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("svg.survey-chart__svg text")].map((text) => {
            const svg = text.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(text).fontSize) * scale;
        }))"""
    )
    assert smallest >= 12, f"Beschriftung der Diagramme nur {smallest:.1f} px"
    assert_fits(page)
    check_axe(page)
    screenshot(page, "survey-results")


@pytest.mark.parametrize(
    ("path", "name"), [(f"{STEINFURT}/projekte/", "projects"), ("/projektkatalog/", "catalogue")]
)
def test_project_lists_become_cards_on_a_phone(phone: Page, page: Page, path: str, name: str) -> None:
    visit(phone, path)
    rows = phone.locator("main table.table-cards tbody tr")
    assert rows.count() > 3
    assert rows.first.evaluate("(row) => getComputedStyle(row).display") == "block"
    card = rows.first.bounding_box()
    assert card is not None
    assert card["x"] >= 0
    assert card["x"] + card["width"] <= PHONE_VIEWPORT["width"]
    expect(rows.first.locator("td[data-label]").first).to_be_visible()
    assert_fits(phone)
    check_axe(phone)
    screenshot(phone, name)

    visit(page, path)
    assert (
        page.locator("main table.table-cards tbody tr").first.evaluate(
            "(row) => getComputedStyle(row).display"
        )
        == "table-row"
    ), "a table on a desktop"


def test_participants_become_cards_on_a_phone(phone: Page) -> None:
    page = phone
    event = Event.objects.get(region__slug="kreis-steinfurt", title__startswith="Informationsabend")
    login(page, demo_email("koordination"))
    # Someone registered by the coordinator (by phone, say), through the page, so that the live
    # server writes the registration on PostgreSQL too.
    visit(page, f"{STEINFURT}/termine/{event.pk}/teilnehmende/")
    name = f"Friederike Langenberg-Oberhausen {uuid.uuid4().hex[:6]}"
    form = page.locator("main form[method=post]").last
    form.locator("input[name$=name]").fill(name)
    form.locator("input[name$=email]").fill(f"{uuid.uuid4().hex[:10]}.mit.langer.adresse@example.org")
    for answer in form.locator("[name*=frage_]").all():
        answer.fill("Greven")
    with page.expect_navigation(wait_until="load"):
        page.locator("main form[method=post] button[type=submit]").last.click()
    row = page.locator("main table.table-cards tbody tr", has_text=name)
    expect(row).to_be_visible()
    assert row.evaluate("(row) => getComputedStyle(row).display") == "block"
    assert_fits(page)
    check_axe(page)
    screenshot(page, "participants")
