"""Background work of events (django-tasks): mails, release of unconfirmed seats, reminders, deletion.

The sweeps take no arguments and handle everything that is due, so running one early, late or twice
does no harm. ``schedule_for`` enqueues them for the moments an event needs them; ``manage.py
events_housekeeping`` runs the same sweeps from cron as a safety net.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend, task
from django_tasks.base import Task

from smartregion.core import background, scoping
from smartregion.events import services
from smartregion.events.models import Event


@task()
@scoping.across_regions
def send_mails(kind: str, registration_ids: list[int]) -> None:
    services.send_mails(kind=kind, registration_ids=registration_ids)


@task()
@background.retried(label=_("Unbestätigte Plätze freigeben"))
@scoping.across_regions
def release_unconfirmed_seats() -> int:
    return services.release_unconfirmed_seats()


@task()
@background.retried(label=_("Erinnerungen an Veranstaltungen senden"))
@scoping.across_regions
def send_reminders() -> int:
    return services.send_due_reminders()


@task()
@background.retried(label=_("Personenbezogene Daten vergangener Veranstaltungen löschen"))
@scoping.across_regions
def delete_personal_data() -> int:
    return services.delete_expired_personal_data()


def _enqueue(job: Task[[], int], run_after: datetime) -> None:
    if default_task_backend.supports_defer and run_after > timezone.now():
        job.using(run_after=run_after).enqueue()
    else:
        job.enqueue()


def schedule_release(event: Event) -> None:
    # A minute past the hold, so the sweep finds the registration expired.
    _enqueue(release_unconfirmed_seats, timezone.now() + timedelta(hours=event.confirmation_hours, minutes=1))


def schedule_for(event: Event) -> None:
    """Enqueue the reminder and the deletion of personal data of an event created or changed."""
    now = timezone.now()
    reminder_at = event.start - timedelta(hours=event.reminder_hours)
    if event.start > now and event.reminder_sent_at is None:
        _enqueue(send_reminders, reminder_at)
    if event.personal_data_deleted_at is None:
        _enqueue(delete_personal_data, event.end + timedelta(days=event.retention_days, minutes=1))
