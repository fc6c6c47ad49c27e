"""Fixtures of the event tests: events shaped like the demo, tasks (and so mails) run at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from smartregion.events import services
from smartregion.events.models import Event, Registration
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Phase, Strategy


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Tasks run when enqueued (mails arrive in the outbox); deferred sweeps run at once and find
    nothing due, which is harmless."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def strategy(steinfurt: Region) -> Strategy:
    return Strategy.objects.create(region=steinfurt, title="Digitalisierungsstrategie")


@pytest.fixture
def mobility(strategy: Strategy) -> FieldOfAction:
    return FieldOfAction.objects.create(strategy=strategy, name="Mobilität", slug="mobilitaet")


@pytest.fixture
def phase(strategy: Strategy) -> Phase:
    return Phase.objects.create(strategy=strategy, name="Projektentwicklung", order=1)


@pytest.fixture
def make_event(steinfurt: Region) -> Callable[..., Event]:
    def _make(**data: Any) -> Event:
        start = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)
        values: dict[str, Any] = {
            "title": "Workshop Mobilität",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
            "place": "Kreishaus Steinfurt",
            "address": "Tecklenburger Straße 10, 48565 Steinfurt",
            "capacity": 2,
            "registration_deadline": start - datetime.timedelta(days=1),
        }
        region = data.pop("region", steinfurt)
        values.update(data)
        return services.create_event(region=region, actor=None, **values)

    return _make


@pytest.fixture
def event(make_event: Callable[..., Event]) -> Event:
    return make_event()


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks: Any) -> Callable[..., Registration]:
    """Register through the service and run what it leaves for after the commit (the mails)."""

    def _sign_up(
        event: Event, name: str = "Anna Beispiel", email: str = "anna@example.org", **kw: Any
    ) -> Registration:
        with django_capture_on_commit_callbacks(execute=True):
            return services.register(event=event, name=name, email=email, **kw)

    return _sign_up
