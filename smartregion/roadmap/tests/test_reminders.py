"""Reminders before funding deadlines: sent once per deadline and project to the project leads and
coordinators, a set number of days before, by a background task; shown on the dashboard."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from smartregion.core import modules
from smartregion.roadmap import tasks
from smartregion.roadmap.models import DeadlineReminder, ProgrammeDeadline, SourceKind, SourceStatus
from smartregion.roadmap.services import programmes, resources

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)  # the fixed clock of these tests


@pytest.fixture
def planned(project, programme):
    resources.save_cost_plan(project=project, actor=None, lines={2026: (Decimal(100000), Decimal(0))})
    return resources.save_funding_source(
        project=project,
        actor=None,
        data={
            "kind": SourceKind.PROGRAMME,
            "programme": programme,
            "amount": Decimal(65000),
            "status": SourceStatus.PLANNED,
        },
    )


@pytest.fixture
def deadline(programme):
    return ProgrammeDeadline.objects.create(
        programme=programme, date=datetime.date(2026, 3, 20), label="Interessenbekundung"
    )


def test_leads_and_coordinators_are_reminded_once(
    settings, planned, deadline, coordinator, project_lead, reader
):
    settings.FUNDING_REMINDER_DAYS = 28
    mail.outbox.clear()

    sent = programmes.send_reminders(today=TODAY)

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, project_lead.email])
    message = mail.outbox[0]
    assert (
        message.subject
        == "Frist am 20.03.2026: Smart Cities – Made in Germany für „IoT für ein besseres Leben“"
    )
    assert "in 18 Tagen" in message.body
    assert "Interessenbekundung" in message.body
    assert "/r/kreis-steinfurt/fahrplan/projekte/iot-fuer-ein-besseres-leben/" in message.body
    assert programmes.send_reminders(today=TODAY + datetime.timedelta(days=1)) == 0
    assert DeadlineReminder.objects.get().recipients == 2


def test_nobody_is_reminded_too_early_after_the_deadline_or_for_an_application_made(
    settings, planned, deadline, coordinator
):
    settings.FUNDING_REMINDER_DAYS = 14
    assert programmes.send_reminders(today=datetime.date(2026, 3, 5)) == 0  # 15 days before
    assert programmes.send_reminders(today=datetime.date(2026, 3, 21)) == 0  # after
    planned.status = SourceStatus.APPLIED
    planned.save()
    assert programmes.send_reminders(today=datetime.date(2026, 3, 10)) == 0
    assert not mail.outbox


def test_the_background_task_sends_with_the_clock_it_runs_at(
    monkeypatch, settings, planned, deadline, coordinator
):
    settings.FUNDING_REMINDER_DAYS = 28
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)

    result = tasks.send_funding_reminders.enqueue()

    assert result.return_value == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_new_deadline_schedules_the_reminder(
    settings, django_capture_on_commit_callbacks, planned, programme, coordinator, steinfurt
):
    settings.FUNDING_REMINDER_DAYS = 28
    soon = timezone.localdate() + datetime.timedelta(days=5)

    with django_capture_on_commit_callbacks(execute=True):
        programmes.add_deadline(programme=programme, actor=None, region=steinfurt, date=soon)

    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert DeadlineReminder.objects.filter(deadline__date=soon).exists()


def test_the_dashboard_offers_coming_deadlines_and_late_milestones(
    settings, planned, coordinator, programme, steinfurt
):
    settings.FUNDING_REMINDER_DAYS = 28
    ProgrammeDeadline.objects.create(
        programme=programme, date=timezone.localdate() + datetime.timedelta(days=3)
    )

    items = {item.label: item for item in modules.dashboard_items(steinfurt, coordinator)}

    assert items["Förderfristen in den nächsten 28 Tagen"].count == 1
    assert (
        items["Förderfristen in den nächsten 28 Tagen"].url
        == "/r/kreis-steinfurt/fahrplan/finanzierung/#fristen"
    )


def test_the_daily_command_sends_what_is_due(settings, planned, coordinator, programme):
    from io import StringIO

    from django.core.management import call_command

    settings.FUNDING_REMINDER_DAYS = 28
    soon = timezone.localdate() + datetime.timedelta(days=2)
    ProgrammeDeadline.objects.create(programme=programme, date=soon)
    out = StringIO()

    call_command("funding_reminders", stdout=out)

    assert out.getvalue().strip() == "Erinnerungen verschickt: 1"
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
