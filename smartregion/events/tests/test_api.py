"""The events API: lists, one event with its counts, registration with its status codes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from smartregion.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def _register(client: Client, event_id: int | str, **data: Any) -> Any:
    body = {
        "name": "Anna Beispiel",
        "email": "anna@example.org",
        "accept_conditions": True,
        "answers": {},
        **data,
    }
    return client.post(f"/api/v1/events/{event_id}/registrations/", body, content_type="application/json")


def test_region_list_shows_public_events_only(client: Client, make_event: Callable[..., Event]) -> None:
    make_event(title="Offen")
    make_event(title="Geheim", visibility="invitation")
    response = client.get("/api/v1/regions/kreis-steinfurt/events/")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Offen"]
    assert client.get("/api/v1/regions/gibt-es-nicht/events/").status_code == 404
    assert client.get("/api/v1/regions/%00/events/").status_code == 422


def test_event_detail_has_counts_deadline_and_conditions(
    client: Client, make_event: Callable[..., Event], sign_up: Callable[..., Registration]
) -> None:
    event = make_event(capacity=1, conditions="Es gilt die 3G-Regel.")
    sign_up(event, accept_conditions=True)
    sign_up(event, "Ben", "ben@example.org", accept_conditions=True)
    data = client.get(f"/api/v1/events/{event.pk}/").json()
    assert data["capacity"] == 1
    assert data["confirmed_count"] == 1
    assert data["waitlist_count"] == 1
    assert data["conditions"] == "Es gilt die 3G-Regel."
    assert data["registration_deadline"].startswith(str(event.registration_deadline.date()))


def test_registration_answers_201_with_status_and_position(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = _register(client, event.pk)
    assert first.status_code == 201
    assert first.json() == {"status": "confirmed", "position": None}
    second = _register(client, event.pk, email="ben@example.org")
    assert second.status_code == 201
    assert second.json() == {"status": "waitlisted", "position": 1}
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_double_opt_in_registration_is_pending(client: Client, make_event: Callable[..., Event]) -> None:
    event = make_event(double_opt_in=True)
    assert _register(client, event.pk).json()["status"] == "pending_confirmation"


def test_same_address_twice_is_409(client: Client, event: Event) -> None:
    assert _register(client, event.pk).status_code == 201
    response = _register(client, event.pk, email="ANNA@example.org")
    assert response.status_code == 409
    assert "schon angemeldet" in response.json()["detail"]
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("event_data", "body", "field"),
    [
        ({}, {"email": "keine-adresse"}, "email"),
        ({"conditions": "3G-Regel"}, {"accept_conditions": False}, "accept_conditions"),
        ({"registration_deadline": "past"}, {}, "__all__"),
        ({}, {"answers": {"Unbekannte Frage": "x"}}, "answers"),
        ({}, {"name": ""}, "name"),
    ],
)
def test_invalid_registration_is_400_and_changes_nothing(
    client: Client,
    make_event: Callable[..., Event],
    event_data: dict[str, Any],
    body: dict[str, Any],
    field: str,
) -> None:
    if event_data.get("registration_deadline") == "past":
        event_data["registration_deadline"] = timezone.now() - datetime.timedelta(minutes=1)
    event = make_event(**event_data)
    response = _register(client, event.pk, **body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Anna", "email": "anna@example.org", "answers": ["keine", "Zuordnung"]},
        {"name": "Anna", "email": "anna@example.org", "accept_conditions": "vielleicht"},
        {"email": "anna@example.org"},
        {"name": "A" * 201, "email": "anna@example.org"},
    ],
)
def test_malformed_body_is_422(client: Client, event: Event, body: dict[str, Any]) -> None:
    response = client.post(f"/api/v1/events/{event.pk}/registrations/", body, content_type="application/json")
    assert response.status_code == 422
    assert Registration.objects.count() == 0


def test_unknown_forged_or_hidden_events_are_404(client: Client, make_event: Callable[..., Event]) -> None:
    hidden = make_event(visibility="invitation")
    for event_id in (999999, 2**40, hidden.pk):
        assert client.get(f"/api/v1/events/{event_id}/").status_code == 404
        assert _register(client, event_id).status_code == 404
    assert _register(client, "abc").status_code == 422
    assert Registration.objects.count() == 0


def test_openapi_documents_the_registration_answers(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/events/{event_id}/registrations/"]["post"]["responses"]
    assert {"201", "400", "404", "409", "422"} <= set(responses)
    assert "/api/v1/regions/{slug}/events/" in schema["paths"]
