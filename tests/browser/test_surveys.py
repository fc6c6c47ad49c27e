"""Surveys in the browser: a coordinator builds, previews and publishes; a citizen answers on a phone.

Screenshots land in test-results/screens/ (surveys-*.png).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from smartregion.surveys.models import Response, Survey
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, tab_to, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"surveys-{name}.png", full_page=True)


def submit(page: Page, label: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=label).click()


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, locale="de-DE", **PHONE)
    page = context.new_page()
    yield page
    context.close()


def _build(page: Page) -> Survey:
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/beteiligung/neu/")
    check_axe(page)
    page.locator("#id_title").fill("Radwege im Kreis")
    submit(page, "Umfrage anlegen")
    expect(page.locator("main h1")).to_have_text("Radwege im Kreis")
    page.locator("#id_text").fill("Wie oft fahren Sie Rad?")
    page.locator("#id_options").fill("täglich\nwöchentlich\nselten")
    page.locator("#id_required").check()
    submit(page, "Frage hinzufügen")
    page.locator("#id_type").select_option("multiple")
    page.locator("#id_text").fill("Was fehlt?")
    page.locator("#id_options").fill("Radwege\nAbstellplätze\nBeleuchtung")
    page.locator("#id_page").fill("2")
    submit(page, "Frage hinzufügen")
    check_axe(page)
    screenshot(page, "edit")
    page.get_by_role("link", name="Vorschau").click()
    expect(page.locator("main")).to_contain_text("Was fehlt?")
    check_axe(page)
    page.go_back()
    submit(page, "Umfrage veröffentlichen")
    expect(page.locator("main")).to_contain_text("Die Umfrage ist veröffentlicht.")
    return Survey.objects.get(title="Radwege im Kreis")


def test_coordinator_builds_and_citizen_answers_on_a_phone(
    page: Page, phone: Page, request_log: RequestLog
) -> None:
    survey = _build(page)
    visit(phone, f"/u/{survey.short_code}")
    expect(phone.locator("main")).to_contain_text("Datenschutz")
    expect(phone.locator("main")).to_contain_text("Seite 1 von 2")
    check_axe(phone)
    screenshot(phone, "start-phone")
    submit(phone, "Weiter")  # nothing chosen: the required question is named
    expect(phone.locator(".kern-error")).to_contain_text("Bitte beantworten Sie diese Frage.")
    check_axe(phone)
    tab_to(phone, "input[type=radio]")
    phone.keyboard.press("ArrowDown")  # radio groups move by arrow keys
    submit(phone, "Weiter")
    expect(phone.locator("main")).to_contain_text("Seite 2 von 2")
    screenshot(phone, "answer-phone")
    phone.get_by_role("link", name="Zurück").click()
    expect(phone.locator("input[type=radio]:checked")).to_have_count(1)
    submit(phone, "Weiter")
    phone.get_by_label("Abstellplätze").check()
    submit(phone, "Antworten absenden")
    expect(phone.locator("main h1")).to_have_text("Vielen Dank für Ihre Teilnahme!")
    check_axe(phone)
    answer = Response.objects.get(survey=survey)
    assert set(answer.answers) == {f"q{q.pk}" for q in survey.questions.all()}
    request_log.assert_same_host()


def test_published_results_of_dithmarschen(page: Page, phone: Page, request_log: RequestLog) -> None:
    survey = Survey.objects.get(region__slug="kreis-dithmarschen", results_public=True)
    visit(page, f"/r/kreis-dithmarschen/beteiligung/{survey.pk}/ergebnisse/")
    expect(page.get_by_test_id("response-count")).to_have_text("2000")
    assert page.locator("main svg").count() >= 5
    check_axe(page)
    screenshot(page, "results")
    visit(phone, f"/r/kreis-dithmarschen/beteiligung/{survey.pk}/ergebnisse/")
    check_axe(phone)
    screenshot(phone, "results-phone")
    visit(page, f"/r/kreis-dithmarschen/beteiligung/{survey.pk}/")
    expect(page.locator("main")).to_contain_text("Diese Umfrage ist beendet")
    check_axe(page)
    request_log.assert_same_host()


def test_overview_lists_the_region_surveys(page: Page, request_log: RequestLog) -> None:
    visit(page, "/r/kreis-steinfurt/beteiligung/")
    expect(page.locator("main")).to_contain_text("Welche Handlungsfelder sind Ihnen wichtig?")
    check_axe(page)
    screenshot(page, "overview")
    request_log.assert_same_host()
