"""The open data with the public page cache: the page and the catalogue are kept until something in
the region changes (the licence, say); the downloads are streams and always read afresh."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from smartregion.accounts.models import User
from smartregion.core import pagecache

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

OPENDATA = "/r/kreis-steinfurt/opendata/"


@pytest.mark.parametrize("path", [OPENDATA, f"{OPENDATA}catalog.jsonld"])
def test_the_page_and_the_catalogue_are_kept_until_the_licence_changes(
    public_data: object, client: Client, login: Any, coordinator: User, path: str
) -> None:
    first = client.get(path)
    assert first[pagecache.HEADER] == "stored"
    assert client.get(path)[pagecache.HEADER] == "hit"

    changed = login(coordinator).post(f"{OPENDATA}lizenz/", {"licence": "CC0-1.0", "attribution": ""})

    assert changed.status_code == 302
    after = client.get(path)
    assert after[pagecache.HEADER] == "stored"
    assert "cc-zero" in after.content.decode() or "Creative Commons Zero" in after.content.decode()
    assert after["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("name", ["projekte.csv", "projekte.json"])
def test_downloads_are_never_kept(public_data: object, client: Client, name: str) -> None:
    client.get(OPENDATA + name)

    assert pagecache.HEADER not in client.get(OPENDATA + name)
