"""The demo events from the seeds, loaded twice without duplicates."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.events import demo
from smartregion.events.models import Event
from smartregion.strategy import demo as strategy_demo

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.usefixtures("demo_people")
def test_demo_events_from_the_seeds(client: Client) -> None:
    strategy_demo.load()
    demo.load()
    demo.load()  # a second time: nothing doubles
    kickoff = Event.objects.get(region__slug="kreis-dithmarschen")
    assert kickoff.start == datetime.datetime(2021, 10, 28, 18, tzinfo=BERLIN)
    assert timezone.localtime(kickoff.end, BERLIN).hour == 20
    assert kickoff.place == "BerufsBildungsZentrum Heide"
    assert kickoff.address.startswith("Rungholtstraße 2 c")
    assert timezone.localtime(kickoff.registration_deadline, BERLIN).date() == datetime.date(2021, 10, 25)
    assert "3G-Regel" in kickoff.conditions
    assert kickoff.phase is not None

    coesfeld = Event.objects.filter(region__slug="kreis-coesfeld").order_by("start")
    assert [e.attendance_count for e in coesfeld] == [30, 23, 34]
    assert [f.name for e in coesfeld for f in e.fields.all()] == [
        "Mobilität",
        "Wirtschaft",
        "Innenstadt/Dorfmitte",
    ]

    steinfurt = Event.objects.filter(
        region__slug="kreis-steinfurt", title__startswith="Online-Handlungsfeldworkshop"
    )
    assert steinfurt.count() == 6
    assert all(e.online_url and not e.address for e in steinfurt)

    upcoming = Event.objects.filter(start__gt=timezone.now()).with_counts().get()
    assert upcoming.capacity
    assert upcoming.seats_taken < upcoming.capacity
    assert client.get(upcoming.get_absolute_url()).status_code == 200

    timeline = client.get("/r/kreis-coesfeld/strategie/").content.decode()
    assert "30 Teilnehmende" in timeline
    assert "34 Teilnehmende" in timeline
