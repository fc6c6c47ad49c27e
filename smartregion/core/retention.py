"""Retention: what the platform keeps only for a period goes in a daily background sweep.

Each module names its rules in the registry (``Module.retention``, a function ``(now) -> [Retained]``):
unconfirmed ideas, supports and registrations, the personal data of past events, change log entries and
login logs past the periods the regions set. The sweep adds the platform's own rule: results of finished
background tasks (a queued mail's task carries its addresses and text) go after ``TASK_RESULTS_KEPT_DAYS``,
failed ones after ``background.GAVE_UP_SHOWN_DAYS``, once the task page no longer shows them.

``sweep`` runs every rule and, where the task backend can defer, enqueues itself for the next night unless
a run is already waiting, so one run keeps the chain going; ``manage.py retention`` starts it (from cron
or a systemd timer, as a safety net) or runs the rules at once (``--now``). Every rule deletes only what
is due, so running early, late or twice does no harm.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import default_task_backend, task

from smartregion.core import background, modules, scoping
from smartregion.core.modules import Retained

logger = logging.getLogger(__name__)

TASK_RESULTS_KEPT_DAYS = 7
SWEEP_HOUR = 3  # local time of the nightly run


def _task_results(now: datetime.datetime) -> list[Retained]:
    from django_tasks_db.models import DBTaskResult

    succeeded, _by_model = DBTaskResult.objects.filter(
        status="SUCCESSFUL", finished_at__lt=now - datetime.timedelta(days=TASK_RESULTS_KEPT_DAYS)
    ).delete()
    failed, _by_model = DBTaskResult.objects.filter(
        status="FAILED", finished_at__lt=now - datetime.timedelta(days=background.GAVE_UP_SHOWN_DAYS)
    ).delete()
    return [Retained(_("Ergebnisse erledigter Hintergrundaufgaben"), succeeded + failed)]


def apply_all(now: datetime.datetime | None = None) -> list[Retained]:
    """Run every module's retention rules and the platform's own, now."""
    now = now or timezone.now()
    done: list[Retained] = []
    with scoping.scopes_disabled():
        for _module, rule in modules.retention_rules():
            done.extend(import_string(rule)(now))
        done.extend(_task_results(now))
    for retained in done:
        if retained.count:
            logger.info("retention: %s: %d", retained.label, retained.count)
    return done


def next_run(now: datetime.datetime) -> datetime.datetime:
    """The next night's run, at ``SWEEP_HOUR`` local time."""
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(SWEEP_HOUR)))


def schedule(now: datetime.datetime | None = None) -> bool:
    """Enqueue the next sweep unless one is waiting; False where the backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=sweep.module_path, status="READY").exists():
        return True
    sweep.using(run_after=next_run(now or timezone.now())).enqueue()
    return True


@task()
@background.retried(label=gettext_lazy("Aufbewahrungsfristen anwenden"))
@scoping.across_regions
def sweep() -> int:
    """The nightly run: every retention rule, then the next night's run."""
    done = apply_all()
    schedule()
    return sum(retained.count for retained in done)
