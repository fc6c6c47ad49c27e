"""The legal pages of a demo region as a citizen sees them on a desktop and a phone (accessible,
no sideways scrolling, every part there), and a coordinator editing the accessibility statement:
a review date before the statement is refused in German next to the field, and nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from smartregion.regions.models import LegalDetails
from tests.browser.helpers import check_axe, demo_email, login, visit
from tests.browser.test_screenshots import PHONE, horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = {
    "impressum": ("Anbieter", "Vertreten durch", "Zuständige Aufsichtsbehörde"),
    "datenschutz": ("Verantwortlich", "Umfragen", "Cookies", "Ihre Rechte"),
    "barrierefreiheit": ("Stand der Vereinbarkeit", "Nicht barrierefreie Inhalte", "Schlichtungsverfahren"),
}


@pytest.fixture(params=[1280, 390], ids=["1280px", "390px"])
def screen(
    request: pytest.FixtureRequest, browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[Page]:
    width = request.param
    args = {**browser_context_args, "viewport": {"width": width, "height": 900}}
    if width < 500:
        args = {**browser_context_args, **PHONE}
    context = browser.new_context(**args)
    yield context.new_page()
    context.close()


def test_legal_pages_are_complete_accessible_and_fit_the_screen(screen: Page) -> None:
    width = screen.viewport_size["width"] if screen.viewport_size else 0
    for region in ("kreis-steinfurt", "kreis-dithmarschen"):
        for page_key, headings in PAGES.items():
            visit(screen, f"/r/{region}/{page_key}/")
            main = screen.locator("main").inner_text()
            for heading in headings:
                assert heading in main, f"{region}/{page_key}: „{heading}“ fehlt"
            assert not horizontal_overflow(screen), f"{region}/{page_key} bei {width} px"
            check_axe(screen)
            if region == "kreis-steinfurt":
                screenshot(screen, f"legal-{page_key}-{width}")


def test_coordinator_is_told_in_german_when_the_review_is_before_the_statement(page: Page) -> None:
    before = list(LegalDetails.objects.filter(region__slug="kreis-steinfurt").values())
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/verwaltung/rechtliches/barrierefreiheit/")
    check_axe(page)
    page.get_by_label("Zuletzt überprüft am").fill("2020-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()

    assert "Die letzte Überprüfung kann nicht vor der Erstellung der Erklärung liegen." in page.content()
    check_axe(page)
    screenshot(page, "legal-barrierefreiheit-form-error")
    assert list(LegalDetails.objects.filter(region__slug="kreis-steinfurt").values()) == before
