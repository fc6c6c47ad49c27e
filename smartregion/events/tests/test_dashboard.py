"""What events put on the to-do list of those who run them: registrations to look at, per event."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from smartregion.accounts.models import User
from smartregion.events import services
from smartregion.events.models import Event, Registration
from smartregion.events.selectors import dashboard_items
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

SignUp = Callable[..., Registration]


def _rows(region: Region, user: User) -> list[tuple[str, int, str, datetime.date | None, str]]:
    return [(i.label, i.count, i.url, i.due, i.detail) for i in dashboard_items(region, user)]


def _full(event: Event, sign_up: SignUp) -> None:
    """Both seats taken (capacity 2), the first with a need for accessibility."""
    sign_up(event, "Anna", "anna@example.org", accessibility_needs="Rollstuhlplatz")
    sign_up(event, "Bernd", "bernd@example.org")


def test_waiting_list_and_accessibility_needs_are_counted_once_per_registration(
    event: Event, sign_up: SignUp, coordinator: User, steinfurt: Region
) -> None:
    _full(event, sign_up)
    sign_up(event, "Clara", "clara@example.org")  # waiting list
    sign_up(event, "Dora", "dora@example.org", accessibility_needs="Gebärdensprache")  # both

    assert _rows(steinfurt, coordinator) == [
        (
            "Anmeldungen prüfen: Workshop Mobilität",
            3,
            f"/r/kreis-steinfurt/termine/{event.pk}/teilnehmende/",
            timezone.localdate(event.start),
            "2 auf der Warteliste, 2 mit Bedarf an Barrierefreiheit",
        )
    ]


def test_a_cancelled_registration_no_longer_counts(
    event: Event, sign_up: SignUp, coordinator: User, steinfurt: Region
) -> None:
    sign_up(event, "Anna", "anna@example.org", accessibility_needs="Rollstuhlplatz")
    assert [row[1] for row in _rows(steinfurt, coordinator)] == [1]

    services.cancel_registration(registration=Registration.objects.get(email="anna@example.org"))

    assert _rows(steinfurt, coordinator) == []


def test_events_without_anything_to_check_and_past_events_are_left_out(
    make_event: Callable[..., Event], sign_up: SignUp, coordinator: User, steinfurt: Region
) -> None:
    quiet = make_event(title="Ruhig")
    sign_up(quiet, "Anna", "anna@example.org")
    past = make_event(title="Vorbei", capacity=None)
    sign_up(past, "Bernd", "bernd@example.org", accessibility_needs="Rollstuhlplatz")
    Event.objects.filter(pk=past.pk).update(
        start=timezone.now() - datetime.timedelta(days=2), end=timezone.now() - datetime.timedelta(days=2)
    )

    assert _rows(steinfurt, coordinator) == []


def test_only_those_who_run_the_events_see_them(
    event: Event,
    sign_up: SignUp,
    reader: User,
    officer: User,
    coesfeld_coordinator: User,
    steinfurt: Region,
) -> None:
    sign_up(event, "Anna", "anna@example.org", accessibility_needs="Rollstuhlplatz")

    for person in (reader, officer, coesfeld_coordinator):
        assert _rows(steinfurt, person) == []


def test_one_query_however_many_events_and_registrations(
    make_event: Callable[..., Event],
    sign_up: SignUp,
    coordinator: User,
    steinfurt: Region,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(4):
        event = make_event(title=f"Workshop {number}", capacity=1)
        for person in range(4):
            sign_up(event, f"P{person}", f"p{person}.{number}@example.org")
    dashboard_items(steinfurt, coordinator)  # reads the roles

    with django_assert_max_num_queries(1):
        items = dashboard_items(steinfurt, coordinator)

    assert [item.count for item in items] == [3, 3, 3, 3]
