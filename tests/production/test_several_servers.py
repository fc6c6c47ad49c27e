"""Several servers on one database: two gunicorn servers and two task workers share one PostgreSQL and
one Redis, as the README's deployment for several servers describes (``deploy/``).

Each server is its own process on its own port with the same settings (one ``SECRET_KEY``, one
``DATABASE_URL``, one ``REDIS_URL``), the way a reverse proxy with several upstreams sees them. Proven:

- a session made on one server works on the other (sessions live in the database);
- a change made through one server shows on the very next request to the other, although the public
  page was cached (the page cache's versions live in Redis, not in a process);
- each background task runs exactly once though both workers take tasks (counted in their logs);
- registrations for the last seats, sent at the same time through both servers, never overbook;
- where nginx is installed, ``deploy/nginx.conf`` in front of both servers spreads requests over them.

Skipped when PostgreSQL or Redis does not answer.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
import pytest
from psycopg import sql

from tests.production.test_gunicorn import ROOT, Answer, Server, _free_port, _server_url, _wait_until_up

pytestmark = pytest.mark.production

DATABASE = "smartregion_servers_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
REDIS_DB = 12
REGION = "kreis-probe"
COORDINATOR = "koordination@probe.example"
PASSWORD = "Probe-" + secrets.token_urlsafe(12)
SEATS = 3
REGISTRATIONS = 16
TASKS = 40

SETUP = f"""
import datetime
from allauth.account.models import EmailAddress
from django.utils import timezone
from smartregion.accounts.models import Membership, Role, User
from smartregion.core.scoping import scopes_disabled
from smartregion.events.models import Event
from smartregion.regions.models import Region

region = Region.objects.create(name="Kreis Probe", slug="{REGION}", federal_state="NW", official_key="05999")
person = User.objects.create_user(email="{COORDINATOR}", password="{PASSWORD}", name="Koordination Probe")
EmailAddress.objects.create(user=person, email="{COORDINATOR}", verified=True, primary=True)
Membership.objects.create(user=person, region=region, role=Role.COORDINATOR)
start = timezone.now() + datetime.timedelta(days=14)
with scopes_disabled():
    event = Event.objects.create(
        region=region, title="Werkstatt", start=start, end=start + datetime.timedelta(hours=2),
        capacity={SEATS}, double_opt_in=False,
    )
print("event", event.pk)
"""

ENQUEUE = f"""
from smartregion.core.mail import EmailMessage, _as_data, deliver
for number in range({TASKS}):
    deliver.enqueue(_as_data(EmailMessage(f"Nachricht {{number}}", "Text", to=["probe@example.org"])))
