"""/api/v1/docs: the API reference as a page of the site, rendered from the OpenAPI description."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def docs_html(client) -> str:
    response = client.get(DOCS)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_docs_page_is_a_german_page_of_the_site(docs_html):
    assert '<html lang="de">' in docs_html
    assert '<a class="skip-link" href="#main">' in docs_html
    assert '<h1 class="kern-heading-x-large">Programmierschnittstelle (API)</h1>' in docs_html
    assert "swagger" not in docs_html.lower()


def test_docs_page_lists_every_operation_by_tag(docs_html, schema):
    tags = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tags += [tag for tag in operation["tags"] if tag not in tags]
            anchor = operation["operationId"]
            assert f'id="{anchor}"' in docs_html, anchor
            section = docs_html[docs_html.index(f'id="{anchor}"') :]
            assert section.index(method.upper()) < section.index(path) < section.index(operation["summary"])
    headings = re.findall(r'<h2 [^>]*id="tag-[^"]+"[^>]*>([^<]+)</h2>', docs_html)
    assert headings == tags


def test_docs_page_shows_parameters_body_and_responses(docs_html):
    section = docs_html[docs_html.index('id="smartregion_api_ideas_create_idea"') :]
    section = section[: section.index("</section>")]

    assert ">slug<" in section
    assert ">Pfad<" in section
    assert 'href="#schema-IdeaIn"' in section
    for status in ["201", "400", "404", "422", "429"]:
        assert f">{status}<" in section, status
    assert 'href="#schema-IdeaCreatedOut"' in section

    listing = docs_html[docs_html.index('id="smartregion_api_regions_list_regions"') :]
    listing = listing[: listing.index("</section>")]
    assert ">limit<" in listing
    assert ">offset<" in listing
    assert ">Abfrage<" in listing
    assert "Vorgabe: 50" in listing
    assert ">Nicht gefunden<" in listing
    assert ">Not Found<" not in listing


def test_docs_page_describes_every_schema(docs_html, schema):
    for name, definition in schema["components"]["schemas"].items():
        assert f'id="schema-{name}"' in docs_html, name
        described = docs_html[docs_html.index(f'id="schema-{name}"') :]
        described = described[: described.index("</section>")]
        for field in definition.get("properties", {}):
            assert f">{field}<" in described, (name, field)
        for value in definition.get("enum", []):
            assert f">{value}<" in described, (name, value)


def test_every_schema_link_has_a_target(docs_html):
    targets = set(re.findall(r'id="([^"]+)"', docs_html))
    links = set(re.findall(r'href="#([^"]+)"', docs_html))

    assert links
    assert links - targets == set()
    assert len(re.findall(r'id="([^"]+)"', docs_html)) == len(targets), "doppelte id"


def test_docs_page_links_the_openapi_description(client, docs_html):
    assert 'href="/api/v1/openapi.json"' in docs_html
    assert client.get("/api/v1/openapi.json")["Content-Type"] == "application/json"


def test_docs_page_has_no_nested_interactive_controls(docs_html):
    for link in re.findall(r"<a\b.*?</a>", docs_html, flags=re.DOTALL):
        assert not re.search(r"<(a|button|input|select|textarea|details)\b", link[2:]), link


def test_docs_page_in_english(client):
    client.get("/sprache/en/")
    english = client.get(DOCS).content.decode()

    assert '<html lang="en">' in english


def test_docs_page_needs_few_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(DOCS).status_code == 200
