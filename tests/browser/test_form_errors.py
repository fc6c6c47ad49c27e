"""Forms with errors: the messages are German, next to their field, and pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import RequestLog, check_axe, demo_email, html_lang, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def submit(page: Page) -> int:
    with page.expect_navigation(wait_until="load") as navigation:
        page.locator("main form button[type=submit]").first.click()
    response = navigation.value
    assert response is not None
    return response.status


def test_login_with_a_wrong_password(page: Page, request_log: RequestLog) -> None:
    visit(page, "/konto/login/")
    page.locator("input[name=login]").fill(demo_email("lesen"))
    page.locator("input[name=password]").fill("falsches-passwort")
    submit(page)
    expect(page.locator("main")).to_contain_text("und/oder das Passwort sind leider falsch")
    assert html_lang(page) == "de"
    check_axe(page)
    request_log.assert_same_host()


def test_signup_with_an_address_that_has_an_account(page: Page, request_log: RequestLog) -> None:
    visit(page, "/konto/signup/")
    page.locator("input[name=email]").fill(demo_email("lesen"))
    page.locator("input[name=password1]").fill("ein-langes-neues-passwort")
    page.locator("input[name=password2]").fill("ein-anderes-passwort")
    submit(page)
    expect(page.locator("main .kern-error").first).to_be_visible()
    assert html_lang(page) == "de"
    check_axe(page)
    request_log.assert_same_host()


def test_municipality_form_with_errors(page: Page, request_log: RequestLog) -> None:
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/kommunen/neu/")
    page.locator("#id_ags").fill("123")
    page.locator("#id_population").fill("-5")
    assert submit(page) in {200, 400}
    for field in ("name", "ags", "population"):
        group = page.locator(".kern-form-input", has=page.locator(f"#id_{field}"))
        expect(group.locator(".kern-error")).to_have_count(1)
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".kern-form-input", has=page.locator("#id_name"))).to_contain_text(
        "Dieses Feld ist zwingend erforderlich."
    )
    check_axe(page)
    request_log.assert_same_host()
