"""Background tasks that fail are tried again later, and the people responsible see what keeps failing.

django-tasks runs a task once: an exception marks its result failed and nothing follows. A task
decorated with ``retried`` (below ``@task()``) is, after an exception, enqueued again with
``run_after`` = now + ``backoff(attempt)`` (1, 5, 25, 125 minutes, at most six hours between two
attempts), until it has been tried ``attempts`` times. The failed run keeps its traceback in the
task backend's result (staff find it in the Django admin); the run queued again carries the state of
its series in the reserved keyword argument ``_retry`` (attempt, how many in all, the region, the
error), which the decorator takes off before the task's function is called. So the series needs no
table of its own and the task's function no change: decorate only tasks that may run twice
(idempotent sweeps, counts), never one that would send or write twice.

A backend that cannot defer (the immediate backend of tests and demos) runs nothing again.

``failing_tasks`` lists what is waiting for another attempt or gave up within ``GAVE_UP_SHOWN_DAYS``:
a region's coordinators see its region's series, staff every series (the region-less ones, such as
mails, included). It reads the database backend's results (``django_tasks_db``), the default.
"""

from __future__ import annotations

import datetime
import functools
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import InterfaceError, OperationalError
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task

from smartregion.core import scoping

logger = logging.getLogger(__name__)

RETRY_KWARG = "_retry"
DEFAULT_ATTEMPTS = 5
LONGEST_WAIT = datetime.timedelta(hours=6)
GAVE_UP_SHOWN_DAYS = 30

Func = TypeVar("Func", bound=Callable[..., Any])
RegionOf = Callable[..., "int | None"]


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after the ``attempt``-th failed attempt: 1, 5, 25, 125 minutes, at most six hours."""
    return min(datetime.timedelta(minutes=5 ** (attempt - 1)), LONGEST_WAIT)


def region_of(model: type[Model]) -> RegionOf:
    """For ``retried(region=…)``: the region of the ``model`` row whose id is the task's first argument."""

    def find(pk: Any, *args: Any, **kwargs: Any) -> int | None:
        region_id = model._default_manager.filter(pk=pk).values_list("region_id", flat=True).first()
        return cast("int | None", region_id)

    return find


def retried(
    *, label: str | Promise = "", attempts: int = DEFAULT_ATTEMPTS, region: RegionOf | None = None
) -> Callable[[Func], Func]:
    """Try the task again with a growing wait after an exception, ``attempts`` times in all.

    ``label`` names the task for people (German, lazily translated); ``region`` finds the region
    the task works for from its arguments (``region_of``), so the region's coordinators see it.
    """

    def decorate(func: Func) -> Func:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            state: dict[str, Any] = kwargs.pop(RETRY_KWARG, None) or {}
            attempt = int(state.get("attempt", 1))
            try:
                return func(*args, **kwargs)
            except Exception as error:
                if attempt == 1:
                    state = {"region": _find_region(region, args, kwargs)}
                _try_again(
                    run,
                    args,
                    kwargs,
                    attempt=attempt,
                    attempts=attempts,
                    region=state.get("region"),
                    error=error,
                )
                raise

        run.retry_label = label  # type: ignore[attr-defined]  # read by failing_tasks
        return cast(Func, run)

    return decorate


