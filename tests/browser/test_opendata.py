"""Open data in the browser: the footer of a region's page leads to its open data page, which passes
axe at desktop and phone width, offers each file for download and lets the coordinator choose
the licence by keyboard. Screenshots land in test-results/screens/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, visit
from tests.browser.test_screenshots import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OPENDATA = "/r/kreis-steinfurt/opendata/"


def look(page: Page, name: str) -> None:
    check_axe(page)
    assert not horizontal_overflow(page), horizontal_overflow(page)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"opendata-{name}.png", full_page=True)


def test_the_open_data_page_is_found_from_the_footer_and_offers_every_file(
    page: Page, request_log: RequestLog
) -> None:
    visit(page, "/r/kreis-steinfurt/")
    with page.expect_navigation(wait_until="load"):
        page.locator(".site-footer").get_by_role("link", name="Offene Daten").click()
    assert page.url.endswith(OPENDATA)
    expect(page.locator("h1")).to_have_text("Offene Daten")
    expect(page.locator("caption")).to_have_text("5 Datensätze")
    expect(
        page.get_by_role("link", name="Datenlizenz Deutschland – Namensnennung – Version 2.0")
    ).to_be_visible()
    look(page, "desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^CSV\s*:\s*Projekte$")).click()
    assert download.value.suggested_filename == "projekte-kreis-steinfurt.csv"

    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, OPENDATA)
    look(page, "phone")
    request_log.assert_same_host()


def test_the_coordinator_chooses_the_licence_by_keyboard(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination"))
    visit(page, OPENDATA)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Lizenz ändern").click()
    check_axe(page)

    page.get_by_label("Creative Commons Zero 1.0 Universell (gemeinfrei)").focus()
    page.keyboard.press("Space")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")

    assert page.url.endswith(OPENDATA)
    expect(page.get_by_role("link", name="Creative Commons Zero 1.0 Universell (gemeinfrei)")).to_be_visible()
    look(page, "coordinator")
    request_log.assert_same_host()
