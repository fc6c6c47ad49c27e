"""What the app benchmarks (bench/bench_*.py) share: fresh databases and the environment of the
Django child process that each of them starts per database."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def fresh_postgres(name: str, admin_url: str = PG_ADMIN) -> str | None:
    """Drop and create the PostgreSQL database ``name``; its URL, or None when PostgreSQL does not answer."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def fresh_redis(db: int, host: str = "127.0.0.1") -> str | None:
    """Redis database ``db`` emptied, as a ``REDIS_URL``; None when Redis does not answer (the app
    then keeps its cache per process, and several workers run without the page cache)."""
    try:
        import redis

        redis.Redis(host=host, port=6379, db=db, socket_connect_timeout=2).flushdb()
    except Exception:  # any failure means: no Redis for this run
        return None
    return f"redis://{host}:6379/{db}"


def fresh_sqlite(name: str) -> str:
    """An empty SQLite database ``bench/out/<name>.sqlite3`` (with its WAL files removed)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def child_env(database_url: str, *, secret: str, **settings: str) -> dict[str, str]:
    """Production settings (DEBUG=0) on ``database_url`` without HTTPS redirect, mail or login lock-out;
    ``settings`` adds or overrides environment variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="smartregion.settings",
        DEBUG="0",
        SECRET_KEY=secret,
        SECURE_SSL_REDIRECT="0",
        SILENCE_SSL_REDIRECT_CHECK="1",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        AXES_ENABLED="0",
        PYTHONPATH=str(ROOT),
    )
    env.update(settings)
    return env


def timed(call: Callable[[], Any], repeat: int) -> float:
    """The median time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_child(script: str, label: str, database_url: str, *, secret: str) -> dict[str, Any] | str:
    """Run ``script --child`` on one database with the settings the app benchmarks use; the figures
    it prints on a line ``RESULT {json}``, or what went wrong."""
    completed = subprocess.run(
        [sys.executable, script, "--child"],
        env=child_env(
            database_url,
            secret=secret,
            ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
            TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
            REQUIRE_MFA_FOR_COORDINATORS="0",
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line.removeprefix("RESULT ")))
    return f"{label}: failed\n{completed.stderr[-2000:]}"


def prepare_child_database() -> None:
    """Inside a child process: Django set up for tests on the fresh database, migrated, with the
    static files collected (DEBUG=0 serves them from the manifest)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
