"""The public read-only API under /api/v1/."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from smartregion.regions.models import Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

READ_ENDPOINTS = [
    "/api/v1/regions/",
    "/api/v1/regions/kreis-steinfurt/",
    "/api/v1/regions/kreis-steinfurt/municipalities/",
    "/api/v1/regions/kreis-steinfurt/organisations/",
]


def test_region_list_is_paginated_with_items_and_count(client, greven, emsdetten, coesfeld):
    response = client.get("/api/v1/regions/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["count"] == 2
    assert body["items"] == [
        {
            "slug": "kreis-coesfeld",
            "name": "Kreis Coesfeld",
            "federal_state": "NW",
            "official_key": "05558",
            "municipality_count": 0,
        },
        {
            "slug": "kreis-steinfurt",
            "name": "Kreis Steinfurt",
            "federal_state": "NW",
            "official_key": "05566",
            "municipality_count": 2,
        },
    ]


def test_region_list_honours_limit_and_offset(client, db):
    RegionFactory.create_batch(5)

    body = client.get("/api/v1/regions/?limit=2&offset=4").json()

    assert body["count"] == 5
    assert len(body["items"]) == 1


def test_region_list_refuses_limit_above_maximum(client, db):
    response = client.get("/api/v1/regions/?limit=100000")

    assert response.status_code == 422


def test_region_list_with_many_regions_needs_few_queries(client, db, django_assert_max_num_queries):
    for region in RegionFactory.create_batch(60):
        MunicipalityFactory(region=region)

    with django_assert_max_num_queries(3):  # count, the page's regions, their municipality counts
        body = client.get("/api/v1/regions/").json()

    assert body["count"] == 60
    assert len(body["items"]) == 50


def test_region_detail(client, steinfurt):
    response = client.get("/api/v1/regions/kreis-steinfurt/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "kreis-steinfurt",
        "name": "Kreis Steinfurt",
        "federal_state": "NW",
        "official_key": "05566",
        "description": steinfurt.description,
    }


def test_municipalities_of_a_region(client, greven, emsdetten, duelmen):
    MunicipalityFactory(region=greven.region, name="Amt ohne AGS", slug="amt", ags="", population=None)

    body = client.get("/api/v1/regions/kreis-steinfurt/municipalities/").json()

    assert body["count"] == 3
    assert body["items"] == [
        {"slug": "amt", "name": "Amt ohne AGS", "ags": None, "population": None},
        {"slug": "emsdetten", "name": "Emsdetten", "ags": "05566008", "population": 10000},
        {"slug": "greven", "name": "Greven", "ags": "05566012", "population": 10000},
    ]


def test_organisations_of_a_region(client, smart_region_office, coesfeld_agency):
    body = client.get("/api/v1/regions/kreis-steinfurt/organisations/").json()

    assert body == {
        "items": [
            {
                "slug": "smart-region-buero",
                "name": "Smart Region Büro",
                "kind": "kreisverwaltung",
                "website": "",
            }
        ],
        "count": 1,
    }


def test_municipality_list_with_many_municipalities_needs_few_queries(
    client, steinfurt, django_assert_max_num_queries
):
    MunicipalityFactory.create_batch(60, region=steinfurt)
    OrganisationFactory.create_batch(60, region=steinfurt)

    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/regions/kreis-steinfurt/municipalities/").json()["items"]) == 50
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/regions/kreis-steinfurt/organisations/").json()["items"]) == 50


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/regions/gibt-es-nicht/",
        "/api/v1/regions/gibt-es-nicht/municipalities/",
        "/api/v1/regions/gibt-es-nicht/organisations/",
    ],
)
def test_unknown_region_slug_is_404_json(client, steinfurt, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", READ_ENDPOINTS)
def test_writes_to_read_endpoints_are_not_allowed(client, steinfurt, method, path):
    before = list(Region.objects.values_list("slug", "name", "description"))

    response = getattr(client, method)(
        path, data={"slug": "neu", "name": "Neu"}, content_type="application/json"
    )

    assert response.status_code == 405
    assert list(Region.objects.values_list("slug", "name", "description")) == before


def test_writes_are_not_allowed_for_logged_in_coordinator_either(login, coordinator):
    response = login(coordinator).delete("/api/v1/regions/kreis-steinfurt/")

    assert response.status_code == 405
    assert Region.objects.filter(slug="kreis-steinfurt").exists()


# Documentation


def test_openapi_description_is_valid_json_with_the_read_paths(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Smart Region API"
    paths = schema["paths"]
    for path in [
        "/api/v1/regions/",
        "/api/v1/regions/{slug}/",
        "/api/v1/regions/{slug}/municipalities/",
        "/api/v1/regions/{slug}/organisations/",
    ]:
        assert set(paths[path]) == {"get"}, path
        assert {"200", "404"} <= set(paths[path]["get"]["responses"]), path
    listed = paths["/api/v1/regions/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"$ref": "#/components/schemas/PagedRegionOut"}
    assert set(schema["components"]["schemas"]["PagedRegionOut"]["properties"]) == {"items", "count"}


def test_api_docs_use_only_local_assets(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    # What the page loads; the canonical address names the page itself and loads nothing.
    loading = re.sub(r"""<link rel="canonical"[^>]*>""", "", html)
    sources = re.findall(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", loading)
    assert any(source.endswith(".js") for source in sources)
    assert any(source.endswith(".css") for source in sources)
    for source in sources:
        assert source.startswith("/static/"), source
    assert "http://" not in loading
    assert "https://" not in loading
    assert "cdn" not in loading.lower()


def test_api_docs_assets_are_shipped_as_static_files(client, db):
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']/static/([^"']+)["']""", html)

    assert sources
    for source in sources:
        assert finders.find(source), source


@pytest.mark.parametrize("offset", [2**31, 2**63, 10**30])
def test_huge_offset_is_refused_before_the_database(client, steinfurt, offset):
    for path in ["/api/v1/regions/", "/api/v1/regions/kreis-steinfurt/municipalities/"]:
        response = client.get(path, {"offset": offset})
        assert response.status_code == 422, path


def test_largest_allowed_offset_gives_an_empty_page(client, steinfurt):
    body = client.get("/api/v1/regions/", {"offset": 2**31 - 1}).json()

    assert body == {"items": [], "count": 1}


@pytest.mark.parametrize("slug", ["a%00b", "kreis%20steinfurt", "%C3%BC", "kreis-steinfurt%0A"])
def test_malformed_region_slug_is_refused_before_the_database(client, steinfurt, slug):
    for path in ["/api/v1/regions/{}/", "/api/v1/regions/{}/municipalities/", "/api/v1/regions/{}/strategy/"]:
        response = client.get(path.format(slug))
        assert response.status_code == 422, path
        assert response["Content-Type"].startswith("application/json")
