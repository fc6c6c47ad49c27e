"""/r/<region>/opendata/<dataset>.csv and .json: every dataset of the modules a region uses, in
German, with the licence; nothing for a region, dataset or module that is not there."""

from __future__ import annotations

import pytest
from django.test import Client

from smartregion.opendata import services
from smartregion.opendata.tests.conftest import HOSTILE
from smartregion.opendata.tests.files import csv_rows, download, json_file
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

DATASETS = ["handlungsfelder", "projekte", "beschluesse", "umfrageergebnisse", "veranstaltungen"]
STEINFURT = "/r/kreis-steinfurt/opendata"


@pytest.mark.parametrize("key", DATASETS)
def test_every_dataset_as_csv_and_json_with_the_same_columns(
    public_data: dict[str, object], client: Client, key: str
) -> None:
    document = json_file(client, "kreis-steinfurt", key)
    text = download(client, "kreis-steinfurt", key, "csv").decode("utf-8")

    header = text.removeprefix("\ufeff").split("\r\n")[0].split(";")
    assert header == document["columns"]
    assert all(list(row) == header for row in document["rows"])
    assert document["dataset"] == key
    assert document["source"] == "http://testserver/r/kreis-steinfurt/opendata/"
    assert document["generated"][:4].isdigit()


def test_json_names_the_default_licence_and_the_region(
    public_data: dict[str, object], client: Client
) -> None:
    document = json_file(client, "kreis-steinfurt", "projekte")

    assert document["licence"] == {
        "id": "dl-de/by-2-0",
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
        "attribution": "Kreis Steinfurt",
    }
    assert [row["titel"] for row in document["rows"]] == ["Digitale Schule"]


def test_json_names_the_licence_the_region_chose(
    public_data: dict[str, object], steinfurt: Region, coordinator: object, client: Client
) -> None:
    services.choose_licence(region=steinfurt, actor=coordinator, licence="CC0-1.0", attribution="")

    licence = json_file(client, "kreis-steinfurt", "projekte")["licence"]

    assert (licence["id"], licence["url"]) == (
        "CC0-1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
    )


def test_csv_is_an_attachment_for_excel(public_data: dict[str, object], client: Client) -> None:
    response = client.get(f"{STEINFURT}/projekte.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="projekte-kreis-steinfurt.csv"'
    assert response["Content-Language"] == "de"


def test_a_formula_in_a_title_is_quoted_in_the_csv_and_kept_in_the_json(
    public_data: dict[str, object], steinfurt: Region, client: Client
) -> None:
    Project.objects.create(region=steinfurt, title=HOSTILE, slug="boese", status=ProjectStatus.LEAD)

    csv_titles = [row["titel"] for row in csv_rows(client, "kreis-steinfurt", "projekte")]
    json_titles = [row["titel"] for row in json_file(client, "kreis-steinfurt", "projekte")["rows"]]

    assert "'" + HOSTILE in csv_titles
    assert HOSTILE not in csv_titles
    assert HOSTILE in json_titles


def test_files_are_german_when_the_visitor_reads_english(
    public_data: dict[str, object], client: Client
) -> None:
    client.get("/sprache/en/")

    [row] = json_file(client, "kreis-steinfurt", "projekte")["rows"]

    assert row["stand"] == "in Umsetzung"
    assert client.get(f"{STEINFURT}/projekte.json")["Content-Language"] == "de"


@pytest.mark.parametrize(
    "path",
    [
        "/r/gibt-es-nicht/opendata/",
        "/r/gibt-es-nicht/opendata/projekte.csv",
        "/r/gibt-es-nicht/opendata/projekte.json",
        "/r/gibt-es-nicht/opendata/catalog.jsonld",
        f"{STEINFURT}/wetter.csv",
        f"{STEINFURT}/wetter.json",
        f"{STEINFURT}/catalog.csv",
    ],
)
def test_an_unknown_region_or_dataset_is_404(steinfurt: Region, client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_dataset_of_a_module_the_region_switched_off_is_not_offered(
    public_data: dict[str, object], steinfurt: Region, client: Client
) -> None:
    steinfurt.switched_off_modules = ["events"]
    steinfurt.save()

    assert client.get(f"{STEINFURT}/veranstaltungen.csv").status_code == 404
    assert client.get(f"{STEINFURT}/veranstaltungen.json").status_code == 404
    assert "veranstaltungen" not in client.get(f"{STEINFURT}/").text
    assert "veranstaltungen" not in client.get(f"{STEINFURT}/catalog.jsonld").text
    assert client.get(f"{STEINFURT}/projekte.csv").status_code == 200


def test_a_region_that_switched_open_data_off_offers_nothing(
    public_data: dict[str, object], steinfurt: Region, client: Client
) -> None:
    steinfurt.switched_off_modules = ["opendata"]
    steinfurt.save()

    for path in ("/", "/projekte.csv", "/projekte.json", "/catalog.jsonld"):
        assert client.get(STEINFURT + path).status_code == 404, path
    assert client.get("/api/v1/regions/kreis-steinfurt/opendata/").status_code == 404
    assert "/opendata/" not in client.get("/r/kreis-steinfurt/").text
