"""A failing background task is tried again with a growing wait, gives up after its attempts, and
the region's coordinators (staff: every task) see what is waiting or gave up (``core/background.py``)."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from smartregion.accounts.models import User
from smartregion.core import background
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

FAILURES = {"left": 0, "runs": 0}


def _region_of(region_id: int) -> int:
    return region_id


@task()
@background.retried(label="Antworten zählen (Test)", attempts=3, region=_region_of)
def flaky(region_id: int) -> int:
    """Fails while FAILURES["left"] > 0, as a task whose database or mail server is away."""
    FAILURES["runs"] += 1
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise ConnectionRefusedError("[Errno 111] Connection refused: smtp.intern:25")
    return region_id


@pytest.fixture(autouse=True)
def _database_backend(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    FAILURES.update(left=0, runs=0)


def run_due(*, later: bool = True) -> None:
    """Let the waits pass (``later``) and run what is due, as ``manage.py db_worker`` does."""
    if later:
        DBTaskResult.objects.filter(status="READY").update(
            run_after=timezone.now() - datetime.timedelta(seconds=1)
        )
    # The worker closes connections between tasks, which would end the test's transaction.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def test_the_waits_grow_and_stay_below_six_hours() -> None:
    minutes = [background.backoff(attempt) / datetime.timedelta(minutes=1) for attempt in range(1, 8)]

    assert minutes == [1, 5, 25, 125, 360, 360, 360]


def test_a_failing_task_is_queued_again_with_the_wait_and_succeeds_later(steinfurt: Region) -> None:
    FAILURES["left"] = 2
    flaky.enqueue(steinfurt.pk)

    run_due(later=False)
    waiting = DBTaskResult.objects.get(status="READY")
    wait = waiting.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    assert waiting.args_kwargs["args"] == [steinfurt.pk]
    assert waiting.args_kwargs["kwargs"]["_retry"]["attempt"] == 2

    run_due(later=False)  # not due yet: nothing runs
    assert FAILURES["runs"] == 1

    run_due()
    waiting = DBTaskResult.objects.get(status="READY")
    wait = waiting.run_after - timezone.now()
    assert datetime.timedelta(minutes=4) < wait <= datetime.timedelta(minutes=5)

    run_due()
    assert FAILURES["runs"] == 3
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").get().return_value == steinfurt.pk
    assert background.failing_tasks(region_id=steinfurt.pk) == []


def test_a_task_gives_up_after_its_attempts(steinfurt: Region) -> None:
    FAILURES["left"] = 10
    flaky.enqueue(steinfurt.pk)

    for _ in range(5):
        run_due()

    assert FAILURES["runs"] == 3
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()
    [gave_up] = background.failing_tasks(region_id=steinfurt.pk)
    assert (gave_up.attempts, gave_up.of, gave_up.next_attempt) == (3, 3, None)


def test_coordinators_see_their_regions_failing_tasks_in_german(
    steinfurt: Region, coesfeld: Region, coordinator: User, coesfeld_coordinator: User, login: Any
) -> None:
    FAILURES["left"] = 1
    flaky.enqueue(steinfurt.pk)
    run_due(later=False)

    page = login(coordinator).get(f"/r/{steinfurt.slug}/verwaltung/hintergrundaufgaben/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Antworten zählen (Test)" in text
    assert "1 von 3" in text
    assert "Ein Dienst (etwa der Mailserver) war nicht erreichbar." in text
    assert "smtp.intern" not in text  # the error's own text stays in the server's log
    assert "ConnectionRefusedError" not in text

    other = login(coesfeld_coordinator).get(f"/r/{coesfeld.slug}/verwaltung/hintergrundaufgaben/")
    assert "Antworten zählen (Test)" not in other.content.decode()
    assert (
        login(coesfeld_coordinator).get(f"/r/{steinfurt.slug}/verwaltung/hintergrundaufgaben/").status_code
        == 403
    )
    assert Client().get(f"/r/{steinfurt.slug}/verwaltung/hintergrundaufgaben/").status_code == 302


def test_staff_see_every_failing_task_also_without_region(
    steinfurt: Region, coordinator: User, login: Any
) -> None:
    FAILURES["left"] = 1
    flaky.enqueue(steinfurt.pk)
    run_due(later=False)
    operator = User.objects.create_superuser("betrieb@example.org", "ein-langes-passwort-42")

    text = login(operator).get("/verwaltung/hintergrundaufgaben/").content.decode()

    assert "Antworten zählen (Test)" in text
    assert steinfurt.name in text
    assert login(coordinator).get("/verwaltung/hintergrundaufgaben/").status_code == 403


def test_a_backend_that_cannot_defer_runs_nothing_again(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    FAILURES["left"] = 5

    result = flaky.enqueue(1)

    assert result.status == "FAILED"
    assert FAILURES["runs"] == 1


def test_the_project_tasks_that_may_run_twice_are_retried() -> None:
    from django.utils.module_loading import import_string

    for path in [
        "smartregion.events.tasks.release_unconfirmed_seats",
        "smartregion.events.tasks.send_reminders",
        "smartregion.events.tasks.delete_personal_data",
        "smartregion.roadmap.tasks.send_funding_reminders",
        "smartregion.surveys.tasks.count_answers",
        "smartregion.analysis.tasks.send_analysis_reminders",
        "smartregion.reporting.tasks.generate_report",
        "smartregion.core.mail.deliver",
    ]:
        assert hasattr(import_string(path).func, "retry_label"), path
