"""The idea pages in Debian's Chromium: axe-core (WCAG 2.1 A/AA) and the flow without JavaScript tricks.

A citizen submits an idea through the form, confirms the address, a coordinator publishes it,
and the citizen supports and comments on it. Every page on the way passes axe.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    administration_fixture,
    idea_test_settings,
    mobility_fixture,
)
from tests.browser.helpers import check_axe, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the test body
CHROMIUM = Path("/usr/bin/chromium")
IDEAS = "/r/kreis-steinfurt/ideen/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} fehlt: `apt-get install chromium`. Niemals `playwright install`.")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture
def site(live_server: LiveServer, browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    yield context
    context.close()


def _as(context: BrowserContext, user: Any, live_server: LiveServer) -> Page:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_idea_flow_passes_axe_and_works_by_keyboard(
    site, live_server, browser, mobility, greven, coordinator
):
    citizen = site.new_page()

    visit(citizen, IDEAS + "neu/")
    check_axe(citizen)
    citizen.get_by_label("Titel Ihrer Idee").fill("Freies WLAN am Bahnhof")
    citizen.get_by_label("Beschreibung").fill("Am Bahnhof Greven fehlt freies WLAN.")
    citizen.get_by_label("Handlungsfeld").select_option(label="Mobilität")
    citizen.get_by_label("Kommune").select_option(label="Greven")
    citizen.get_by_label("Ihr Name").fill("Erika Muster")
    citizen.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Idee einreichen").press("Enter")
    assert "erika@example.org" in citizen.inner_text("main")
    check_axe(citizen)

    idea = Idea.objects.get()
    visit(citizen, f"{IDEAS}bestaetigen/{idea.confirmation_token}/")
    check_axe(citizen)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="E-Mail-Adresse bestätigen").press("Enter")
    assert Idea.objects.get().status == IdeaStatus.SUBMITTED

    moderator_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    moderator = _as(moderator_context, coordinator, live_server)
    visit(moderator, IDEAS + "moderation/")
    check_axe(moderator)
    visit(moderator, f"{IDEAS}{idea.pk}/moderation/")
    check_axe(moderator)
    with moderator.expect_navigation():
        moderator.get_by_role("button", name="Idee veröffentlichen").press("Enter")
    assert Idea.objects.get().status == IdeaStatus.PUBLISHED

    visit(citizen, f"{IDEAS}{idea.pk}/")
    check_axe(citizen)
    citizen.locator("#support_email").fill("max@example.org")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Idee unterstützen").press("Enter")
    citizen.get_by_label("Ihr Name").fill("Max")
    citizen.get_by_label("Ihr Kommentar").fill("Gute Idee!")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Kommentar abschicken").press("Enter")
    check_axe(citizen)
    assert IdeaSupport.objects.get().email == "max@example.org"
    assert IdeaComment.objects.get().status == CommentStatus.PENDING

    visit(moderator, IDEAS + "moderation/")
    check_axe(moderator)
    visit(moderator, f"{IDEAS}{idea.pk}/")
    check_axe(moderator)
    visit(citizen, IDEAS + "?q=WLAN&municipality=greven")
    check_axe(citizen)
    moderator_context.close()
