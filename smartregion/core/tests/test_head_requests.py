"""Every page that answers GET answers HEAD alike: same status and headers, no body (RFC 9110, 9.3.2).

Load balancers, uptime monitors and link checkers ask with HEAD. The pages are found the way a
visitor finds them: from the start page and a region page, following links, one page per URL name,
anonymously and as the demo coordinator (who sees every link there is).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from smartregion.accounts.models import User
from smartregion.core.middleware import HeadAsGetMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True


COORDINATOR = "koordination.steinfurt@demo.smartregion.example"
STARTS = [
    "/",
    "/r/kreis-steinfurt/",
    "/healthz",
    "/impressum/",
    "/konto/login/",
    "/api/v1/regions/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
]
# Documents take seconds to render; HEAD reaches their views like any other (see test_head_of_a_document).
RENDERED_FILES = (".pdf", ".docx", ".xlsx")
LINK = re.compile(r"""<a\b[^>]*\bhref="(/[^"#]*)""")
CRAWL_LIMIT = 120  # distinct URL names; the site has fewer today


def _url_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in LINK.findall(html)]


def _head_problems(client: Client, path: str) -> tuple[list[str], str]:
    """HEAD and GET of one page: what differs, and the page's HTML to follow its links."""
    got = client.get(path)
    head = client.head(path)
    problems = []
    if head.status_code != got.status_code:
        problems.append(f"{path}: HEAD {head.status_code}, GET {got.status_code}")
    elif head.get("Content-Type") != got.get("Content-Type"):
        problems.append(f"{path}: HEAD {head.get('Content-Type')}, GET {got.get('Content-Type')}")
    if b"".join(head.streaming_content) if head.streaming else head.content:
        problems.append(f"{path}: HEAD answered with a body")
    is_html = got.get("Content-Type", "").startswith("text/html") and not got.streaming
    return problems, got.content.decode() if is_html else ""


def _walk(client: Client) -> tuple[list[str], list[str]]:
    queue = list(STARTS)
    names = {_url_name(path) for path in queue}
    problems: list[str] = []
    visited: list[str] = []
    while queue and len(visited) < CRAWL_LIMIT:
        path = queue.pop(0)
        visited.append(path)
        found, html = _head_problems(client, path)
        problems += found
        for link in _links(html):
            name = _url_name(link)
            if name is None or name in names or urlsplit(link).path.endswith(RENDERED_FILES):
                continue
            names.add(name)
            queue.append(link)
    return problems, visited


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_every_page_answers_head_like_get(demo, login, who):
    client = login(User.objects.get(email=COORDINATOR)) if who == "coordinator" else Client()

    problems, visited = _walk(client)

    assert len(visited) > 25, visited
    assert not problems, "\n".join(problems)


def test_head_of_a_document(client, demo):
    response = client.head("/r/kreis-steinfurt/strategie/strategie.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b""


def test_post_only_view_still_refuses_head(client, demo):
    response = client.head("/r/kreis-steinfurt/ideen/1/unterstuetzen/")

    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_head_does_not_generate_a_stream(rf):
    generated = []

    def rows():
        generated.append("row")
        yield b"a;b\r\n"

    def view(request: HttpRequest) -> StreamingHttpResponse:
        assert request.method == "GET"
        return StreamingHttpResponse(rows(), content_type="text/csv")

    request = rf.head("/export.csv")
    response = HeadAsGetMiddleware(view)(request)

    assert response["Content-Type"] == "text/csv"
    assert b"".join(response.streaming_content) == b""
    assert generated == []
    assert request.method == "HEAD"


def test_head_keeps_the_length_of_get_and_sends_no_body(rf):
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("<p>Hallo</p>")

    response = HeadAsGetMiddleware(view)(rf.head("/"))

    assert response["Content-Length"] == "12"
    assert response.content == b""
