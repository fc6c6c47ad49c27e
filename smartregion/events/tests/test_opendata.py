"""Public events as open data: never an event by invitation, never a participant."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.events.models import Event, EventKind, Registration, RegistrationStatus, Visibility
from smartregion.opendata.tests.files import csv_rows, json_rows
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

KEY = "veranstaltungen"


@pytest.fixture
def events(steinfurt: Region) -> list[Event]:
    start = timezone.now() + datetime.timedelta(days=7)
    public = Event.objects.create(
        region=steinfurt,
        kind=EventKind.WORKSHOP,
        title="Werkstatt Breitband",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Kreishaus",
        capacity=30,
    )
    invited = Event.objects.create(
        region=steinfurt,
        title="Lenkungsausschuss",
        start=start,
        end=start + datetime.timedelta(hours=1),
        visibility=Visibility.INVITATION,
    )
    confirmed = timezone.now()
    for number, (status, address_confirmed_at) in enumerate(
        [
            (RegistrationStatus.CONFIRMED, confirmed),
            (RegistrationStatus.CONFIRMED, confirmed),
            (RegistrationStatus.PENDING, None),  # anyone could make it for any address: not counted
            (RegistrationStatus.CANCELLED, confirmed),
        ]
    ):
        Registration.objects.create(
            event=public,
            name=f"Teilnehmerin {number}",
            email=f"person{number}@example.org",
            status=status,
            address_confirmed_at=address_confirmed_at,
        )
    return [public, invited]


def test_public_events_with_the_public_count_of_registrations(events: list[Event], client: Client) -> None:
    [row] = json_rows(client, "kreis-steinfurt", KEY)

    public = events[0]
    assert row == {
        "id": public.pk,
        "titel": "Werkstatt Breitband",
        "art": "Workshop",
        "beginn": timezone.localtime(public.start).isoformat(),
        "ende": timezone.localtime(public.end).isoformat(),
        "ort": "Kreishaus",
        "plaetze": 30,
        "angemeldet": 2,
        "url": f"http://testserver/r/kreis-steinfurt/termine/{public.pk}/",
    }


def test_nothing_about_participants_and_no_event_by_invitation(events: list[Event], client: Client) -> None:
    text = str(csv_rows(client, "kreis-steinfurt", KEY)) + str(json_rows(client, "kreis-steinfurt", KEY))

    assert "Lenkungsausschuss" not in text
    assert "Teilnehmerin" not in text
    assert "example.org" not in text
