"""Every page of the site map, anonymous and as each demo role of Kreis Steinfurt.

Each page must answer with the expected status, be German (``<html lang="de">``), pass axe-core
(WCAG 2.1 A/AA) and load nothing from another host. Besides the pages listed here, the test
follows the links it finds (one page per URL name), so the pages of new apps are checked as soon
as something links to them.

Every page is also checked for what it loads: nothing from another host, nothing the
Content-Security-Policy refuses, no subresource or fetch answered with an error; and for what it
says: no "---------" and no database constraint's name (``helpers.leaked_internals``).

Every page is looked at on a desktop (1280 px) and on a phone (390 px): the same visit, the viewport
narrowed once, with the navigation's menu opened, where the page must not scroll sideways. axe, the
costly part of a visit, runs at phone width once per kind of page (URL name and status) in a test
process, whichever role comes first: the roles see the same layout, only a few links differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from smartregion.accounts.models import Membership
from smartregion.regions.models import Organisation
from tests.browser.helpers import (
    DEMO_PASSWORD,
    DESKTOP_VIEWPORT,
    PHONE_VIEWPORT,
    RequestLog,
    axe_violations,
    check_axe,
    demo_email,
    format_violations,
    horizontal_overflow,
    html_lang,
    leaked_internals,
    login,
    preload_axe,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STEINFURT = "/r/kreis-steinfurt"
API_DOCS = "/api/v1/docs"
FILE_SUFFIXES = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".odt",
    ".csv",
    ".ics",
    ".json",
    ".jsonld",
    ".atom",
    ".zip",
    ".svg",
    ".png",
)
CRAWL_LIMIT = 60  # distinct URL names per role; the site has far fewer today
# Kinds of page (URL name, HTTP status) that axe has checked at phone width in this process.
PHONE_AXE_DONE: set[tuple[str, int]] = set()
OPEN_MENU = "() => document.querySelectorAll('details.site-nav__menu').forEach((m) => { m.open = true; })"


@dataclass(frozen=True)
class Check:
    path: str
    status: int = 200
    lands_on: str = ""  # path the browser must end on after redirects when not ``path``; "*": any
    axe: bool = True


PUBLIC = [
    Check("/"),
    Check("/impressum/"),
    Check("/datenschutz/"),
    Check("/barrierefreiheit/"),
    Check(f"{STEINFURT}/"),
    Check(f"{STEINFURT}/kommunen/"),
    Check(f"{STEINFURT}/organisationen/"),
    Check(f"{STEINFURT}/impressum/"),
    Check(f"{STEINFURT}/datenschutz/"),
    Check(f"{STEINFURT}/barrierefreiheit/"),
    Check("/r/kreis-coesfeld/"),
    Check("/r/kreis-dithmarschen/"),
    Check("/r/gibt-es-nicht/", status=404),
    Check(API_DOCS),
]
ANONYMOUS = [
    Check("/konto/login/"),
    Check("/konto/password/reset/"),
    Check("/konto/signup/"),
    Check(f"{STEINFURT}/verwaltung/", lands_on="/konto/login/"),
    Check(f"{STEINFURT}/verwaltung/mitglieder/", lands_on="/konto/login/"),
]
ACCOUNT = [
    Check("/konto/email/"),
    Check("/konto/password/change/"),
    Check("/konto/2fa/"),
]
NOT_COORDINATOR = [
    Check(f"{STEINFURT}/verwaltung/", status=403),
    Check(f"{STEINFURT}/verwaltung/mitglieder/", status=403),
    Check(f"{STEINFURT}/kommunen/neu/", status=403),
    Check(f"{STEINFURT}/kommunen/greven/bearbeiten/", status=403),
]
OFFICER = [
    Check(f"{STEINFURT}/kommunen/greven/bearbeiten/"),  # the demo officer acts for Greven
    Check(f"{STEINFURT}/kommunen/emsdetten/bearbeiten/", status=403),
    Check(f"{STEINFURT}/verwaltung/", status=403),
]


def coordinator_pages() -> list[Check]:
    member = Membership.objects.get(region__slug="kreis-steinfurt", user__email=demo_email("lesen"))
    organisation = Organisation.objects.filter(region__slug="kreis-steinfurt").order_by("pk").first()
    assert organisation is not None
    return [
        Check(f"{STEINFURT}/verwaltung/"),
        Check(f"{STEINFURT}/verwaltung/mitglieder/"),
        Check(f"{STEINFURT}/verwaltung/mitglieder/{member.pk}/"),
        Check(f"{STEINFURT}/verwaltung/seiten/"),
        Check(f"{STEINFURT}/kommunen/neu/"),
        Check(f"{STEINFURT}/kommunen/greven/bearbeiten/"),
        Check(f"{STEINFURT}/organisationen/neu/"),
        Check(f"{STEINFURT}/organisationen/{organisation.slug}/bearbeiten/"),
        # Setting up TOTP asks for the password again first (test_totp_setup goes on from there).
        Check("/konto/2fa/totp/activate/", lands_on="/konto/reauthenticate/"),
    ]


# role key (the demo address's local part) -> pages beyond the public ones
ROLES = {
    "anonym": None,
    "koordination": coordinator_pages,
    "kommune": lambda: OFFICER,
    "lenkungsausschuss": lambda: NOT_COORDINATOR,
    "projektleitung": lambda: NOT_COORDINATOR,
    "lesen": lambda: NOT_COORDINATOR,
}


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


class SiteMapWalk:
    """Visits pages and collects every problem instead of stopping at the first."""

    def __init__(self, page: Page, log: RequestLog, role: str) -> None:
        self.role = role
        self.page = page
        self.log = log
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, check: Check) -> None:
        page, log = self.page, self.log
        log.clear()
        response = page.goto(check.path, wait_until="load")
        self.visited.append(check.path)
        here = f"{check.path} (als {self.role})"
        if response is None:
            self.problems.append(f"{here}: keine Antwort")
            return
        if response.status != check.status:
            heading = (
                " ".join(page.locator("h1").first.inner_text().split()) if page.locator("h1").count() else ""
            )
            self.problems.append(f"{here}: HTTP {response.status} statt {check.status} („{heading}“)")
        landed = urlsplit(page.url).path
        if check.lands_on != "*" and landed != (check.lands_on or urlsplit(check.path).path):
            self.problems.append(f"{here}: landet auf {page.url}")
        lang = html_lang(page)
        if lang != "de":
            self.problems.append(f'{here}: <html lang="{lang}"> statt "de"')
        if check.axe:
            violations = axe_violations(page)
            if violations:
                self.problems.append(f"{here}: {format_violations(page.url, violations)}")
        self.problems += [f"{here}: zeigt {leak}" for leak in leaked_internals(page)]
        kind = (_url_name(urlsplit(page.url).path) or urlsplit(page.url).path, response.status)
        self.check_phone(here, axe=check.axe and kind not in PHONE_AXE_DONE)
        PHONE_AXE_DONE.add(kind)
        self.problems += [f"{here}: {problem}" for problem in log.problems()]
        self.check_still_logged_in(check.path)

    def check_phone(self, here: str, *, axe: bool) -> None:
        """The same page at 390 px with its menu open: nothing wider than the screen; axe where asked."""
        page = self.page
        page.set_viewport_size(PHONE_VIEWPORT)
        page.evaluate(OPEN_MENU)
        try:
            overflow = horizontal_overflow(page)
            if overflow:
                self.problems.append(f"{here} bei 390 px: breiter als der Bildschirm: {', '.join(overflow)}")
            violations = axe_violations(page) if axe else []
            if violations:
                self.problems.append(f"{here} bei 390 px: {format_violations(page.url, violations)}")
        finally:
            page.set_viewport_size(DESKTOP_VIEWPORT)

    def check_still_logged_in(self, path: str) -> None:
        if self.role != "anonym" and self.page.get_by_role("button", name="Abmelden").count() != 1:
            self.problems.append(f"{path} (als {self.role}): nicht mehr angemeldet")

    def links(self) -> list[str]:
        """Paths of the same-host links to pages (not files) on the current page."""
        hrefs = self.page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
        paths = []
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc != self.log.netloc or parts.path.startswith(("/static/", "/media/")):
                continue
            if parts.path.lower().endswith(FILE_SUFFIXES):
                continue  # downloads (PDF, DOCX, …) are the app tests' business
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return paths

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"{len(self.problems)} Problem(e) auf {len(self.visited)} Seiten:\n"
            + "\n".join(self.problems)
            + "\n\nBesucht, in dieser Reihenfolge:\n"
            + "\n".join(self.visited)
        )


def checks_for(role: str) -> list[Check]:
    extra = ROLES[role]
    return PUBLIC + (ANONYMOUS if extra is None else ACCOUNT + extra())


@pytest.mark.parametrize("role", list(ROLES))
def test_site_map(role: str, page: Page, request_log: RequestLog) -> None:
    """The listed pages, for one role."""
    preload_axe(page.context)
    if role != "anonym":
        login(page, demo_email(role))
    walk = SiteMapWalk(page, request_log, role)
    for check in checks_for(role):
        walk.check(check)
    walk.assert_clean()


@pytest.mark.parametrize("role", ["anonym", "koordination"])
def test_linked_pages(role: str, page: Page, request_log: RequestLog) -> None:
    """Pages the list above does not name, found by following links: one page per URL name.

    Anonymous people see every public page; the coordinator sees every link there is.
    """
    preload_axe(page.context)
    if role != "anonym":
        login(page, demo_email(role))
    listed = {_url_name(urlsplit(check.path).path) for check in checks_for(role)}
    walk = SiteMapWalk(page, request_log, role)
    queue = ["/", f"{STEINFURT}/"]
    names_queued: set[str | None] = {_url_name(path) for path in queue}
    while queue and len(names_queued) < CRAWL_LIMIT:
        path = queue.pop(0)
        if _url_name(urlsplit(path).path) in listed:
            page.goto(path, wait_until="load")  # checked by test_site_map; only gather its links
            walk.visited.append(f"{path} (nur Links gesammelt)")
            walk.check_still_logged_in(path)
        else:
            walk.check(Check(path, lands_on="*"))
        for link in walk.links():
            name = _url_name(urlsplit(link).path)
            if name is not None and name not in names_queued:
                names_queued.add(name)
                queue.append(link)
    assert walk.visited, "Kein Link zu einer Seite außerhalb der Liste gefunden"
    walk.assert_clean()


def test_totp_setup(page: Page, request_log: RequestLog) -> None:
    """Coordinators must set up TOTP (REQUIRE_MFA_FOR_COORDINATORS): the pages on the way."""
    login(page, demo_email("koordination"))
    visit(page, "/konto/2fa/totp/activate/")
    assert urlsplit(page.url).path == "/konto/reauthenticate/"
    check_axe(page)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").first.click()
    assert urlsplit(page.url).path == "/konto/2fa/totp/activate/"
    assert page.locator("main input[name=code]").count() == 1
    assert html_lang(page) == "de"
    check_axe(page)
    request_log.assert_same_host()
