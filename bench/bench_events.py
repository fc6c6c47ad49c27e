"""1,000 concurrent registrations for an event with 100 seats, against a real server.

For SQLite (``bench/out/bench_events.sqlite3``) and PostgreSQL (database ``sr_bench_events`` on
127.0.0.1:5432, skipped when it does not answer): create the database, migrate, create one event
with 100 seats, serve the app with gunicorn, send 1,000 registrations to
``POST /api/v1/events/{id}/registrations/`` from 200 client threads at once, then cancel 10
registrations through the service and check who moved up. Each registration also enqueues its
confirmation mail in the task table (django-tasks' database backend), as in production; no worker
runs during the measurement. Prints one table:

    database, server, requests, time, reg/s, p50, p99, confirmed, waitlisted, errors, order, moved up

"order" is ok when the 100 lowest registration numbers hold the seats and the waiting list
positions run 1..900 in the order of arrival; "moved up" is ok when cancelling 10 confirmed
registrations confirms exactly the next 10 on the list.

Run: ``.venv/bin/python bench/bench_events.py`` (``BENCH_EVENTS_PEOPLE``, ``BENCH_EVENTS_CLIENTS``,
``BENCH_EVENTS_WORKERS`` and ``BENCH_EVENTS_THREADS`` change the sizes). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import OUT, child_env, fresh_postgres, fresh_sqlite  # noqa: E402

PYTHON = sys.executable
HOST = "127.0.0.1"
PEOPLE = int(os.environ.get("BENCH_EVENTS_PEOPLE", "1000"))
SEATS = 100
CANCELLED = 10
CLIENTS = int(os.environ.get("BENCH_EVENTS_CLIENTS", "200"))
WORKERS = int(os.environ.get("BENCH_EVENTS_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_EVENTS_THREADS", "8"))
SECRET = "bench-events-secret-key-0123456789-abcdefghijklmnop"


# Steps that run inside Django (a child process per database) ------------------------------


def _django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def _prepare() -> dict[str, Any]:
    """Migrate and create a region with one event of 100 seats; returns the event id."""
    _django()
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from smartregion.events import services
    from smartregion.regions.models import Region

    call_command("migrate", verbosity=0)
    region, _ = Region.objects.get_or_create(slug="bench-region", defaults={"name": "Benchmark-Region"})
    start = timezone.now() + datetime.timedelta(days=14)
    event = services.create_event(
        region=region,
        actor=None,
        title="Auftaktveranstaltung (Benchmark)",
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=SEATS,
    )
    return {"event_id": event.pk}


def _verify(event_id: int) -> dict[str, Any]:
    """Count and check the order, then cancel 10 and check who moved up."""
    _django()
    from smartregion.events import services
    from smartregion.events.models import Registration, RegistrationStatus

    registrations = list(Registration.objects.filter(event_id=event_id).order_by("pk"))
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    order_ok = (
        [r.pk for r in confirmed] == [r.pk for r in registrations[:SEATS]]
        and [r.pk for r in waiting] == [r.pk for r in registrations[SEATS:]]
        and [r.created_at for r in registrations] == sorted(r.created_at for r in registrations)
        and (not waiting or services.waitlist_position(waiting[-1]) == len(waiting))
    )
    expected = {r.pk for r in waiting[:CANCELLED]}
    for registration in confirmed[:CANCELLED]:
        services.cancel_registration(registration=registration)
    moved = set(
        Registration.objects.filter(
            pk__in=[r.pk for r in waiting], status=RegistrationStatus.CONFIRMED
        ).values_list("pk", flat=True)
    )
    seats = Registration.objects.filter(event_id=event_id, status=RegistrationStatus.CONFIRMED).count()
    return {
        "registrations": len(registrations),
        "confirmed": len(confirmed),
        "waitlisted": len(waiting),
        "order_ok": order_ok,
        "moved_up_ok": moved == expected and seats == min(SEATS, len(registrations) - CANCELLED),
    }


def _child(step: str, database_url: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [PYTHON, __file__, step, *args],
        env=child_env(database_url, secret=SECRET),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


# The load -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError("gunicorn ended early; see bench/out/gunicorn-events.log")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


def _post(url: str, number: int) -> tuple[int, float]:
    body = json.dumps(
        {
            "name": f"Person {number}",
            "email": f"person{number}@example.org",
            "accept_conditions": True,
            "answers": {},
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback only
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, ConnectionError, OSError):
        status = 0
    return status, time.perf_counter() - started


def _load(database_url: str, event_id: int) -> dict[str, Any]:
    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = (OUT / "gunicorn-events.log").open("ab")
    proc = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "smartregion.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--backlog",
            "2048",
            "--timeout",
            "120",
        ],
        env=child_env(database_url, secret=SECRET),
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        _wait_until_up(base, proc)
        url = f"{base}/api/v1/events/{event_id}/registrations/"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = list(pool.map(lambda n: _post(url, n), range(PEOPLE)))
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    latencies = sorted(seconds for _, seconds in answers)
    return {
        "seconds": elapsed,
        "created": sum(1 for status, _ in answers if status == 201),
        "errors": sum(1 for status, _ in answers if status != 201),
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


# Databases ----------------------------------------------------------------------------------


def run(name: str, database_url: str) -> dict[str, Any]:
    event_id = int(_child("--prepare", database_url)["event_id"])
    load = _load(database_url, event_id)
    checked = _child("--verify", database_url, str(event_id))
    return {"database": name, **load, **checked}


COLUMNS = (
    ("database", 11),
    ("server", 16),
    ("requests", 8),
    ("time s", 7),
    ("reg/s", 7),
    ("p50 ms", 7),
    ("p99 ms", 7),
    ("confirmed", 9),
    ("waitlisted", 10),
    ("errors", 6),
    ("order", 5),
    ("moved up", 8),
)


def _table(rows: list[dict[str, Any]]) -> str:
    header = " ".join(f"{name:>{width}}" for name, width in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = (
            row["database"],
            f"gunicorn {WORKERS}×{THREADS}",
            PEOPLE,
            f"{row['seconds']:.2f}",
            f"{PEOPLE / row['seconds']:.0f}",
            f"{row['p50'] * 1000:.0f}",
            f"{row['p99'] * 1000:.0f}",
            row["confirmed"],
            row["waitlisted"],
            row["errors"],
            "ok" if row["order_ok"] else "FAIL",
            "ok" if row["moved_up_ok"] else "FAIL",
        )
        lines.append(" ".join(f"{cell!s:>{width}}" for cell, (_, width) in zip(cells, COLUMNS, strict=True)))
    return "\n".join(lines)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = [run("SQLite", fresh_sqlite("bench_events"))]
    pg = fresh_postgres("sr_bench_events")
    if pg:
        rows.append(run("PostgreSQL", pg))
    print(
        f"{PEOPLE} concurrent registrations ({CLIENTS} client threads), {SEATS} seats, {CANCELLED} cancelled"
    )
    print(_table(rows))
    if not pg:
        print("PostgreSQL at 127.0.0.1:5432 did not answer; only SQLite measured.")
    (OUT / "bench_events.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        print(json.dumps(_prepare()))
    elif len(sys.argv) > 2 and sys.argv[1] == "--verify":
        print(json.dumps(_verify(int(sys.argv[2]))))
    else:
        main()
