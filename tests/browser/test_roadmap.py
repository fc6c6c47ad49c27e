"""Roadmap in the browser: Steinfurt's Fahrplan reads at a glance (timeline grouped by field, late
milestones and dependency conflicts marked, the same facts in the table), its filter works by
keyboard; a project lead plans a milestone by keyboard; personnel, financing and the programme
catalogue pass axe. Screenshots land in test-results/screens/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from smartregion.roadmap.models import Milestone
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MOBILE = {"width": 390, "height": 844}


def look(page: Page, name: str) -> None:
    check_axe(page)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"roadmap-{name}.png", full_page=True)


def test_the_steinfurt_roadmap_reads_at_a_glance_and_filters_by_keyboard(
    page: Page, request_log: RequestLog
) -> None:
    visit(page, "/r/kreis-steinfurt/fahrplan/")
    chart = page.locator("svg.gantt")
    expect(chart).to_have_count(1)
    expect(chart.locator("title").first).to_have_text("Zeitplan (Gantt-Diagramm)")
    # Grouped by field of action, the table carries every milestone the chart draws.
    expect(page.locator("caption").first).to_have_text("Verwaltung")
    drawn = chart.locator("rect[rx], path").count()
    listed = page.locator(".roadmap-table tbody tr:not(.roadmap-table__project)").count()
    assert drawn == listed > 40
    expect(page.locator(".roadmap-flag").filter(has_text="verspätet").first).to_be_visible()
    look(page, "overview")

    # The filter, by keyboard only: the municipality select, then the status select, then the button.
    page.locator("#id_stand").focus()
    page.keyboard.press("ArrowDown")  # "verspätet"
    page.keyboard.press("Tab")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert "stand=verspaetet" in page.url
    rows = page.locator(".roadmap-table tbody tr:not(.roadmap-table__project)")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "verspätet" in text or "erreicht" in text or "läuft" in text or "geplant" in text
    expect(page.locator(".roadmap-table__late").first).to_be_visible()

    page.set_viewport_size(MOBILE)
    visit(page, "/r/kreis-steinfurt/fahrplan/")
    look(page, "overview-mobile")


def test_the_coordinator_plans_a_milestone_by_keyboard(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination", "steinfurt"))
    visit(page, "/r/kreis-steinfurt/fahrplan/projekte/digitales-jugendzentrum/")
    look(page, "plan")
    page.get_by_role("link", name="Phase oder Meilenstein hinzufügen").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    page.locator("#id_title").focus()
    page.keyboard.type("Jugendliche testen die Plattform")
    page.locator("#id_start").fill("2026-04-01")
    page.locator("#id_end").fill("2026-03-01")  # before the start: refused
    page.get_by_role("button", name="Speichern").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_contain_text("Das Ende darf nicht vor dem Beginn liegen.")
    look(page, "milestone-refused")
    page.locator("#id_end").fill("2026-06-30")
    page.get_by_role("button", name="Speichern").focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.get_by_role("cell", name="01.04.2026 – 30.06.2026")).to_be_visible()
    assert Milestone.objects.with_scopes_disabled().filter(title="Jugendliche testen die Plattform").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/r/kreis-steinfurt/fahrplan/personal/",
        "/r/kreis-steinfurt/fahrplan/finanzierung/",
        "/r/kreis-steinfurt/fahrplan/was-wann-wo/",
        "/r/kreis-steinfurt/fahrplan/foerderprogramme/",
        "/r/kreis-steinfurt/fahrplan/projekte/iot-fuer-ein-besseres-leben/kosten/",
        "/r/kreis-steinfurt/fahrplan/projekte/iot-fuer-ein-besseres-leben/quellen/neu/",
        "/r/kreis-steinfurt/fahrplan/foerderprogramme/neu/",
    ],
)
def test_resource_pages_pass_axe(page: Page, request_log: RequestLog, path: str) -> None:
    login(page, demo_email("koordination", "steinfurt"))
    visit(page, path)
    look(page, path.strip("/").replace("/", "-"))
