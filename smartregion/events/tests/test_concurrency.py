"""1,000 registrations at once for 100 seats: exactly 100 seats, 900 waiting in arrival order.

Runs with real transactions and threads, each with its own database connection, on SQLite and on
PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from smartregion.events import services
from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.regions.tests.factories import RegionFactory

PEOPLE = 1000
SEATS = 100
THREADS = 16


def _register(event: Event, number: int) -> str:
    try:
        registration = services.register(
            event=event, name=f"Person {number}", email=f"person{number}@example.org"
        )
        return registration.status
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_thousand_registrations_for_hundred_seats(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    region = RegionFactory(slug="kreis-steinfurt")
    start = timezone.now() + datetime.timedelta(days=7)
    event = services.create_event(
        region=region,
        actor=None,
        title="Auftakt",
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=SEATS,
    )

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(lambda n: _register(event, n), range(PEOPLE)))

    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    registrations = list(Registration.objects.filter(event=event).order_by("pk"))
    assert len(registrations) == PEOPLE
    # Arrival order: the first 100 written hold the seats, everyone after them waits, in order.
    assert {r.status for r in registrations[:SEATS]} == {RegistrationStatus.CONFIRMED}
    assert {r.status for r in registrations[SEATS:]} == {RegistrationStatus.WAITLISTED}
    created = [r.created_at for r in registrations]
    assert created == sorted(created)
    waiting = registrations[SEATS:]
    assert [services.waitlist_position(r) for r in waiting[:3]] == [1, 2, 3]
    assert services.waitlist_position(waiting[-1]) == PEOPLE - SEATS

    # Ten cancellations at once move exactly the next ten up.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(_cancel, registrations[:10]))
    confirmed = set(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    assert len(confirmed) == SEATS
    assert confirmed == {r.pk for r in registrations[10 : SEATS + 10]}
    assert (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count()
        == PEOPLE - SEATS - 10
    )


def _cancel(registration: Registration) -> None:
    try:
        services.cancel_registration(registration=registration)
    finally:
        connection.close()
