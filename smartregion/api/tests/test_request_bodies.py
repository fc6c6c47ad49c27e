"""Request bodies the API cannot take: too large, not JSON, too deep, numbers too long.

Each is refused with a German JSON ``detail``, in the shape of the other errors, and says nothing
about the parser that failed, also with DEBUG on.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from smartregion.ideas.models import Idea

pytestmark = pytest.mark.django_db

IDEAS = "/api/v1/regions/kreis-steinfurt/ideas/"
TOO_LARGE = "Die Anfrage ist zu groß: Die API nimmt höchstens 2,5 MB an."
UNREADABLE = (
    "Der Inhalt der Anfrage ist kein lesbares JSON. Erwartet wird ein JSON-Dokument in UTF-8 ohne "
    "übermäßig tief verschachtelte Listen oder Objekte und ohne übermäßig lange Zahlen."
)
PARSER_WORDS = ["recursion", "limit", "digits", "Expecting", "decode", "Cannot parse", "Traceback"]


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def _refused(response, status: int, detail: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail}
    for word in PARSER_WORDS:
        assert word not in response.content.decode()


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded", "text/plain"]
)
def test_body_over_the_upload_limit_is_413(client: Client, steinfurt, debug, content_type):
    body = json.dumps({"title": "x" * 2_700_000})

    response = client.post(IDEAS, body, content_type=content_type)

    _refused(response, 413, TOO_LARGE)
    assert not Idea.objects.exists()


def test_body_over_the_upload_limit_is_413_for_a_signed_in_person(login, reader, debug):
    body = json.dumps({"title": "x" * 2_700_000})

    response = login(reader).post(IDEAS, body, content_type="application/json")

    _refused(response, 413, TOO_LARGE)


def test_limit_follows_the_setting(client: Client, steinfurt, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

    response = client.post(IDEAS, json.dumps({"title": "x" * 1_100_000}), content_type="application/json")

    assert response.status_code == 413
    assert response.json()["detail"] == "Die Anfrage ist zu groß: Die API nimmt höchstens 1 MB an."


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,  # deeper than the parser recurses
        '{"x": 1' + "0" * 5000 + "}",  # more digits than Python converts
        "{",
        '{"title": "Radweg",}',
        b"\xff\xfe\x00",
    ],
    ids=["deep", "long-number", "unclosed", "trailing-comma", "not-utf8"],
)
def test_unreadable_json_is_400_in_german(client: Client, steinfurt, debug, body):
    response = client.post(IDEAS, body, content_type="application/json")

    _refused(response, 400, UNREADABLE)
    assert not Idea.objects.exists()


def test_readable_json_still_reaches_the_endpoint(client: Client, steinfurt):
    response = client.post(IDEAS, json.dumps({"title": "Radweg"}), content_type="application/json")

    assert response.status_code == 400
    assert "author_email" in response.json()["errors"]


def test_other_api_errors_keep_their_own_detail(client: Client):
    response = client.get("/api/v1/regions/nirgendwo/ideas/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Region gibt es nicht."}
