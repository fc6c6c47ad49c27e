"""Member management with the keyboard only: the Steinfurt coordinator invites a person."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    DEMO_PASSWORD,
    RequestLog,
    check_axe,
    demo_email,
    focused,
    html_lang,
    tab_to,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MEMBERS = "/r/kreis-steinfurt/verwaltung/mitglieder/"


def keyboard_login(page: Page, email: str) -> None:
    visit(page, "/konto/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]", limit=2)  # past the "Passwort vergessen?" link in its hint
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def follow_with_keyboard(page: Page, selector: str) -> None:
    """Tab to a link and press Enter on it."""
    tab_to(page, selector)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def open_members_page(page: Page) -> None:
    keyboard_login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/")
    follow_with_keyboard(page, "nav.site-nav a[href$='/verwaltung/']")
    follow_with_keyboard(page, f"main a[href='{MEMBERS}']")
    assert page.url.endswith(MEMBERS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitglieder und Rollen")


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page: Page) -> None:
    visit(page, "/r/kreis-steinfurt/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"], f"Erster Tab-Halt ist nicht der Link zum Inhalt: {first}"
    assert first["text"] == "Zum Inhalt springen"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["x"] >= 0, f"Link zum Inhalt beim Fokus nicht sichtbar: {box}"
    assert box["y"] >= 0, f"Link zum Inhalt beim Fokus nicht sichtbar: {box}"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main", f"Fokus nach dem Link zum Inhalt: {focused(page)}"
    # The next Tab stop is inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_coordinator_invites_a_person_with_the_keyboard(
    page: Page, request_log: RequestLog, django_capture_on_commit_callbacks: Any
) -> None:
    open_members_page(page)
    address = f"neue.person.{uuid.uuid4().hex[:8]}@kreis-steinfurt.example"

    tab_to(page, "#id_email")
    page.keyboard.type(address)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_role", focused(page)
    for _ in range(4):  # Koordination → … → Lesezugriff, without opening the list
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_role").input_value() == "reader"
    tab_to(page, "main form button[type=submit]", limit=5)  # past municipality and organisation
    assert focused(page)["text"] == "Einladung verschicken"
    # The mail goes out after the commit; inside the test's transaction (SQLite) run it on leaving.
    with django_capture_on_commit_callbacks(execute=True), page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")

    assert page.url.endswith(MEMBERS)
    expect(page.locator(".messages")).to_contain_text(f"Die Einladung an {address} wurde verschickt.")
    invitations = page.locator("section[aria-labelledby=invitations-heading]")
    expect(invitations.locator("li", has_text=address)).to_contain_text("Lesezugriff")
    assert [message.to for message in mail.outbox] == [[address]]
    check_axe(page)
    request_log.assert_same_host()


def test_inviting_a_member_shows_the_error_next_to_the_field(page: Page, request_log: RequestLog) -> None:
    open_members_page(page)
    member = demo_email("lesen")

    tab_to(page, "#id_email")
    page.keyboard.type(member)
    with page.expect_navigation(wait_until="load") as navigation:
        page.keyboard.press("Enter")  # implicit submission from the text field
    response = navigation.value
    assert response is not None
    assert response.status == 400

    field = page.locator(".kern-form-input", has=page.locator("#id_email"))
    expect(field.locator(".kern-error")).to_have_text("Diese Person ist bereits Mitglied der Region.")
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email")).to_have_value(member)
    expect(page.locator(".messages")).to_have_count(0)
    assert html_lang(page) == "de"
    check_axe(page)
    request_log.assert_same_host()
