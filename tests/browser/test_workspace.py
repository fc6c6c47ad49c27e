"""The Steinfurt coordinator logs in and lands on "Meine Aufgaben": checked by axe at desktop and
phone width (screenshots in test-results/screens/), then one item is followed to where it is done."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from smartregion.ideas.selectors import moderation_queue
from smartregion.regions.models import Region
from tests.browser.helpers import (
    SCREENS_DIR,
    RequestLog,
    check_axe,
    demo_email,
    horizontal_overflow,
    login,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WORKSPACE = "/aufgaben/"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"{name}.png", full_page=True)


@pytest.fixture
def phone(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(**{**browser_context_args, **PHONE})
    yield context.new_page()
    context.close()


def test_the_coordinator_lands_on_the_workspace_and_follows_an_item(
    page: Page, request_log: RequestLog
) -> None:
    login(page, demo_email("koordination"))

    assert urlsplit(page.url).path == WORKSPACE
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    expect(page.locator(".site-header__tools a[aria-current='page']")).to_have_text("Meine Aufgaben")
    region = page.get_by_role("region", name="Kreis Steinfurt")
    expect(region.get_by_role("link", name="Verwaltung des Kreises Steinfurt")).to_be_visible()
    check_axe(page)
    assert not horizontal_overflow(page), horizontal_overflow(page)
    screenshot(page, "workspace-coordinator-desktop")

    on_workspace = region.locator(".task-list__item").count()
    assert on_workspace >= 1
    # On PostgreSQL what other browser tests sent stays: count what waits now, as the page must.
    waiting = moderation_queue(Region.objects.get(slug="kreis-steinfurt")).count()
    assert waiting >= 1
    item = region.locator(".task-list__item").filter(has_text="Ideen zur Moderation")
    expect(item.locator(".task-list__count")).to_have_text(str(waiting))
    with page.expect_navigation(wait_until="load"):
        item.get_by_role("link", name="Ideen zur Moderation").click()
    assert urlsplit(page.url).path == "/r/kreis-steinfurt/ideen/moderation/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The management page is one link away and shows the same items, linking back.
    visit(page, WORKSPACE)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Verwaltung des Kreises Steinfurt").click()
    assert urlsplit(page.url).path == "/r/kreis-steinfurt/verwaltung/"
    todo = page.get_by_role("region", name="Zu erledigen")
    expect(todo.locator(".task-list__item")).to_have_count(on_workspace)
    expect(todo.get_by_role("link", name="Meine Aufgaben in allen Ihren Regionen")).to_be_visible()
    check_axe(page)
    screenshot(page, "manage-coordinator-desktop")
    request_log.assert_same_host()


def test_the_workspace_at_phone_width(phone: Page) -> None:
    login(phone, demo_email("kommune"))
    assert urlsplit(phone.url).path == WORKSPACE

    # The questionnaire may be sent by another browser test already (on PostgreSQL it stays sent):
    # the officer's role names the municipality either way.
    expect(phone.get_by_role("region", name="Kreis Steinfurt")).to_contain_text(
        "Digitalisierungsbeauftragte:r der Kommune (Greven)"
    )
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    check_axe(phone)
    screenshot(phone, "workspace-officer-phone")

    visit(phone, "/konto/logout/", status=200)
    phone.get_by_role("main").get_by_role("button").first.click()
    login(phone, demo_email("koordination"))
    assert urlsplit(phone.url).path == WORKSPACE
    assert not horizontal_overflow(phone), horizontal_overflow(phone)
    check_axe(phone)
    screenshot(phone, "workspace-coordinator-phone")
