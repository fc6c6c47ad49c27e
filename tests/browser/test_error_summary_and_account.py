"""A form sent back with errors starts with its error summary (focus there, links to the fields);
the account's pages ("Mein Konto") share one navigation. Both checked with axe, at 1280 and
390 px wide, with screenshots in test-results/screens/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}


def screenshots(page: Page, name: str) -> None:
    """The page as it is now at desktop and phone width; at phone width nothing scrolls sideways."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENS_DIR / f"{name}-390.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{name}: die Seite ist bei 390 px {width} px breit"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_focus_lands_on_the_error_summary(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/beteiligung/neu/")
    page.locator("#id_title").fill("Radwege im Kreis")
    page.locator("#id_opens_at").fill("2027-05-10T10:00")
    page.locator("#id_closes_at").fill("2027-05-01T10:00")
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").first.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_closes_at']")).to_contain_text(
        "Das Ende der Umfrage muss nach ihrem Beginn liegen."
    )
    ende = page.locator(".kern-form-input", has=page.locator("#id_closes_at"))
    expect(ende.locator(".kern-error")).to_contain_text("Das Ende der Umfrage muss nach ihrem Beginn liegen.")
    expect(page.locator("#id_closes_at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).not_to_contain_text("survey_closes_after_opening")
    # The summary's link leads to the field.
    summary.locator("a[href='#id_closes_at']").click()
    expect(page).to_have_url(re.compile(r"#id_closes_at$"))
    check_axe(page)
    screenshots(page, "fehlerliste-umfrage")
    request_log.assert_same_host()


def test_login_button_reads_anmelden(page: Page) -> None:
    visit(page, "/konto/login/")
    expect(page.locator("main form button[type=submit]")).to_have_text("Anmelden")


@pytest.mark.parametrize(
    ("path", "current", "name"),
    [
        ("/konto/email/", "E-Mail-Adressen", "konto-email"),
        ("/konto/password/change/", "Passwort", "konto-passwort"),
        ("/konto/2fa/", "Zwei-Faktor-Anmeldung", "konto-zwei-faktor"),
        ("/konto/daten/", "Meine Daten", "konto-daten"),
    ],
)
def test_account_pages_share_one_navigation(
    page: Page, request_log: RequestLog, path: str, current: str, name: str
) -> None:
    login(page, demo_email("lesen"))
    visit(page, "/")
    page.locator("header").get_by_role("link", name="Mein Konto").click()
    expect(page).to_have_url(re.compile(r"/konto/email/$"))
    visit(page, path)
    nav = page.get_by_role("navigation", name="Mein Konto")
    links = nav.get_by_role("link")
    expect(links).to_have_text(["E-Mail-Adressen", "Passwort", "Zwei-Faktor-Anmeldung", "Meine Daten"])
    expect(nav.locator("[aria-current=page]")).to_have_text(current)
    expect(page.locator("main h1")).to_have_count(1)
    check_axe(page)
    screenshots(page, name)
    request_log.assert_same_host()
