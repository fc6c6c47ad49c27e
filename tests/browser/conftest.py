"""Browser tests: Debian's Chromium, driven by Playwright, against a live Django server.

Never a downloaded browser: ``/usr/bin/chromium`` (``apt-get install chromium``, or ``make chromium``).

The demo data of ``manage.py load_demo`` is loaded once while this package's tests run, and the
database is flushed after them, so the unit tests find it empty as usual (loading it for every
test would cost seconds each). Each test runs in a transaction (``pytest.mark.django_db``) and a
fresh browser context: on SQLite, whose in-memory test database the live server shares, all a
test writes is rolled back; on PostgreSQL what the pages write stays until the flush (only
invitations to addresses no other test uses).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import DESKTOP_VIEWPORT, RequestLog, login

# Playwright's sync API runs an event loop in this thread; Django would refuse database access
# from the test body beside it. The test body never runs inside that loop, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright empties its --output folder (default "test-results") when a session starts,
    # in every xdist worker; keep it in a subfolder so test-results/screens survives the run.
    if config.getoption("--output", default=None) == "test-results":
        config.option.output = "test-results/playwright"


def _assert_test_databases() -> None:
    """Refuse to load or flush anything but a test database (never db.sqlite3 or the real PostgreSQL)."""
    for connection in connections.all():
        name = str(connection.settings_dict["NAME"])
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        if not (in_memory or Path(name).name.startswith("test_")):
            pytest.fail(f"Browser-Tests laufen nicht auf einer Testdatenbank, sondern auf {name!r}.")


@pytest.fixture(scope="session")
def demo_server(
    django_db_setup: None, django_db_blocker: Any, playwright: Playwright
) -> Iterator[LiveServer]:
    """Django's live server thread on the test database, one per test process.

    Not pytest-django's ``live_server``: that one flushes the database after every test.

    Started after Playwright on purpose: while Playwright's event loop exists, Django keeps this
    thread's connections in other (context-local) storage. Started after it, the server shares
    the very connection the tests use, which SQLite's in-memory test database needs.
    """
    _assert_test_databases()
    with django_db_blocker.unblock():
        server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    yield server
    server.stop()
    # Close them while Playwright still runs, i.e. in the storage the tests used; else PostgreSQL
    # refuses to drop the test database ("being accessed by other users").
    connections.close_all()


@pytest.fixture(scope="package")
def demo_data(demo_server: LiveServer, django_db_blocker: Any) -> Iterator[None]:
    """The demo regions and people of ``load_demo``, while this package's tests run."""
    settings = override_settings(
        # Fast hashing for the demo people (password "smartregion-demo").
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # With DEBUG=0 coordinators would first be sent to set up TOTP; test_sitemap checks that page.
        REQUIRE_MFA_FOR_COORDINATORS=False,
    )
    _assert_test_databases()
    with django_db_blocker.unblock(), settings:
        call_command("load_demo", force=True, stdout=io.StringIO())
        try:
            yield
        finally:
            _assert_test_databases()
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _browser_test(request: pytest.FixtureRequest, demo_data: None) -> None:
    """Every browser test is marked ``browser`` and ``django_db`` (without transaction=True).

    ``django_db`` makes pytest-django create the test database and wrap each test in a
    transaction: what the test body writes is rolled back, and on SQLite (whose in-memory test
    database the live server shares) also what the pages write. The demo data, loaded before,
    stays for the next test.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or request.node.get_closest_marker("browser") is None:
        pytest.fail("Browser-Tests brauchen pytestmark = [pytest.mark.browser, pytest.mark.django_db].")
    if marker.kwargs.get("transaction"):
        pytest.fail("django_db(transaction=True) würde die Demodaten nach dem Test löschen.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's session-wide browser, launched from Debian's Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} fehlt. Browser-Tests brauchen Debians Chromium: "
            "`apt-get install chromium` (oder `make chromium`). Niemals `playwright install`."
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(demo_server: LiveServer) -> str:
    """Relative URLs in ``page.goto("/…")`` point at the live server."""
    return str(demo_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A German desktop browser (pytest-playwright's arguments include ``base_url``)."""
    return {
        **browser_context_args,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "viewport": DESKTOP_VIEWPORT,
    }


@pytest.fixture
def request_log(context: BrowserContext, demo_server: LiveServer) -> RequestLog:
    """Every request and console error of the test's browser context."""
    log = RequestLog(origin=demo_server.url)
    context.on("request", log.record)
    context.on("response", log.record_response)
    context.on("console", log.record_console)
    return log


@pytest.fixture
def people(browser: Browser, browser_context_args: dict[str, Any], demo_server: Any) -> Iterator[Any]:
    """Further browsers, one per person, each with its own log of requests."""
    opened: list[tuple[BrowserContext, RequestLog]] = []

    def _open(email: str) -> Page:
        context = browser.new_context(**browser_context_args)
        log = RequestLog(origin=demo_server.url)
        context.on("request", log.record)
        context.on("response", log.record_response)
        context.on("console", log.record_console)
        opened.append((context, log))
        page = context.new_page()
        login(page, email)
        return page

    yield _open
    for context, log in opened:
        log.assert_same_host()
        context.close()
