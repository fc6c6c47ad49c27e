"""A person downloads what the platform holds about them and deletes their account, by keyboard:
"Meine Daten" and the deletion page checked with axe (screenshots in test-results/screens/)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from smartregion.accounts.models import User
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, login, tab_to, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EMAIL = "loeschen.browser@example.org"
PASSWORD = "Ein-langes-Passwort-2026"


@pytest.fixture(scope="module")
def person_to_delete(demo_data: None, django_db_blocker: Any) -> Iterator[None]:
    """A person of their own, written before the test's transaction so that the live server sees them
    also on PostgreSQL (each test's own writes stay in its transaction there)."""
    with django_db_blocker.unblock():
        person = User.objects.create_user(email=EMAIL, password=PASSWORD, name="Lena Löscher")
        EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
        yield
        User.objects.filter(email=EMAIL).delete()


def test_download_then_delete_the_account_by_keyboard(
    page: Page, request_log: RequestLog, person_to_delete: None
) -> None:
    login(page, EMAIL, PASSWORD)

    visit(page, "/konto/daten/")
    check_axe(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Alle Daten herunterladen (PDF zum Lesen und Drucken)").click()
    assert pdf.value.suggested_filename.startswith("meine-daten-")
    assert pdf.value.suggested_filename.endswith(".pdf")

    tab_to(page, "a[href='/konto/loeschen/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Konto löschen?")
    check_axe(page)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / "konto-loeschen.png", full_page=True)

    tab_to(page, "#id_password")
    page.keyboard.type("falsch")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text("Das Passwort ist nicht richtig.")
    check_axe(page)
    assert User.objects.filter(email=EMAIL).exists()

    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    expect(page.locator("main")).to_contain_text("Ihr Konto ist gelöscht.")
    assert not User.objects.filter(email=EMAIL).exists()
    request_log.assert_same_host()


def test_the_coordinator_reads_the_record_of_processing_activities(
    page: Page, request_log: RequestLog
) -> None:
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/verwaltung/")
    with page.expect_navigation():
        page.get_by_role("link", name="Verzeichnis von Verarbeitungstätigkeiten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verzeichnis von Verarbeitungstätigkeiten")
    expect(page.locator("main")).to_contain_text("Anmeldungen zu Veranstaltungen")
    check_axe(page)
    page.screenshot(path=SCREENS_DIR / "verarbeitungsverzeichnis.png", full_page=True)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    assert pdf.value.suggested_filename.startswith("verarbeitungsverzeichnis-kreis-steinfurt-")
    request_log.assert_same_host()
