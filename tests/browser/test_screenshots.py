"""Screenshots for people to look at, in test-results/screens/ (not in git), plus layout checks.

Desktop 1280×900 for the start page, the Kreis Steinfurt page and member management;
a phone (390×844) for the region page. At phone width no page may scroll sideways
(WCAG 1.4.10 Reflow); wide tables scroll inside their own box.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from smartregion.accounts.models import Invitation, Role, User
from smartregion.accounts.services import invite_member
from smartregion.regions.models import Region
from tests.browser.helpers import SCREENS_DIR, check_axe, demo_email, horizontal_overflow, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def screenshot(page: Page, name: str) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"{name}.png", full_page=True)


def clipped_buttons(page: Page) -> list[str]:
    """Buttons whose label does not fit (e.g. KERN's icon-button width on a button with text)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(".kern-btn")].flatMap((button) => {
                const label = button.querySelector(".kern-label");
                if (!label || button.offsetParent === null) return [];
                const outer = button.getBoundingClientRect();
                const inner = label.getBoundingClientRect();
                const fits = inner.left >= outer.left - 1 && inner.right <= outer.right + 1;
                return fits ? [] : [`${label.innerText.trim()} (${outer.width} px für ${inner.width} px)`];
            })"""
        )
    )


def open_invitation() -> None:
    """One open invitation, so that the member page shows its list and its button."""
    region = Region.objects.get(slug="kreis-steinfurt")
    email = "beispiel.person@kreis-steinfurt.example"
    if not Invitation.objects.filter(region=region, email=email).exists():
        coordinator = User.objects.get(email=demo_email("koordination"))
        invite_member(region=region, email=email, role=Role.PROJECT_LEAD, invited_by=coordinator)


def test_desktop_screens(page: Page) -> None:
    visit(page, "/")
    screenshot(page, "start-desktop")
    visit(page, "/r/kreis-steinfurt/")
    screenshot(page, "region-steinfurt-desktop")
    open_invitation()
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/verwaltung/mitglieder/")
    screenshot(page, "members-steinfurt-desktop")
    assert not horizontal_overflow(page), horizontal_overflow(page)
    assert not clipped_buttons(page), clipped_buttons(page)
    visit(page, "/r/kreis-steinfurt/")
    screenshot(page, "region-steinfurt-desktop-coordinator")


@pytest.fixture
def phone(
    browser: Browser, browser_context_args: dict[str, Any], request: pytest.FixtureRequest
) -> Iterator[Page]:
    width = request.param
    context = browser.new_context(
        **{**browser_context_args, **PHONE, "viewport": {"width": width, "height": 844}}
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("phone", [390, 320], indirect=True, ids=["390px", "320px"])
def test_phone_screens(phone: Page) -> None:
    page = phone
    width = page.viewport_size["width"] if page.viewport_size else 0
    for path, name in [("/r/kreis-steinfurt/", "region-steinfurt"), ("/", "start")]:
        visit(page, path)
        if width == 390:
            screenshot(page, f"{name}-phone")
        assert not horizontal_overflow(page), f"{path} bei {width} px: {horizontal_overflow(page)}"
        check_axe(page)  # contrast and target sizes at phone width too
    open_invitation()
    login(page, demo_email("koordination"))
    # The region switcher's list must open inside the screen.
    visit(page, "/r/kreis-steinfurt/")
    page.locator(".region-switcher summary").click()
    box = page.locator(".region-switcher__list").bounding_box()
    assert box is not None
    assert box["x"] >= 0, f"Liste „Region wechseln“ ragt links aus dem Bild: {box}"
    assert box["x"] + box["width"] <= width, f"Liste „Region wechseln“ ragt rechts aus dem Bild: {box}"
    if width == 390:
        screenshot(page, "region-switcher-coordinator-phone")
    for path in ["/r/kreis-steinfurt/", "/r/kreis-steinfurt/verwaltung/mitglieder/"]:
        visit(page, path)
        if width == 390:
            screenshot(page, path.strip("/").replace("/", "-") + "-coordinator-phone")
        assert not horizontal_overflow(page), f"{path} bei {width} px: {horizontal_overflow(page)}"
