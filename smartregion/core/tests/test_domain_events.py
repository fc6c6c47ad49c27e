"""record_event is the one place where a change is recorded and, after commit, announced."""

from __future__ import annotations

import pytest
from django.db import transaction

from smartregion.core.events import domain_event
from smartregion.core.models import AuditEvent
from smartregion.regions import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    events: list[AuditEvent] = []

    def listen(sender, event, **kwargs):
        events.append(event)

    domain_event.connect(listen)
    yield events
    domain_event.disconnect(listen)


def test_a_committed_change_is_announced_once_with_its_audit_entry(steinfurt, coordinator, heard):
    municipality = services.create_municipality(region=steinfurt, name="Greven", actor=coordinator)

    assert [(e.action, e.object_id, e.actor_id) for e in heard] == [
        ("municipality.created", str(municipality.pk), coordinator.pk)
    ]
    assert heard[0].pk == AuditEvent.objects.get(action="municipality.created").pk


def test_nothing_is_announced_before_commit_or_after_a_rollback(steinfurt, coordinator, heard):
    with transaction.atomic():
        services.create_municipality(region=steinfurt, name="Greven", actor=coordinator)
        assert heard == [], "announced inside the transaction"
    assert len(heard) == 1

    def change_then_fail() -> None:
        with transaction.atomic():
            services.create_municipality(region=steinfurt, name="Emsdetten", actor=coordinator)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert len(heard) == 1
    assert AuditEvent.objects.filter(action="municipality.created").count() == 1


def test_a_failing_receiver_neither_undoes_the_change_nor_silences_the_others(steinfurt, coordinator, heard):
    def broken(sender, event, **kwargs):
        raise ValueError("kaputt")

    domain_event.connect(broken)
    try:
        municipality = services.create_municipality(region=steinfurt, name="Greven", actor=coordinator)
    finally:
        domain_event.disconnect(broken)

    assert municipality.pk is not None
    assert [e.action for e in heard] == ["municipality.created"]