def _find_region(region: RegionOf | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    if region is None:
        return None
    try:
        with scoping.scopes_disabled():
            return region(*args, **kwargs)
    except Exception:  # the database may be what failed: the series is then shown to staff only
        logger.warning("region of a failed task not found", exc_info=True)
        return None


def _try_again(
    run: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    attempt: int,
    attempts: int,
    region: int | None,
    error: Exception,
) -> bool:
    """Queue the next attempt; False when there is none (the last failed, or no backend to defer)."""
    name = f"{run.__module__}.{run.__qualname__}"
    if attempt >= attempts:
        logger.error("task %s failed %d times, not tried again: %r", name, attempt, error)
        return False
    task = import_string(name)
    if not isinstance(task, Task) or not task.get_backend().supports_defer:
        logger.error("task %s failed and cannot be deferred, not tried again: %r", name, error)
        return False
    run_after = timezone.now() + backoff(attempt)
    state = {
        "attempt": attempt + 1,
        "of": attempts,
        "last": attempt + 1 >= attempts,
        "region": region,
        "error": f"{type(error).__module__}.{type(error).__qualname__}",
        "failed_at": timezone.now().isoformat(),
    }
    try:
        task.using(run_after=run_after).enqueue(*args, **kwargs, **{RETRY_KWARG: state})
    except Exception:
        logger.exception("task %s failed and could not be queued again", name)
        return False
    logger.warning(
        "task %s failed (attempt %d of %d), tried again at %s: %r", name, attempt, attempts, run_after, error
    )
    return True


def enqueue_retry(
    task: Task[..., Any], *args: Any, error: Exception, attempts: int = DEFAULT_ATTEMPTS
) -> bool:
    """Queue ``task(*args)`` as the second attempt of work that failed once outside a task (a mail
    sent during a request); ``task`` must be ``retried``. False when it could not be queued."""
    return _try_again(task.func, args, {}, attempt=1, attempts=attempts, region=None, error=error)


def describe(error_class_path: str) -> str:
    """What went wrong, in German, from the exception's class; never the error's own text, which
    may hold addresses, passwords or personal data."""
    try:
        error_class = import_string(error_class_path)
    except ImportError:
        error_class = Exception
    if not isinstance(error_class, type):
        error_class = Exception
    if issubclass(error_class, smtplib.SMTPException):
        return _("Der Mailserver hat die Nachricht nicht angenommen.")
    if issubclass(error_class, (OperationalError, InterfaceError)):
        return _("Die Datenbank war nicht erreichbar.")
    if issubclass(error_class, OSError):
        return _("Ein Dienst (etwa der Mailserver) war nicht erreichbar.")
    return _("Unerwarteter Fehler (%(name)s); Einzelheiten stehen im Fehlerprotokoll des Servers.") % {
        "name": error_class.__name__
    }


@dataclass(frozen=True)
class FailingTask:
    """A series of attempts that failed: waiting for the next one (``next_attempt``) or given up."""

    id: str
    label: str
    attempts: int  # made so far
    of: int
    last_error: str  # German
    failed_at: datetime.datetime | None
    next_attempt: datetime.datetime | None  # None: given up
    region_id: int | None


def failing_tasks(*, region_id: int | None = None, every_region: bool = False) -> list[FailingTask]:
    """Series waiting for another attempt, then those given up in the last ``GAVE_UP_SHOWN_DAYS``
    days; of one region, or with ``every_region`` of all and of none. One query."""
    from django_tasks_db.models import DBTaskResult

    retrying = Q(status__in=["READY", "RUNNING"])
    gave_up = Q(
        status="FAILED",
        **{f"args_kwargs__kwargs__{RETRY_KWARG}__last": True},
        finished_at__gte=timezone.now() - datetime.timedelta(days=GAVE_UP_SHOWN_DAYS),
    )
    rows = DBTaskResult.objects.filter(retrying | gave_up).filter(
        **{"args_kwargs__kwargs__has_key": RETRY_KWARG}
    )
    if not every_region:
        rows = rows.filter(**{f"args_kwargs__kwargs__{RETRY_KWARG}__region": region_id})
    rows = rows.only(
        "id", "status", "task_path", "args_kwargs", "run_after", "finished_at", "exception_class_path"
    )
    found = [_failing(row) for row in rows.order_by("-enqueued_at")[:200]]
    return sorted(
        found, key=lambda t: (t.next_attempt is None, t.next_attempt or t.failed_at or timezone.now())
    )


def _failing(row: Any) -> FailingTask:
    state = row.args_kwargs["kwargs"][RETRY_KWARG]
    given_up = row.status == "FAILED"
    return FailingTask(
        id=str(row.id),
        label=_label(row.task_path),
        attempts=state["attempt"] if given_up else state["attempt"] - 1,
        of=state["of"],
        last_error=describe(row.exception_class_path if given_up else state["error"]),
        failed_at=row.finished_at if given_up else parse_datetime(state["failed_at"]),
        next_attempt=None if given_up else row.run_after,
        region_id=state.get("region"),
    )


def _label(task_path: str) -> str:
    try:
        task = import_string(task_path)
    except ImportError:
        return task_path
    return str(getattr(task.func, "retry_label", "") or task.name) if isinstance(task, Task) else task_path
