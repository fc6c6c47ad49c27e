"""Needs analysis in the browser: Coesfeld's results with heatmap, Steinfurt's questionnaire and progress.

Every page goes through axe-core and the same-host check; screenshots land in test-results/screens/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from smartregion.analysis.models import AnalysisRound, Questionnaire, QuestionnaireStatus
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, tab_to, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"{name}.png", full_page=True)


def _round(region: str) -> AnalysisRound:
    return AnalysisRound.objects.get(region__slug=region)


def test_public_sees_coesfeld_published_tiers_from_the_navigation(
    page: Page, request_log: RequestLog
) -> None:
    visit(page, "/r/kreis-coesfeld/")
    with page.expect_navigation(wait_until="load"):
        page.locator("nav.site-nav").get_by_role("link", name="Bedarfsanalyse").click()
    assert page.url.endswith("/r/kreis-coesfeld/bedarfsanalyse/")
    check_axe(page)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Bedarfsanalyse Coesfeld 12.0 (Sommer 2019)").click()
    tiers = page.locator(".tier-list")
    expect(tiers).to_contain_text("Verwaltung")
    expect(tiers).to_contain_text("Innenstadt/Dorfmitte")
    expect(page.locator("main")).not_to_contain_text("Dülmen")
    check_axe(page)
    screenshot(page, "analysis-public-round")
    request_log.assert_same_host()


def test_coordinator_reads_the_coesfeld_heatmap_and_rule(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination", "coesfeld"))
    visit(page, f"/r/kreis-coesfeld/bedarfsanalyse/{_round('kreis-coesfeld').pk}/ergebnis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Konsolidiertes Ergebnis")
    expect(page.locator(".rule-explanation")).to_contain_text(
        "Punktwert ab 4: Priorität I; ab 3: Priorität II"
    )
    heatmap = page.locator("figure.heatmap svg")
    expect(heatmap).to_have_attribute("role", "img")
    assert heatmap.locator("rect").count() == 11 * 8 + 5
    expect(page.locator(".heatmap-table tbody tr")).to_have_count(11)
    expect(page.locator(".tier-list__tier").first).to_contain_text("Bildung")
    check_axe(page)
    screenshot(page, "analysis-coesfeld-results")
    request_log.assert_same_host()


def test_officer_fills_the_steinfurt_questionnaire_with_the_keyboard(
    page: Page, request_log: RequestLog
) -> None:
    analysis_round = _round("kreis-steinfurt")
    login(page, demo_email("kommune"))
    visit(page, analysis_round.get_absolute_url())
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Fragebogen Greven").click()
    check_axe(page)
    screenshot(page, "analysis-questionnaire")
    # Submitting an incomplete questionnaire: a German message, nothing submitted.
    first = page.locator("select").first
    first.select_option("5")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Fragebogen abgeben").click()
    expect(page.locator(".kern-alert--danger")).to_contain_text("es fehlen noch")
    check_axe(page)
    for select in page.locator("select").all():
        select.select_option("4")
    tab_to(page, "button[value=submit]", limit=200)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Der Fragebogen ist abgegeben")
    questionnaire = Questionnaire.objects.get(round=analysis_round, municipality__slug="greven")
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED
    check_axe(page)
    request_log.assert_same_host()


def test_coordinator_sees_progress_of_steinfurt(page: Page, request_log: RequestLog) -> None:
    analysis_round = _round("kreis-steinfurt")
    login(page, demo_email("koordination"))
    visit(page, analysis_round.get_absolute_url())
    # 7 in the demo; 8 on PostgreSQL when the officer test before has submitted Greven for good.
    expect(page.locator("main")).to_contain_text(
        re.compile(r"[78] von 24 Kommunen haben ihren Fragebogen abgegeben")
    )
    expect(page.get_by_role("button", name="Runde abschließen")).to_be_visible()
    check_axe(page)
    screenshot(page, "analysis-progress")
    visit(page, f"{analysis_round.get_absolute_url()}ergebnis/")
    page.get_by_text("Regel ändern").click()
    expect(page.get_by_role("radio", name="Rangfolge in Dritteln")).to_be_visible()
    check_axe(page)
    screenshot(page, "analysis-open-results")
    visit(page, "/r/kreis-steinfurt/bedarfsanalyse/neu/")
    check_axe(page)
    screenshot(page, "analysis-create")
    request_log.assert_same_host()


def test_results_reflow_on_a_phone(browser, base_url: str) -> None:
    """At 390 px the page does not scroll sideways; heatmap and tables scroll or shrink in their boxes."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True
    )
    page = context.new_page()
    try:
        login(page, demo_email("koordination", "coesfeld"))
        for path in (
            f"/r/kreis-coesfeld/bedarfsanalyse/{_round('kreis-coesfeld').pk}/ergebnis/",
            _round("kreis-coesfeld").get_absolute_url(),
        ):
            visit(page, path)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow} px"
        screenshot(page, "analysis-results-phone")
    finally:
        context.close()
