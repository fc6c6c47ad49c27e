"""The idea API: GET and POST /api/v1/regions/{slug}/ideas/."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI

from smartregion import urls as site_urls
from smartregion.api.api import api as site_api
from smartregion.ideas import api as ideas_api
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    administration_fixture,
    idea_fixture,
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
    state,
)
from smartregion.strategy.tests.factories import FieldFactory, StrategyFactory

# Until the router is added to smartregion/api/api.py, these tests mount it on an API of their own.
if any(router is ideas_api.router for _, router in site_api._routers):
    urlpatterns = site_urls.urlpatterns
else:
    _api = NinjaAPI(urls_namespace="ideas_api_test")
    _api.add_router("/regions/", ideas_api.router)
    urlpatterns = [path("api/v1/", _api.urls), *site_urls.urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/api/v1/regions/kreis-steinfurt/ideas/"
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _post(client: Client, body: object, **headers: str):
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def _new_idea(**overrides: str) -> dict[str, str]:
    return {
        "title": "Freies WLAN am Bahnhof",
        "description": "Am Bahnhof Greven fehlt freies WLAN.",
        "field": "mobilitaet",
        "municipality": "greven",
        "author_name": "Erika Muster",
        "author_email": "erika@example.org",
        **overrides,
    }


# GET


def test_list_has_published_ideas_with_slugs_and_counts(client, make_idea, idea):
    make_idea(status=IdeaStatus.SUBMITTED, title="Wartet")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": idea.pk,
        "title": idea.title,
        "description": idea.description,
        "field": "mobilitaet",
        "municipality": "greven",
        "support_count": 0,
        "created": timezone.localdate(idea.created_at).isoformat(),
    }


def test_list_is_paginated_with_bounded_queries(client, make_idea, django_assert_max_num_queries):
    for n in range(12):
        make_idea(title=f"Idee {n}")

    with django_assert_max_num_queries(3):
        response = client.get(URL + "?limit=5&offset=10")

    body = response.json()
    assert body["count"] == 12
    assert len(body["items"]) == 2


def test_list_filters_by_field_and_text(client, make_idea, administration):
    make_idea(title="Mitfahrbank")
    make_idea(title="Digitales Rathaus", field=administration)

    assert [i["title"] for i in client.get(URL + "?field=verwaltung").json()["items"]] == [
        "Digitales Rathaus"
    ]
    assert [i["title"] for i in client.get(URL + "?q=Mitfahrbank").json()["items"]] == ["Mitfahrbank"]


def test_unknown_region_is_404(client, db):
    response = client.get("/api/v1/regions/gibt-es-nicht/ideas/")

    assert response.status_code == 404
    assert response.json()["detail"] == "Diese Region gibt es nicht."
    assert _post_status(client, "/api/v1/regions/gibt-es-nicht/ideas/") == 404


def _post_status(client: Client, url: str) -> int:
    return client.post(url, json.dumps(_new_idea()), content_type="application/json").status_code


# POST without a session


def test_anonymous_post_waits_for_email_confirmation(
    client, mobility, greven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _new_idea())

    assert response.status_code == 201
    idea = Idea.objects.get()
    assert response.json() == {"id": idea.pk, "title": "Freies WLAN am Bahnhof", "status": "unconfirmed"}
    assert mailoutbox[0].to == ["erika@example.org"]


def test_anonymous_post_without_name_and_email_is_400_in_german(client, mobility, greven):
    before = state()

    response = _post(client, _new_idea(author_name="", author_email="erika"))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["author_name"] == ["Bitte geben Sie Ihren Namen an."]
    assert errors["author_email"] == ["Bitte geben Sie eine gültige E-Mail-Adresse an."]
    assert state() == before


def test_empty_post_names_every_missing_field(client, mobility, greven):
    response = _post(client, {})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "title",
        "description",
        "field",
        "municipality",
        "author_name",
        "author_email",
    }


def test_field_and_municipality_of_another_region_are_400(client, mobility, greven, duelmen, coesfeld):
    FieldFactory(strategy=StrategyFactory(region=coesfeld), name="Bildung", slug="bildung")
    before = state()

    response = _post(client, _new_idea(field="bildung", municipality="duelmen"))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["field"] == ["Diese Region hat kein Handlungsfeld „bildung“."]
    assert errors["municipality"] == ["Diese Region hat keine Kommune „duelmen“."]
    assert state() == before


def test_body_that_is_not_json_is_422(client, mobility, greven):
    response = client.post(URL, "title=Hallo", content_type="application/json")

    assert response.status_code in (400, 422)
    assert not Idea.objects.exists()


def test_wrongly_typed_value_is_422(client, mobility, greven):
    response = _post(client, _new_idea(title=["keine", "Zeichenkette"]))  # type: ignore[arg-type]

    assert response.status_code == 422
    assert not Idea.objects.exists()


# POST with a session


def _session_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend=LOGIN_BACKEND)
    client.get("/r/kreis-steinfurt/ideen/neu/")  # sets the CSRF cookie
    return client


def test_session_post_with_csrf_token_goes_to_the_queue(officer, mobility, greven, mailoutbox):
    client = _session_client(officer)

    response = _post(
        client, _new_idea(author_name="", author_email=""), HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )

    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert Idea.objects.get().author == officer
    assert mailoutbox == []


def test_session_post_without_csrf_token_is_refused(officer, mobility, greven):
    client = _session_client(officer)

    response = _post(client, _new_idea())

    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_nul_characters_are_400_not_500(client, mobility, greven):
    before = state()

    for body in (_new_idea(title="WLAN\x00"), _new_idea(field="mobil\x00"), _new_idea(description="a\x00b")):
        assert _post(client, body).status_code == 400
    assert client.get(URL + "?q=WLAN%00&field=%00").status_code == 200
    assert state() == before


def test_overlong_description_is_400(client, mobility, greven):
    response = _post(client, _new_idea(description="x" * 5001))

    assert response.status_code == 400
    assert response.json()["errors"]["description"] == ["Höchstens 5000 Zeichen sind erlaubt, es sind 5001."]
