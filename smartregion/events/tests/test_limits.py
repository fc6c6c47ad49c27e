"""Anonymous registrations share the platform's one limit on anonymous writes (per client address)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from smartregion.core import ratelimit
from smartregion.events.models import Event, Registration

pytestmark = pytest.mark.django_db

SMALL = ratelimit.Limit("event-registrations", 2, 3600)


@pytest.fixture(autouse=True)
def _small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "EVENT_REGISTRATIONS", SMALL)


@pytest.fixture
def big_event(make_event: Callable[..., Event]) -> Event:
    return make_event(capacity=50)


def _form(client: Client, event: Event, number: int, **extra: Any) -> Any:
    url = reverse("events:detail", kwargs={"region_slug": event.region.slug, "event_id": event.pk})
    return client.post(url, {"name": f"Person {number}", "email": f"person{number}@example.org"}, **extra)


def _api(client: Client, event: Event, number: int, **extra: Any) -> Any:
    body = {"name": f"Person {number}", "email": f"person{number}@example.org", "accept_conditions": True}
    return client.post(
        f"/api/v1/events/{event.pk}/registrations/", body, content_type="application/json", **extra
    )


def test_registrations_by_form_from_one_address_are_limited(big_event: Event, client: Client) -> None:
    for number in range(SMALL.count):
        assert _form(client, big_event, number).status_code == 302

    response = _form(client, big_event, 99)

    assert response.status_code == 429
    assert "sehr viele Einsendungen" in response.content.decode()
    assert Registration.objects.filter(event=big_event).count() == SMALL.count


def test_registrations_by_api_from_one_address_are_limited(big_event: Event, client: Client) -> None:
    for number in range(SMALL.count):
        assert _api(client, big_event, number).status_code == 201

    response = _api(client, big_event, 99)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Von Ihrem Anschluss kamen")
    assert Registration.objects.filter(event=big_event).count() == SMALL.count


def test_behind_the_proxy_each_person_has_an_own_allowance(
    big_event: Event, client: Client, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(SMALL.count + 1):
        _api(client, big_event, number, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")

    response = _api(client, big_event, 50, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert response.status_code == 201
