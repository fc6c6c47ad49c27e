"""Retention: the nightly sweep deletes what is kept only for a period, and nothing younger."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from smartregion.core import retention
from smartregion.core.models import AuditEvent, record_event
from smartregion.core.scoping import scopes_disabled
from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.ideas.models import Idea, IdeaStatus, IdeaSupport
from smartregion.regions import legal
from smartregion.regions.services import months_before

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _aged(model, pk, field: str, age: datetime.timedelta) -> None:
    with scopes_disabled():
        model.objects.filter(pk=pk).update(**{field: NOW - age})


def _counts(done) -> dict[str, int]:
    return {str(item.label): item.count for item in done}


def test_unconfirmed_ideas_supports_and_registrations_go_after_their_week(steinfurt):
    with scopes_disabled():
        old, _young, published = (
            Idea.objects.create(
                region=steinfurt, title=title, description="…", author_email="a@example.org", status=status
            )
            for title, status in (
                ("alt", IdeaStatus.UNCONFIRMED),
                ("jung", IdeaStatus.UNCONFIRMED),
                ("veröffentlicht", IdeaStatus.PUBLISHED),
            )
        )
        support = IdeaSupport.objects.create(idea=published, email="b@example.org")
        confirmed = IdeaSupport.objects.create(idea=published, email="c@example.org", confirmed_at=NOW)
        event = Event.objects.create(
            region=steinfurt,
            title="Werkstatt",
            start=NOW + datetime.timedelta(days=3),
            end=NOW + datetime.timedelta(days=3),
        )
        lapsed = Registration.objects.create(
            event=event, email="d@example.org", status=RegistrationStatus.EXPIRED
        )
        fresh = Registration.objects.create(
            event=event, email="e@example.org", status=RegistrationStatus.EXPIRED
        )
    for pk in (old.pk, published.pk):
        _aged(Idea, pk, "created_at", datetime.timedelta(days=8))
    _aged(IdeaSupport, support.pk, "created_at", datetime.timedelta(days=8))
    _aged(IdeaSupport, confirmed.pk, "created_at", datetime.timedelta(days=8))
    _aged(Registration, lapsed.pk, "status_changed_at", datetime.timedelta(days=8))

    done = _counts(retention.apply_all(NOW))

    assert done["Unbestätigte Ideen"] == 1
    assert done["Unbestätigte Unterstützungen"] == 1
    assert done["Unbestätigte Anmeldungen"] == 1
    with scopes_disabled():
        assert set(Idea.objects.values_list("title", flat=True)) == {"jung", "veröffentlicht"}
        assert list(IdeaSupport.objects.values_list("pk", flat=True)) == [confirmed.pk]
        assert list(Registration.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_personal_data_of_past_events_goes_after_the_events_period(steinfurt):
    with scopes_disabled():
        end = NOW - datetime.timedelta(days=91)
        event = Event.objects.create(region=steinfurt, title="Auftakt", start=end, end=end, retention_days=90)
        Registration.objects.create(
            event=event, name="Anna", email="a@example.org", status=RegistrationStatus.CONFIRMED
        )

    done = _counts(retention.apply_all(NOW))

    assert done["Anmeldungen vergangener Veranstaltungen (anonymisiert)"] == 1
    with scopes_disabled():
        assert Registration.objects.get().email == ""


def test_change_log_and_login_log_follow_the_regions_periods(steinfurt, coesfeld):
    details = legal.defaults(steinfurt)
    details.audit_retention_months = 12
    details.log_retention_days = 14
    details.save()  # Coesfeld keeps the defaults: 36 months, 30 days
    entries = {}
    for region, age_days in ((steinfurt, 400), (steinfurt, 300), (coesfeld, 400), (None, 1200)):
        entry = record_event(action="idea.published", obj=steinfurt, region=region)
        _aged(AuditEvent, entry.pk, "created_at", datetime.timedelta(days=age_days))
        entries[(region.slug if region else "", age_days)] = entry.pk
    old_login = AccessLog.objects.create(username="a@example.org", ip_address="192.0.2.1", user_agent="x")
    new_login = AccessLog.objects.create(username="a@example.org", ip_address="192.0.2.1", user_agent="x")
    AccessLog.objects.filter(pk=old_login.pk).update(attempt_time=NOW - datetime.timedelta(days=15))
    attempt = AccessAttempt.objects.create(
        username="a@example.org", ip_address="192.0.2.1", user_agent="x", failures_since_start=3
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=NOW - datetime.timedelta(hours=2))

    done = _counts(retention.apply_all(NOW))

    assert done["Einträge im Änderungsprotokoll"] == 2
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert entries[("kreis-steinfurt", 400)] not in remaining
    assert entries[("", 1200)] not in remaining
    assert {entries[("kreis-steinfurt", 300)], entries[("kreis-coesfeld", 400)]} <= remaining
    # The login log belongs to no region: the strictest period (14 days) applies.
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new_login.pk]
    assert not AccessAttempt.objects.exists()


def test_finished_task_results_go_after_a_week_failed_ones_after_the_task_page(db):
    def result(status: str, age_days: int) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": ["anna@example.org"], "kwargs": {}},
            task_path="smartregion.core.mail.deliver",
            backend_name="default",
            run_after=NOW,
            finished_at=NOW - datetime.timedelta(days=age_days),
        )

    gone = [result("SUCCESSFUL", 8), result("FAILED", 31)]
    kept = [result("SUCCESSFUL", 6), result("FAILED", 20), result("READY", 100)]

    retention.apply_all(NOW)

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {r.pk for r in kept}
    assert not DBTaskResult.objects.filter(pk__in=[r.pk for r in gone]).exists()


def test_months_before_keeps_calendar_months():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 36) == datetime.datetime(2023, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 15) == datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC)


def test_the_sweep_runs_every_night_and_is_queued_once(db):
    call_command("retention")
    call_command("retention")

    waiting = DBTaskResult.objects.filter(task_path=retention.sweep.module_path, status="READY")
    assert waiting.count() == 1
    run_after = timezone.localtime(waiting.get().run_after)
    assert (run_after.hour, run_after.minute) == (retention.SWEEP_HOUR, 0)
    assert run_after.date() == timezone.localdate() + datetime.timedelta(days=1)
