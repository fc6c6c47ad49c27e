"""Downloading a dataset in tests: its rows as the CSV and the JSON file hold them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.test import Client
from django.urls import reverse


def download(client: Client, region_slug: str, key: str, file_format: str) -> bytes:
    url = reverse(f"opendata:{file_format}", kwargs={"region_slug": region_slug, "dataset": key})
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def json_file(client: Client, region_slug: str, key: str) -> dict[str, Any]:
    return dict(json.loads(download(client, region_slug, key, "json")))


def json_rows(client: Client, region_slug: str, key: str) -> list[dict[str, Any]]:
    return list(json_file(client, region_slug, key)["rows"])


def csv_rows(client: Client, region_slug: str, key: str) -> list[dict[str, str]]:
    """The CSV file's rows by column name (the header row gives the names)."""
    text = download(client, region_slug, key, "csv").decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, for Excel"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
