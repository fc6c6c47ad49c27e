"""GET /api/v1/regions/<slug>/opendata/: the datasets, their files and the licence."""

from __future__ import annotations

import pytest
from django.test import Client

from smartregion.accounts.models import User
from smartregion.opendata import services
from smartregion.opendata.tests.files import json_rows
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

API = "/api/v1/regions/kreis-steinfurt/opendata/"


def test_the_api_lists_the_datasets_with_addresses_that_answer(public_data: object, client: Client) -> None:
    answer = client.get(API)

    assert answer.status_code == 200
    body = answer.json()
    assert body["licence"] == {
        "id": "dl-de/by-2-0",
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
        "uri": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "attribution": "Kreis Steinfurt",
    }
    assert body["catalogue_url"] == "http://testserver/r/kreis-steinfurt/opendata/catalog.jsonld"
    assert body["page_url"] == "http://testserver/r/kreis-steinfurt/opendata/"
    projects = next(dataset for dataset in body["datasets"] if dataset["key"] == "projekte")
    assert projects["title"] == "Projekte"
    assert projects["csv_url"] == "http://testserver/r/kreis-steinfurt/opendata/projekte.csv"
    assert projects["keywords"]
    for dataset in body["datasets"]:
        for url in (dataset["csv_url"], dataset["json_url"]):
            assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_the_api_names_the_chosen_licence(steinfurt: Region, coordinator: User, client: Client) -> None:
    services.choose_licence(region=steinfurt, actor=coordinator, licence="CC-BY-4.0", attribution="Kreis ST")

    licence = client.get(API).json()["licence"]

    assert (licence["id"], licence["attribution"]) == ("CC-BY-4.0", "Kreis ST")


def test_an_unknown_region_is_404_in_german(db: None, client: Client) -> None:
    answer = client.get("/api/v1/regions/gibt-es-nicht/opendata/")

    assert (answer.status_code, answer.json()) == (404, {"detail": "Diese Region gibt es nicht."})


def test_the_rows_of_a_dataset_page_by_page(public_data: object, steinfurt: Region, client: Client) -> None:
    for number in range(3):
        Project.objects.create(
            region=steinfurt, title=f"Zusatz {number}", slug=f"zusatz-{number}", status=ProjectStatus.LEAD
        )

    first = client.get(f"{API}projekte/?limit=3").json()
    last = client.get(f"{API}projekte/?limit=3&offset=3").json()

    assert first["columns"][:2] == ["id", "titel"]
    assert [row["titel"] for row in first["rows"]] == ["Digitale Schule", "Zusatz 0", "Zusatz 1"]
    assert first["next_offset"] == 3
    assert [row["titel"] for row in last["rows"]] == ["Zusatz 2"]
    assert last["next_offset"] is None
    assert first["rows"][0]["url"] == "http://testserver/r/kreis-steinfurt/projekte/digitale-schule/"
    assert first["licence"]["id"] == "dl-de/by-2-0"


def test_the_rows_are_the_rows_of_the_json_file(public_data: object, client: Client) -> None:
    for key in ("handlungsfelder", "projekte", "beschluesse", "umfrageergebnisse", "veranstaltungen"):
        assert client.get(f"{API}{key}/").json()["rows"] == json_rows(client, "kreis-steinfurt", key), key


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "offset=-1", "limit=x"])
def test_a_page_out_of_bounds_is_refused(public_data: object, client: Client, query: str) -> None:
    assert client.get(f"{API}projekte/?{query}").status_code == 422


def test_an_unknown_dataset_is_404_in_german(public_data: object, client: Client) -> None:
    answer = client.get(f"{API}wetter/")

    assert (answer.status_code, answer.json()) == (404, {"detail": "Diesen Datensatz gibt es nicht."})