"""


def _redis_url() -> str:
    return f"redis://127.0.0.1:6379/{REDIS_DB}"


def _flush_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(_redis_url(), socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis antwortet nicht ({_redis_url()}): {error}")


def _environment(folder: Path) -> dict[str, str]:
    """What every server and worker of the installation shares: the same settings and secrets."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108 - only a fallback for a missing HOME
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "tests.production.settings",
        "PRODCHECK_STATIC_ROOT": str(folder / "static"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": f"{_server_url()}/{DATABASE}",
        "REDIS_URL": _redis_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "REQUIRE_MFA_FOR_COORDINATORS": "0",
        "MEDIA_ROOT": str(folder / "media"),
    }


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass
class Installation:
    servers: list[Server]
    worker_logs: list[Path]
    event_id: int
    env: dict[str, str]
    folder: Path

    def query(self, statement: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(f"{_server_url()}/{DATABASE}", autocommit=True) as connection:
            return list(connection.execute(statement).fetchall())


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - fixed command line
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    try:
        admin = psycopg.connect(f"{_server_url()}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL antwortet nicht ({_server_url()}): {str(error).splitlines()[:1]}")
    _flush_redis()
    folder = tmp_path_factory.mktemp("several")
    env = _environment(folder)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
    admin.execute(drop)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "collectstatic", "--no-input", "-v0")
    event_id = int(re.search(r"event (\d+)", _manage(env, "shell", "-c", SETUP))[1])  # type: ignore[index]
    processes: list[subprocess.Popen[bytes]] = []
    servers = []
    try:
        for name in ("a", "b"):
            server = Server(port=_free_port(), log=folder / f"gunicorn-{name}.log")
            processes.append(
                _start(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "smartregion.wsgi",
                        "--bind",
                        f"127.0.0.1:{server.port}",
                        "--workers",
                        "2",
                        "--access-logfile",
                        "-",
                        "--no-control-socket",
                    ],
                    env,
                    server.log,
                )
            )
            servers.append(server)
        worker_logs = [folder / f"worker-{name}.log" for name in ("a", "b")]
        for name, log in zip(("a", "b"), worker_logs, strict=True):
            processes.append(
                _start(
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--worker-id",
                        f"worker-{name}",
                        "--interval",
                        "0.2",
                        "--no-startup-delay",
                        "--no-reload",
                    ],
                    env,
                    log,
                )
            )
        for server, process in zip(servers, processes, strict=False):
            _wait_until_up(server, process)
        yield Installation(servers, worker_logs, event_id, env, folder)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        admin.execute(drop)
        admin.close()
        _flush_redis()


