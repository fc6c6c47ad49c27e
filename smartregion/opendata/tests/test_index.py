"""/r/<region>/opendata/: what open data is, every dataset with its files, the licence, the
catalogue and the API; linked from the footer of every page of the region."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from smartregion.accounts.models import User
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

INDEX = "/r/kreis-steinfurt/opendata/"


def test_the_page_lists_every_dataset_with_its_files(public_data: object, client: Client) -> None:
    page = client.get(INDEX)

    assert page.status_code == 200
    text = page.text
    assert '<h1 class="kern-heading-x-large">Offene Daten</h1>' in text
    assert "frei nutzen, weiterverarbeiten und weitergeben" in text
    for key in ("handlungsfelder", "projekte", "beschluesse", "umfrageergebnisse", "veranstaltungen"):
        assert f'href="{INDEX}{key}.csv"' in text, key
        assert f'href="{INDEX}{key}.json"' in text, key
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license"' in text
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in text
    assert f'href="{INDEX}catalog.jsonld"' in text
    assert 'href="/api/v1/docs"' in text
    assert "/api/v1/regions/kreis-steinfurt/opendata/" in text


def test_the_coordinator_finds_the_licence_page(
    coordinator: User, login: Callable[[User], Client], steinfurt: Region
) -> None:
    assert f'href="{INDEX}lizenz/"' in login(coordinator).get(INDEX).text


def test_every_page_of_the_region_links_the_open_data_in_its_footer(
    steinfurt: Region, client: Client
) -> None:
    footer = client.get("/r/kreis-steinfurt/").text.split('class="site-footer"')[1]

    assert f'<a class="kern-link" href="{INDEX}">Offene Daten</a>' in footer
    assert "/opendata/" not in client.get("/").text.split('class="site-footer"')[1], "no region, no link"


def test_the_page_in_english(steinfurt: Region, client: Client) -> None:
    client.get("/sprache/en/")

    text = client.get(INDEX).text

    assert '<h1 class="kern-heading-x-large">Open data</h1>' in text
