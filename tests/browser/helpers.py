"""Helpers of the browser tests: axe-core checks, the same-host check, logging in, visiting pages."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response

from smartregion.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS_DIR = Path(os.environ.get("SCREENS_DIR") or ROOT / "test-results" / "screens")

# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 asks of a public body's site.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# Schemes that never leave the browser.
_LOCAL_SCHEMES = {"data", "blob", "about"}


def demo_email(role: str, region: str = "steinfurt") -> str:
    """Address of a demo person, e.g. ``demo_email("koordination")``, as made by accounts/demo.py."""
    return f"{role}.{region}@{DEMO_DOMAIN}"


# ---------------------------------------------------------------------------- axe


@functools.cache
def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise AssertionError(f"{AXE_SCRIPT} fehlt: bitte `npm ci` ausführen (axe-core, devDependency).")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def preload_axe(context: BrowserContext) -> None:
    """Have axe-core in every page the context opens (a walk over many pages saves injecting it
    into each one; Chromium keeps the compiled script). Also outside the page's CSP."""
    context.add_init_script(script=_axe_source())


def axe_violations(page: Page, *, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its WCAG 2.1 A/AA violations.

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (script-src 'self') does not govern, so the policy stays in force.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    context: dict[str, Any] = {"include": [["html"]]}
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    result = page.evaluate(
        """([context, tags]) => axe.run(context, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        [context, AXE_TAGS],
    )
    return list(result["violations"])


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} axe-Verstoß/Verstöße (WCAG 2.1 A/AA) auf {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    · {target}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … und {len(violation['nodes']) - 8} weitere Elemente")
    return "\n".join(lines)


def check_axe(page: Page, *, exclude: list[str] | None = None) -> None:
    """Fail with a readable list when axe finds a WCAG 2.1 A/AA violation on the page."""
    violations = axe_violations(page, exclude=exclude)
    if violations:
        raise AssertionError(format_violations(page.url, violations))


# ------------------------------------------------------- requests to other hosts


@dataclass
class RequestLog:
    """Every request the browser context makes, to prove that no page talks to another host."""

    origin: str
    urls: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)  # subresources and fetches answered >= 400

    @property
    def netloc(self) -> str:
        return urlsplit(self.origin).netloc

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def record_response(self, response: Response) -> None:
        # The page itself may answer 403 or 404 on purpose; what it loads may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_loads.append(f"{response.url} (HTTP {response.status})")

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def foreign(self) -> list[str]:
        """Requests that left the live server: another host or another port."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in _LOCAL_SCHEMES and urlsplit(url).netloc != self.netloc
        ]

    def csp_violations(self) -> list[str]:
        """What the Content-Security-Policy refused: a load from another host, inline script or style."""
        return [text for text in self.console_errors if "Content Security Policy" in text]

    def clear(self) -> None:
        self.urls.clear()
        self.console_errors.clear()
        self.failed_loads.clear()

    def problems(self) -> list[str]:
        found = [f"Anfrage an einen anderen Host: {url}" for url in self.foreign()]
        found += [f"Von der CSP blockiert: {text[:200]}" for text in self.csp_violations()]
        found += [f"Laden fehlgeschlagen: {load}" for load in self.failed_loads]
        return found

    def assert_same_host(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- pages, login


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Open a path of the live server and check the HTTP status of the final response."""
    response = page.goto(path, wait_until="load")
    assert response is not None, f"Keine Antwort für {path}"
    assert response.status == status, f"{path}: HTTP {response.status} statt {status} ({response.url})"
    return response


def html_lang(page: Page) -> str:
    return str(page.evaluate("() => document.documentElement.lang"))


# ------------------------------------------------------------------ layout, text

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}  # every browser test's window (conftest)
PHONE_VIEWPORT = {"width": 390, "height": 844}


def horizontal_overflow(page: Page) -> list[str]:
    """When the page is wider than the viewport: the innermost elements that stick out.

    Empty when ``document.documentElement.scrollWidth <= clientWidth`` (WCAG 1.4.10 Reflow: a
    wide table scrolls inside its own box, never the page).
    """
    return list(
        page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return [];
                const out = [];
                for (const el of document.querySelectorAll("body *")) {
                    const box = el.getBoundingClientRect();
                    if (box.right <= width + 1) continue;
                    const inner = [...el.children].some((c) => c.getBoundingClientRect().right > width + 1);
                    if (inner) continue;
                    const classes = String(el.className || "").split(" ").filter(Boolean);
                    const name = [el.tagName.toLowerCase(), ...classes].join(".");
                    out.push(`${name} (rechts bei ${Math.round(box.right)} px)`);
                }
                const total = document.documentElement.scrollWidth;
                return out.length ? out.slice(0, 10) : [`Seitenbreite ${total} px`];
            }"""
        )
    )


@functools.cache
def _internal_names() -> re.Pattern[str]:
    """Names that only the database knows: every model's constraints (``project_slug_per_region``)."""
    from django.apps import apps

    names = sorted({constraint.name for model in apps.get_models() for constraint in model._meta.constraints})
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")


def leaked_internals(page: Page) -> list[str]:
    """What a page shows that is meant for developers: Django's empty choice "---------" (a select
    should say what to choose) or the name of a database constraint (a refused save must explain
    itself in German). Hidden text counts: screen readers read it, and an option is text too."""
    text = str(page.evaluate("() => document.body ? document.body.textContent : ''"))
    found = ["„---------“"] if "---------" in text else []
    found += [f"Name einer Datenbankregel „{name}“" for name in sorted(set(_internal_names().findall(text)))]
    return found


def login(page: Page, email: str, password: str = DEMO_PASSWORD, *, next_path: str = "") -> None:
    """Log in through the allauth login form, as a person would."""
    target = "/konto/login/" + (f"?next={next_path}" if next_path else "")
    visit(page, target)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").first.click()
    if "/konto/login/" in page.url:
        message = " ".join(page.locator("main").inner_text().split())[:500]
        raise AssertionError(f"Anmeldung als {email} fehlgeschlagen ({page.url}): {message}")
    assert page.get_by_role("button", name="Abmelden").count() == 1, f"Nach der Anmeldung als {email}"


# -------------------------------------------------------------------- keyboard


def focused(page: Page) -> dict[str, str]:
    """What has the keyboard focus: tag, id, name, class and text."""
    return dict(
        page.evaluate(
            """() => {
                const el = document.activeElement;
                return {
                    tag: el ? el.tagName.toLowerCase() : "",
                    id: (el && el.id) || "",
                    name: (el && el.getAttribute("name")) || "",
                    cls: (el && el.className && String(el.className)) || "",
                    text: el ? (el.innerText || el.value || "").trim().slice(0, 80) : "",
                };
            }"""
        )
    )


def tab_to(page: Page, selector: str, *, limit: int = 60) -> int:
    """Press Tab until the element matching ``selector`` has the focus; return the number of presses.

    Fails when the element cannot be reached with the keyboard within ``limit`` presses.
    """
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} ist mit der Tab-Taste nicht erreichbar (zuletzt: {focused(page)})")
