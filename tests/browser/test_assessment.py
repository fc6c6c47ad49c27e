"""Assessment in the browser: three raters rate Coesfeld's open round by keyboard, the coordinator
closes it, reads ranking and matrix, tries other weights and records the committee's decisions;
the profiles' status follows. Steinfurt's closed round of 2022 is public with its Kreistag decision.

Every page passes axe-core and the same-host check; screenshots land in test-results/screens/.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from smartregion.assessment.models import AssessmentRound, Decision
from smartregion.portfolio.models import Project, ProjectStatus
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MOBILE = {"width": 390, "height": 844}


def look(page: Page, name: str = "") -> None:
    check_axe(page)
    if name:
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS_DIR / f"assessment-{name}.png", full_page=True)


def _open_round() -> AssessmentRound:
    return AssessmentRound.objects.with_scopes_disabled().get(region__slug="kreis-coesfeld")


def _rate_by_keyboard(page: Page, rows: list[tuple[str, str, str]], *, name: str = "") -> None:
    """Type each row's two scores and declaration with the keyboard only, then hand in.

    ``rows`` holds (relevance, feasibility, declaration) per project in the grid's order; the
    declaration is "" (none), "n" (nicht befangen) or "b" (befangen).
    """
    # Each row: the link to the Steckbrief, two scores, the declaration, the comment.
    page.locator(".rating-grid__sheet").first.focus()
    for relevance, feasibility, declaration in rows:
        for value in (relevance, feasibility):
            page.keyboard.press("Tab")
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
        page.keyboard.press("Tab")
        # The declaration: a select; ArrowDown moves to "nicht befangen", twice to "befangen".
        for _ in range({"": 0, "n": 1, "b": 2}[declaration]):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")  # the comment
        page.keyboard.type("Gut begründet." if declaration != "b" else "")
        page.keyboard.press("Tab")  # the next row's link, or the first button
    if name:
        look(page, name)
    hand_in = page.get_by_role("button", name="Bewertung abgeben")
    hand_in.focus()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator(".kern-alert--success, [role=status]").first).to_contain_text("abgegeben")


def test_three_raters_close_a_round_and_the_committee_decides(
    page: Page, request_log: RequestLog, people: Any
) -> None:
    assessment_round = _open_round()
    grid = f"/r/kreis-coesfeld/bewertung/{assessment_round.pk}/bewerten/"
    # Projects in title order: Coworking (Lüdinghausen), Schulwegsicherung (Dülmen), Bürgerservice-Portal.
    committee = people(demo_email("lenkungsausschuss", "coesfeld"))
    visit(committee, "/r/kreis-coesfeld/bewertung/")
    with committee.expect_navigation(wait_until="load"):
        committee.get_by_role("link", name="Jetzt bewerten").first.click()
    assert committee.url.endswith(grid)
    _rate_by_keyboard(committee, [("3", "4", ""), ("4", "2", ""), ("5", "4", "")], name="grid")

    officer = people(demo_email("kommune", "coesfeld"))
    visit(officer, grid)
    expect(officer.locator(".rating-grid__flag")).to_have_text(["Ihre Kommune Dülmen ist beteiligt."])
    # Handing in without declaring the conflict of interest is refused in German.
    officer.locator(".rating-grid__input").first.focus()
    with officer.expect_navigation(wait_until="load"):
        officer.get_by_role("button", name="Bewertung abgeben").click()
    expect(officer.locator(".kern-alert--danger")).to_contain_text("ob Sie befangen sind")
    look(officer, "grid-flagged")
    _rate_by_keyboard(officer, [("2", "5", ""), ("5", "5", "b"), ("4", "4", "")])

    coordinator = people(demo_email("koordination", "coesfeld"))
    visit(coordinator, grid)
    _rate_by_keyboard(coordinator, [("2", "4", ""), ("4", "3", ""), ("5", "5", "")])

    # Blind until closing: a rater gets no result, the coordinator sees progress only.
    visit(committee, f"/r/kreis-coesfeld/bewertung/{assessment_round.pk}/ergebnis/", status=403)
    visit(coordinator, assessment_round.get_absolute_url())
    expect(coordinator.locator("#progress-caption")).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text(
        "3 von 3 Eingeladenen haben ihre Bewertung abgegeben."
    )
    look(coordinator, "round-progress")
    with coordinator.expect_navigation(wait_until="load"):
        coordinator.get_by_role("button", name="Runde abschließen").click()

    # Ranking and matrix.
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Ergebnis der Bewertung")
    ranking = coordinator.locator("#ranking-caption").locator("xpath=..")
    expect(ranking.locator("tbody tr").first).to_contain_text("Gemeinsames Bürgerservice-Portal")
    expect(coordinator.locator("figure.matrix svg")).to_have_attribute("role", "img")
    expect(coordinator.locator("figure.matrix svg circle")).to_have_count(3)
    expect(coordinator.locator("main")).to_contain_text("1 Enthaltung wegen Befangenheit.")
    look(coordinator, "results")

    # What if only feasibility counted? The table is swapped in by htmx, nothing is stored.
    criteria = list(_open_round().criteria.order_by("order"))
    coordinator.get_by_label("Relevanz", exact=True).fill("0")
    with coordinator.expect_response(lambda r: "ergebnis/?" in r.url):
        coordinator.get_by_label("Realisierbarkeit", exact=True).fill("100")
    expect(coordinator.locator("#what-if table")).to_contain_text("Rangfolge mit den geänderten Gewichten")
    assert [c.weight for c in _open_round().criteria.order_by("order")] == [c.weight for c in criteria]
    look(coordinator, "what-if")

    # The committee's decision, proposals preselected.
    coordinator.get_by_label("Beschließendes Gremium").fill("Kreisausschuss")
    coordinator.get_by_label("Datum des Beschlusses").fill("2026-11-30")
    coordinator.get_by_label("Vorlage / Aktenzeichen").fill("SV-10/0815")
    with coordinator.expect_navigation(wait_until="load"):
        coordinator.get_by_role("button", name="Beschlüsse erfassen").click()
    expect(coordinator.locator("main")).to_contain_text("3 Beschlüsse sind erfasst")
    look(coordinator, "decided")

    decisions = dict(
        Decision.objects.with_scopes_disabled()
        .filter(candidate__round=assessment_round)
        .values_list("project__title", "outcome")
    )
    assert decisions["Gemeinsames Bürgerservice-Portal der Kommunen"] == "leitprojekt"
    statuses = dict(
        Project.objects.with_scopes_disabled()
        .filter(region__slug="kreis-coesfeld")
        .values_list("title", "status")
    )
    assert statuses["Gemeinsames Bürgerservice-Portal der Kommunen"] == ProjectStatus.LEAD
    assert all(statuses[title] != ProjectStatus.IN_REVIEW for title in decisions), (
        "every decided profile left 'zur Bewertung'"
    )

    visit(page, "/r/kreis-coesfeld/bewertung/beschluesse/")
    expect(page.locator("main")).to_contain_text("SV-10/0815")
    look(page)
    request_log.assert_same_host()


def test_public_reads_steinfurts_2022_round_and_the_kreistag_decision(
    page: Page, request_log: RequestLog
) -> None:
    visit(page, "/r/kreis-steinfurt/")
    with page.expect_navigation(wait_until="load"):
        page.locator("nav.site-nav").get_by_role("link", name="Bewertung").click()
    look(page, "overview-public")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Konsolidierung der Projektideen 2022").click()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Ergebnis").click()
    expect(page.locator("figure.matrix svg circle")).to_have_count(31)
    expect(page.locator("main")).not_to_contain_text("Kommentare der Bewertenden")
    look(page, "steinfurt-results")
    visit(page, "/r/kreis-steinfurt/bewertung/beschluesse/")
    expect(page.locator("main")).to_contain_text("B 110/2022")
    expect(page.locator("main")).to_contain_text("20.06.2022")
    look(page, "decision-log")
    page.set_viewport_size(MOBILE)
    look(page, "decision-log-mobile")
    request_log.assert_same_host()


def test_grid_at_390_px(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination", "coesfeld"))
    page.set_viewport_size(MOBILE)
    visit(page, f"/r/kreis-coesfeld/bewertung/{_open_round().pk}/bewerten/")
    look(page, "grid-mobile")
    request_log.assert_same_host()
