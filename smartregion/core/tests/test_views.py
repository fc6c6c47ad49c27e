"""Installation-wide pages: start page, operator's legal pages, health check, language choice."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection

from smartregion.regions.models import Region
from smartregion.regions.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_start_page_lists_regions_with_municipality_counts(client, greven, emsdetten, coesfeld):
    response = client.get("/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in content
    assert "Kreis Steinfurt" in content
    assert "2 Kommunen" in content
    assert "0 Kommunen" in content
    assert 'href="/r/kreis-coesfeld/"' in content


def test_start_page_is_paginated(client, db):
    RegionFactory.create_batch(30)

    first = client.get("/")
    second = client.get("/?seite=2")

    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 6


def test_start_page_with_30_regions_needs_few_queries(client, db, django_assert_max_num_queries):
    for region in RegionFactory.create_batch(30):
        MunicipalityFactory.create_batch(2, region=region)

    with django_assert_max_num_queries(3):
        response = client.get("/")

    assert response.status_code == 200
    assert response.content.decode().count("2 Kommunen") == 24


def test_start_page_for_logged_in_member_needs_few_queries(login, coordinator, django_assert_max_num_queries):
    RegionFactory.create_batch(30)
    client = login(coordinator)

    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200


def test_start_page_refuses_post(client, db):
    assert client.post("/").status_code == 405


@pytest.mark.parametrize("legal_page", ["impressum", "datenschutz", "barrierefreiheit"])
def test_operator_legal_pages_render(client, db, settings, legal_page):
    settings.SITE_OPERATOR_EMAIL = "betrieb@musterland.example"

    response = client.get(f"/{legal_page}/")

    assert response.status_code == 200
    assert 'href="mailto:betrieb@musterland.example"' in response.content.decode()


def test_unknown_page_is_404(client, db):
    assert client.get("/gibt-es-nicht/").status_code == 404


# Health check


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_unreachable_database_with_503(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["status"], body["database"]) == ("error", "unavailable")
    assert Region.objects.count() == 0  # the real connection still works afterwards


# Language


def test_language_switch_renders_start_page_in_english(client, steinfurt):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    content = page.content.decode()
    assert '<html lang="en">' in content
    assert "Digital together: strategies of districts and municipalities" in content
    assert page["Content-Language"] == "en"


def test_language_switch_back_to_german(client, steinfurt):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert '<html lang="de">' in client.get("/").content.decode()


def test_browser_language_does_not_choose_the_page_language(client, steinfurt):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="de">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_language_switch_keeps_the_region_page(client, steinfurt):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/r/kreis-steinfurt/kommunen/"})

    assert response["Location"] == "/r/kreis-steinfurt/kommunen/"
    assert '<html lang="en">' in client.get("/r/kreis-steinfurt/kommunen/").content.decode()


# Language switch by link: no form, no CSRF cookie on public pages


def test_language_link_sets_the_cookie_and_goes_back(client, steinfurt):
    response = client.get("/sprache/en/", {"next": "/r/kreis-steinfurt/kommunen/?seite=1"})

    assert response.status_code == 302
    assert response["Location"] == "/r/kreis-steinfurt/kommunen/?seite=1"
    assert response.cookies["django_language"].value == "en"
    assert "no-cache" in response["Cache-Control"]
    page = client.get("/r/kreis-steinfurt/kommunen/")
    assert '<html lang="en">' in page.content.decode()
    assert page["Content-Language"] == "en"


def test_language_link_back_to_german(client, steinfurt):
    client.get("/sprache/en/", {"next": "/"})
    english = client.get("/").content.decode()
    assert 'href="/sprache/de/?next=/"' in english
    assert 'lang="de"' in english

    client.get("/sprache/de/", {"next": "/"})

    assert '<html lang="de">' in client.get("/").content.decode()


def test_start_page_links_to_english_with_the_current_page(client, steinfurt):
    content = client.get("/r/kreis-steinfurt/kommunen/?seite=1").content.decode()

    assert (
        '<a class="kern-link language-switch"'
        ' href="/sprache/en/?next=/r/kreis-steinfurt/kommunen/%3Fseite%3D1"'
        ' lang="en" hreflang="en" rel="nofollow">English</a>'
    ) in content
    assert "csrfmiddlewaretoken" not in content


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://127.0.0.1.evil.example/", "javascript:alert(1)", ""],
)
def test_language_link_goes_only_to_this_host(client, db, next_url):
    response = client.get("/sprache/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_link_without_next_goes_to_start_page(client, db):
    assert client.get("/sprache/en/")["Location"] == "/"


@pytest.mark.parametrize("path", ["/sprache/fr/", "/sprache/xx-yy/"])
def test_unknown_language_is_404_and_sets_nothing(client, db, path):
    response = client.get(path, {"next": "/"})

    assert response.status_code == 404
    assert "django_language" not in response.cookies
    assert "Seite nicht gefunden" in response.content.decode()


def test_language_link_refuses_post(client, db):
    response = client.post("/sprache/en/", {"next": "/"})

    assert response.status_code == 405
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/impressum/",
        "/r/kreis-steinfurt/",
        "/r/kreis-steinfurt/kommunen/",
        "/r/kreis-steinfurt/organisationen/",
        "/r/kreis-steinfurt/impressum/",
        "/api/v1/regions/",
        "/api/v1/regions/kreis-steinfurt/municipalities/",
    ],
)
def test_anonymous_public_pages_set_no_cookie(client, greven, smart_region_office, path):
    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies, f"{path} sets {list(response.cookies)}"
    assert "Set-Cookie" not in response