def _form(server: Server, path: str, cookies: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """The CSRF token of the form at ``path`` and the cookies that go with it."""
    page = server.request("GET", path, cookies=cookies)
    assert page.status == 200, page.body[:300]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert token is not None, path
    return token[1].decode(), {**(cookies or {}), **page.cookies()}


def _post(server: Server, path: str, data: dict[str, str], cookies: dict[str, str] | None = None) -> Answer:
    token, jar = _form(server, path, cookies)
    return server.request(
        "POST",
        path,
        body=urlencode({"csrfmiddlewaretoken": token, **data}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": server.origin},
        cookies=jar,
    )


def _log_in(server: Server) -> dict[str, str]:
    token, jar = _form(server, "/konto/login/")
    answer = server.request(
        "POST",
        "/konto/login/",
        body=urlencode({"csrfmiddlewaretoken": token, "login": COORDINATOR, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": server.origin},
        cookies=jar,
    )
    assert answer.status == 302, answer.body[:500]
    return {**jar, **answer.cookies()}


def test_a_session_made_on_one_server_works_on_the_other(installation: Installation) -> None:
    a, b = installation.servers
    cookies = _log_in(a)

    on_b = b.request("GET", f"/r/{REGION}/verwaltung/", cookies=cookies)
    signed_out = b.request("GET", f"/r/{REGION}/verwaltung/")

    assert on_b.status == 200, on_b.body[:300]
    assert b"Koordination Probe" in on_b.body or b"Verwaltung" in on_b.body
    assert signed_out.status == 302


def test_a_change_through_one_server_shows_at_once_on_the_other(installation: Installation) -> None:
    a, b = installation.servers
    listing = f"/r/{REGION}/kommunen/"
    before = b.request("GET", listing)
    again = b.request("GET", listing)
    assert before.status == again.status == 200
    assert again.headers["X-Page-Cache"] == "hit", again.headers  # B serves the page from the cache
    assert b"Probehausen" not in before.body
    cookies = _log_in(a)

    created = _post(
        a,
        f"/r/{REGION}/kommunen/neu/",
        {"name": "Probehausen", "slug": "probehausen", "ags": "05999004", "population": "12000"},
        cookies,
    )
    # Every worker process of B answers, none from a copy made before the change.
    after = [b.request("GET", listing) for _ in range(6)]

    assert created.status == 302, created.body[:800]
    assert [answer.status for answer in after] == [200] * 6
    assert all(b"Probehausen" in answer.body for answer in after)


def test_each_background_task_runs_exactly_once(installation: Installation) -> None:
    _manage(installation.env, "shell", "-c", ENQUEUE)
    deadline = time.monotonic() + 60
    table = "django_tasks_database_dbtaskresult"
    while time.monotonic() < deadline:
        waiting = installation.query(f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')")  # noqa: S608
        if waiting[0][0] == 0:
            break
        time.sleep(0.3)
    time.sleep(0.5)  # the workers' last lines reach their logs

    outcomes = dict(installation.query(f"SELECT status, count(*) FROM {table} GROUP BY status"))  # noqa: S608
    by_worker = Counter(
        ids[0]
        for (ids,) in installation.query(f"SELECT worker_ids FROM {table} WHERE status = 'SUCCESSFUL'")  # noqa: S608
    )
    subjects = Counter(
        line
        for log in installation.worker_logs
        for line in log.read_text().splitlines()
        if line.startswith("Subject: ")
    )
    assert outcomes == {"SUCCESSFUL": TASKS}
    assert set(by_worker) == {"worker-a", "worker-b"}, by_worker  # both took tasks
    assert subjects == Counter({f"Subject: Nachricht {number}": 1 for number in range(TASKS)})


def test_the_last_seats_are_never_overbooked_through_both_servers(installation: Installation) -> None:
    path = f"/r/{REGION}/termine/{installation.event_id}/"
    start = threading.Barrier(REGISTRATIONS)

    def register(number: int) -> int:
        server = installation.servers[number % 2]
        token, cookies = _form(server, path)
        start.wait()  # every form filled in; all are sent at the same moment
        answer = server.request(
            "POST",
            path,
            body=urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Person {number}",
                    "email": f"person{number}@example.org",
                }
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": server.origin},
            cookies=cookies,
        )
        return answer.status

    with ThreadPoolExecutor(max_workers=REGISTRATIONS) as pool:
        statuses = list(pool.map(register, range(REGISTRATIONS)))

    assert Counter(statuses) == Counter({302: REGISTRATIONS}), statuses
    counts = dict(
        installation.query(
            "SELECT status, count(*) FROM events_registration"  # noqa: S608 - a number of the test's own
            f" WHERE event_id = {installation.event_id} GROUP BY status"
        )
    )
    assert counts == {"confirmed": SEATS, "waitlisted": REGISTRATIONS - SEATS}


def test_nginx_with_the_deploy_configuration_spreads_requests_over_both_servers(
    installation: Installation,
) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx ist nicht installiert (Debian-Paket nginx-light)")
    from tests.production.nginx import render_site, run_nginx

    main, proxy = render_site(
        installation.folder,
        upstreams=[f"127.0.0.1:{server.port}" for server in installation.servers],
        static_root=Path(installation.env["PRODCHECK_STATIC_ROOT"]),
        media_root=Path(installation.env["MEDIA_ROOT"]),
    )
    before = [server.log.read_text().count("GET /healthz") for server in installation.servers]
    with run_nginx(nginx, main, proxy):
        checks = [proxy.request("GET", "/healthz", https=False) for _ in range(8)]
        redirect = proxy.request("GET", f"/r/{REGION}/kommunen/", https=False)
        page = proxy.request("GET", f"/r/{REGION}/kommunen/")
        static = proxy.request("GET", "/static/core/confirm.css")
        report = proxy.request("GET", "/media/berichte/2026/bericht.pdf")
    time.sleep(0.5)  # the access lines reach the logs
    after = [server.log.read_text().count("GET /healthz") for server in installation.servers]

    assert {check.status for check in checks} == {200}
    assert redirect.status == 301
    assert redirect.headers["Location"].startswith("https://")
    assert page.status == 200, page.body[:300]
    assert b"Probehausen" in page.body or b"Kommunen" in page.body
    assert static.status == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert report.status == 404  # reports only through the application, which checks drafts
    spread = [a - b for a, b in zip(after, before, strict=True)]
    assert all(count >= 3 for count in spread), spread  # both upstreams answered
