"""Events in the browser: the public list and event page, registering, and check-in by keyboard.

Every page goes through axe-core and the request log (nothing from another host); screenshots land
in test-results/screens/. Registrations are made through the pages (so the live server writes them
on PostgreSQL too), each with a fresh address.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from smartregion.events.models import Event
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, tab_to, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REGION = "/r/kreis-steinfurt"


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"{name}.png", full_page=True)


def upcoming() -> Event:
    return Event.objects.get(region__slug="kreis-steinfurt", title__startswith="Informationsabend")


def register(page: Page, event: Event, name: str) -> str:
    """Register through the event page with the keyboard; return the address used."""
    email = f"{uuid.uuid4().hex[:10]}@example.org"
    visit(page, event.get_absolute_url())
    tab_to(page, "input[name=name]", limit=80)
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.locator("textarea[name=frage_0]").fill("Greven")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Verbindlich anmelden").press("Enter")
    return email


def test_public_list_and_event_page(page: Page, request_log: RequestLog) -> None:
    visit(page, f"{REGION}/termine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Termine und Veranstaltungen")
    expect(page.get_by_role("link", name="Online-Handlungsfeldworkshop „Mobilität“")).to_be_visible()
    check_axe(page)
    screenshot(page, "events-list-desktop")
    event = upcoming()
    page.get_by_role("link", name=event.title).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.get_by_role("link", name="Termin in den Kalender übernehmen (ICS-Datei)")).to_be_visible()
    check_axe(page)
    screenshot(page, "events-detail-desktop")
    request_log.assert_same_host()


def test_registration_with_errors_then_success(page: Page, request_log: RequestLog) -> None:
    event = upcoming()
    visit(page, event.get_absolute_url())
    page.locator("input[name=name]").fill("Erika Muster")
    page.locator("input[name=email]").fill("keine-adresse")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Verbindlich anmelden").click()
    email = page.locator(".kern-form-input", has=page.locator("input[name=email]"))
    expect(email.get_by_text("Bitte geben Sie eine gültige E-Mail-Adresse an.")).to_be_visible()
    expect(page.locator("[data-error-summary] a[href='#id_email']")).to_be_visible()
    check_axe(page)
    screenshot(page, "events-registration-error")

    register(page, event, "Erika Muster")
    # The demo event asks for double opt-in: the page only points to the mail.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte bestätigen Sie Ihre Anmeldung")
    check_axe(page)
    screenshot(page, "events-registration-page")
    request_log.assert_same_host()


def test_check_in_with_the_keyboard(page: Page, request_log: RequestLog) -> None:
    event = upcoming()
    name = f"Jonas {uuid.uuid4().hex[:6]}"
    register(page, event, name)
    page.context.clear_cookies()
    login(page, demo_email("koordination"))
    visit(page, f"{REGION}/termine/{event.pk}/einlass/?q={name.split()[1]}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Einlass")
    check_axe(page)
    tab_to(page, ".check-in-row button.kern-btn--primary", limit=80)
    page.keyboard.press("Enter")
    row = page.locator("li.check-in-row", has_text=name)
    expect(row).to_have_class("check-in-row check-in-row--in")
    expect(row.get_by_text("Eingelassen")).to_be_visible()
    expect(page.locator("#check-in-count")).to_contain_text("eingelassen")
    check_axe(page)
    screenshot(page, "events-check-in")

    # Searching as one types (htmx) replaces only the list.
    page.locator("#id_q").fill("niemand-heisst-so")
    expect(page.get_by_text("Niemand gefunden.", exact=False)).to_be_visible()
    page.locator("#id_q").fill(name.split()[1])
    expect(page.locator("li.check-in-row", has_text=name)).to_be_visible()
    page.set_viewport_size({"width": 768, "height": 1024})
    screenshot(page, "events-check-in-tablet")

    visit(page, f"{REGION}/termine/{event.pk}/teilnehmende/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende")
    check_axe(page)
    screenshot(page, "events-participants")
    request_log.assert_same_host()


def test_check_in_without_javascript(browser: object, base_url: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="de-DE")
    page = context.new_page()
    try:
        event = upcoming()
        name = f"Nora {uuid.uuid4().hex[:6]}"
        register(page, event, name)
        login(page, demo_email("koordination"))
        visit(page, f"{REGION}/termine/{event.pk}/einlass/?q={name.split()[1]}")
        with page.expect_navigation(wait_until="load"):
            page.locator("li.check-in-row", has_text=name).get_by_role("button", name="Einlassen").click()
        expect(page.get_by_text(f"{name} ist eingelassen.")).to_be_visible()
        expect(page.locator("li.check-in-row", has_text=name)).to_have_class("check-in-row check-in-row--in")
    finally:
        context.close()
