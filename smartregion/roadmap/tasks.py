"""Background work of the roadmap: reminders before funding programme deadlines.

``send_funding_reminders`` is idempotent (each deadline and project is reminded once), so it may
run as often as wanted: it is scheduled for the moment a deadline's reminder period begins
whenever a deadline or a planned application is saved, and ``manage.py funding_reminders`` runs
it from cron where no worker defers tasks.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartregion.core import background, scoping
from smartregion.roadmap.models import ProgrammeDeadline
from smartregion.roadmap.services import programmes


@task()
@background.retried(label=_("Erinnerungen an Förderfristen senden"))
@scoping.across_regions
def send_funding_reminders() -> int:
    """Send the reminders that are due today; returns the e-mails sent."""
    return programmes.send_reminders(today=timezone.localdate())


def schedule_reminders(programme_id: int) -> None:
    """After commit, enqueue the reminders for each coming deadline of the programme at the start
    of its reminder period (at once if that has begun)."""
    today = timezone.localdate()
    backend = send_funding_reminders.get_backend()
    moments = set()
    for date in ProgrammeDeadline.objects.filter(programme_id=programme_id, date__gte=today).values_list(
        "date", flat=True
    ):
        start = date - datetime.timedelta(days=settings.FUNDING_REMINDER_DAYS)
        moments.add(max(start, today))
    for moment in sorted(moments):
        job = send_funding_reminders
        if moment > today and backend.supports_defer:
            at = timezone.make_aware(datetime.datetime.combine(moment, datetime.time(7)))
            job = job.using(run_after=at)
        transaction.on_commit(job.enqueue)
