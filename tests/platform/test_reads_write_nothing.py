"""A GET never writes: every page of the site map, as anonymous and as each role, issues no INSERT,
UPDATE, DELETE or row lock, and neither does any API read.

The walk starts at the start pages and the roles' own pages and follows every same-host link it
finds (one page per URL name and set of query parameters), so a new page is checked as soon as
something links to it. Counters and tallies are brought up to date by the write that changes them
or by a background task, sessions are not saved by reading, and nothing is logged per view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from smartregion.accounts.models import Membership, Role, User
from smartregion.api.api import api
from smartregion.regions.models import Region
from tests.platform.permission_matrix import region_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE)\b|\bFOR (NO KEY )?UPDATE\b", re.IGNORECASE)
DEMO = "@demo.smartregion.example"
SEEDS = ["/", "/r/kreis-steinfurt/", "/r/kreis-coesfeld/", "/r/kreis-dithmarschen/", "/api/v1/docs"]
STAFF_SEEDS = ["/r/kreis-steinfurt/verwaltung/", "/r/kreis-coesfeld/verwaltung/", "/konto/email/"]
PAGES_PER_ROLE = 400
# Documents (PDF, DOCX, …) take seconds to make and are the same for every role: checked once.
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".csv", ".ics", ".png", ".svg", ".zip")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        if not parts.path.startswith("/") or parts.path.startswith(("/static/", "/media/")):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _page_key(path: str) -> tuple[str, frozenset[str]] | None:
    """Pages count as the same when they share URL name and the names of their query parameters."""
    parts = urlsplit(path)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        return None
    return name, frozenset(key for key, _value in parse_qsl(parts.query))


@dataclass
class Walk:
    role: str
    client: Client
    writes: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def run(self, seeds: list[str], documents_seen: set[object]) -> None:
        queue = list(seeds)
        seen = {_page_key(path) for path in queue}
        while queue and len(self.visited) < PAGES_PER_ROLE:
            path = queue.pop(0)
            for link in self.get(path):
                key = _page_key(link)
                if key is None or key in seen:
                    continue
                seen.add(key)
                if urlsplit(link).path.lower().endswith(DOCUMENTS):
                    if key in documents_seen:
                        continue
                    documents_seen.add(key)
                queue.append(link)

    def get(self, path: str) -> Iterator[str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path)
        self.visited.append(path)
        self.writes += [
            f"{path} (als {self.role}): {query['sql'][:300]}"
            for query in queries.captured_queries
            if WRITE.search(query["sql"])
        ]
        if response.status_code >= 500:
            self.failed.append(f"{path} (als {self.role}): HTTP {response.status_code}")
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            yield from links_of(response.content.decode())


def _several_roles() -> User:
    """A person with several roles in two regions: coordinator of one, reader of another."""
    person = User.objects.get(email=f"projektleitung.steinfurt{DEMO}")
    Membership.objects.create(user=person, region=Region.objects.get(slug="kreis-coesfeld"), role=Role.READER)
    Membership.objects.create(
        user=person, region=Region.objects.get(slug="kreis-steinfurt"), role=Role.COMMITTEE_MEMBER
    )
    return person


def test_no_get_writes_for_any_role(demo: None, settings: object) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False  # type: ignore[attr-defined]
    people: dict[str, User | None] = {"anonym": None}
    for role in ("koordination", "kommune", "lenkungsausschuss", "projektleitung", "lesen"):
        people[role] = User.objects.get(email=f"{role}.steinfurt{DEMO}")
    people["koordination Coesfeld"] = User.objects.get(email=f"koordination.coesfeld{DEMO}")
    people["mehrere Rollen"] = _several_roles()

    writes: list[str] = []
    failed: list[str] = []
    visited = 0
    documents_seen: set[object] = set()
    for role, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        walk = Walk(role, client)
        walk.run(SEEDS + (STAFF_SEEDS if person is not None else []), documents_seen)
        writes += walk.writes
        failed += walk.failed
        visited += len(walk.visited)
        assert len(walk.visited) > 40, f"{role}: nur {len(walk.visited)} Seiten gefunden"

    assert not failed, "\n".join(failed)
    assert not writes, f"{len(writes)} schreibende Abfragen bei GET ({visited} Seiten):\n" + "\n".join(writes)


def test_no_api_read_writes(demo: None, settings: object) -> None:
    """Every GET operation of the OpenAPI description, anonymous and as the coordinator."""
    settings.REQUIRE_MFA_FOR_COORDINATORS = False  # type: ignore[attr-defined]
    values = region_values(Region.objects.get(slug="kreis-steinfurt"))
    paths = [path for path, operations in api.get_openapi_schema()["paths"].items() if "get" in operations]
    coordinator = Client()
    coordinator.force_login(User.objects.get(email=f"koordination.steinfurt{DEMO}"))
    writes, failed = [], []
    for role, client in (("anonym", Client()), ("koordination", coordinator)):
        walk = Walk(role, client)
        for path in paths:
            url = re.sub(r"{(\w+)}", lambda match: str(values[match.group(1)]), path)
            list(walk.get(url))
        writes += walk.writes
        failed += walk.failed
    assert len(paths) > 20
    assert not failed, "\n".join(failed)
    assert not writes, "\n".join(writes)
