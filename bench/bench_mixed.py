"""Mixed load and soak: public pages, survey answers, event registrations and staff edits at the same
time against one installation, for a bounded time; then the same load for ten minutes while the memory
of every server process is sampled.

Run: ``.venv/bin/python bench/bench_mixed.py`` (``make bench`` runs it with the other scripts).

Setup: PostgreSQL ``smartregion_bench_mixed`` at 127.0.0.1 (dropped and created anew; SQLite under bench/out/
without PostgreSQL), the demo regions (``load_demo``), an open survey and an event with room for everyone;
gunicorn (``BENCH_MIXED_WORKERS``, 4 sync workers, ``DEBUG=0``), one task worker (``db_worker``) and Redis
database ``BENCH_MIXED_REDIS_DB`` (13) as in production.

Load: ``BENCH_MIXED_CLIENTS`` (12) clients, each a thread that repeats one of four kinds of request,
chosen by weight, as fast as the server answers:

- public pages (70 %): the region's start page, idea list, events, project list and a project profile,
  anonymous, as citizens read them (served from the page cache where it may);
- survey answers (10 %): a complete answer through the API;
- event registrations (10 %): the public form, with its CSRF token, a new address each time;
- staff edits (10 %): a coordinator, signed in, changes a municipality through its edit form.

Every client sends ``X-Forwarded-For`` with an address of its own (``TRUSTED_PROXY_COUNT=1``): citizens
come from many addresses, and the limits on anonymous writes stay on. An answer counts as an error when
its status is not the one expected (200 for pages and forms, 201 for answers, 302 after a form) or a form
comes back with an error. Afterwards the database is asked whether every answer and registration the
server confirmed was stored (nothing lost).

1. Mixed load for ``BENCH_MIXED_SECONDS`` (60; 0 leaves it out): a table per kind (requests, errors,
   req/s, p50, p95, p99).
2. Soak for ``BENCH_SOAK_SECONDS`` (600; 0 leaves it out): the same load, the resident memory (RSS) of the
   gunicorn workers and the task worker sampled every ``BENCH_SOAK_SAMPLE`` (30) seconds, printed as a
   curve; the growth from the second minute to the end is reported and more than 10 % is marked FAILED.

Results: bench/out/mixed.json. The exit status is non-zero when a request failed, something was lost
or memory grew.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import django_env  # noqa: E402
from bench.servers import HOST, Processes, Workers, free_port, start_gunicorn  # noqa: E402
from bench.support import fresh_postgres, fresh_redis, fresh_sqlite  # noqa: E402

OUT = ROOT / "bench" / "out"
DB_NAME = "smartregion_bench_mixed"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "60"))
SOAK_SECONDS = float(os.environ.get("BENCH_SOAK_SECONDS", "600"))
SAMPLE_EVERY = float(os.environ.get("BENCH_SOAK_SAMPLE", "30"))
CLIENTS = int(os.environ.get("BENCH_MIXED_CLIENTS", "12"))
WORKERS = int(os.environ.get("BENCH_MIXED_WORKERS", "4"))
REDIS_DB = int(os.environ.get("BENCH_MIXED_REDIS_DB", "13"))
REGION = "kreis-steinfurt"
COORDINATOR = "koordination.steinfurt@demo.smartregion.example"
DEMO_PASSWORD = "smartregion-demo"
KINDS = ("public page", "survey answer", "registration", "staff edit")
WEIGHTS = (70, 10, 10, 10)
GROWTH_LIMIT = 0.10
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


ERROR_TEXT = re.compile(rb'<(?:p|li|span)[^>]*class="[^"]*kern-error[^"]*"[^>]*>(.*?)</', re.S)


def problem(body: bytes) -> str:
    """The form's first error message, or the start of the answer."""
    found = ERROR_TEXT.search(body) or re.search(rb"data-error-summary.*?<a[^>]*>(.*?)</a>", body, re.S)
    text = found[1] if found else body[:200]
    return re.sub(rb"<[^>]+>|\s+", b" ", text).decode(errors="replace").strip()


def log(message: str) -> None:
    print(f"[bench-mixed] {message}", flush=True)


# --- setup ---------------------------------------------------------------------------------------


def database() -> tuple[str, str]:
    url = fresh_postgres(DB_NAME, PG_URL)
    if url:
        return url, "PostgreSQL"
    log("PostgreSQL not usable; SQLite instead")
    return fresh_sqlite("bench_mixed"), "SQLite"


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


SETUP = """
import datetime, json
from django.utils import timezone
from smartregion.core.scoping import scopes_disabled
from smartregion.events.models import Event
from smartregion.portfolio.models import Project
from smartregion.regions.models import Municipality, Region
from smartregion.surveys import services

region = Region.objects.get(slug="%(region)s")
now = timezone.now()
survey = services.create_survey(region=region, actor=None, data={
    "title": "Mixed load", "privacy_notice": "Anonym.", "opens_at": now - datetime.timedelta(days=1)})
single = services.add_question(survey=survey, actor=None, type="single", text="Wie oft?",
                               options=["oft", "selten", "nie"], required=True)
text = services.add_question(survey=survey, actor=None, type="long_text", text="Was fehlt?")
services.publish_survey(survey=survey, actor=None)
options = next(spec.options for spec in services.survey_specs(survey) if spec.id == single.pk)
with scopes_disabled():
    start = now + datetime.timedelta(days=30)
    event = Event.objects.create(region=region, title="Große Werkstatt", start=start,
                                 end=start + datetime.timedelta(hours=3), capacity=1000000,
                                 double_opt_in=False, ask_accessibility=False)
    project = Project.objects.filter(region=region).order_by("pk").first()
    municipality = Municipality.objects.filter(region=region).order_by("pk").first()
print("SETUP " + json.dumps({"survey": survey.pk, "single": single.pk, "options": list(options),
      "text": text.pk, "event": event.pk,
      "project": project.slug, "municipality": municipality.slug, "ags": municipality.ags,
      "municipality_name": municipality.name}))
"""


def set_up(env: dict[str, str]) -> dict[str, Any]:
    demo_env = dict(env, DEBUG="1")  # load_demo refuses to run in production
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(demo_env, "load_demo")
    output = manage(env, "shell", "-c", SETUP % {"region": REGION})
    line = next(line for line in output.splitlines() if line.startswith("SETUP "))
    return dict(json.loads(line.removeprefix("SETUP ")))


# --- clients -------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: dict[str, str] = field(default_factory=dict)
    answers: int = 0
    registrations: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                self.samples.setdefault(kind, detail[:300])


class Client:
    """One person's browser: its own address, its cookies, one connection kept open."""

    def __init__(self, port: int, number: int, setup: dict[str, Any], tally: Tally) -> None:
        self.port = port
        self.number = number
        self.setup = setup
        self.tally = tally
        self.rng = random.Random(number)
        self.cookies: dict[str, str] = {}
        self.staff: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.sent = 0
        self.pages = [
            f"/r/{REGION}/",
            f"/r/{REGION}/ideen/",
            f"/r/{REGION}/termine/",
            f"/r/{REGION}/projekte/",
            f"/r/{REGION}/projekte/{setup['project']}/",
        ]

    def address(self) -> str:
        """A new citizen's address for every write (the limits count per address)."""
        self.sent += 1
        return str(ipaddress.IPv4Address(0x0A000000 + (self.number << 16) + self.sent % 65000))

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes, dict[str, str]]:  # fmt: skip
        sent = {"X-Forwarded-For": self.address(), **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body or None, headers=sent)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.headers.items()), content, set_cookies

    def form_post(self, path: str, data: dict[str, str], cookies: dict[str, str]) -> tuple[int, bytes, float]:
        """GET the form (its CSRF token), POST it; the time of both."""
        start = time.perf_counter()
        status, _headers, page, set_cookies = self.request("GET", path, cookies=cookies)
        cookies.update(set_cookies)
        token = CSRF.search(page)
        if status != 200 or token is None:
            return status, page, time.perf_counter() - start
        body = urlencode({"csrfmiddlewaretoken": token[1].decode(), **data}).encode()
        status, _headers, answer, set_cookies = self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}, cookies
        )
        cookies.update(set_cookies)
        return status, answer, time.perf_counter() - start

    def log_in(self) -> None:
        status, page, _seconds = self.form_post(
            "/konto/login/", {"login": COORDINATOR, "password": DEMO_PASSWORD}, self.staff
        )
        if status != 302:
            raise RuntimeError(f"login failed: {status} {page[:300]!r}")

    def public_page(self) -> None:
        path = self.rng.choice(self.pages)
        start = time.perf_counter()
        status, _headers, _body, _cookies = self.request("GET", path)
        self.tally.record("public page", time.perf_counter() - start, status == 200, f"{status} {path}")

    def survey_answer(self) -> None:
        answer = {str(self.setup["single"]): self.rng.choice(self.setup["options"])}
        if self.rng.random() < 0.3:
            answer[str(self.setup["text"])] = "Schnelles Internet auf dem Land."
        start = time.perf_counter()
        status, _headers, body, _cookies = self.request(
            "POST",
            f"/api/v1/surveys/{self.setup['survey']}/responses/",
            json.dumps({"answers": answer}).encode(),
            {"Content-Type": "application/json"},
        )
        ok = status == 201
        self.tally.record("survey answer", time.perf_counter() - start, ok, f"{status} {body[:200]!r}")
        if ok:
            with self.tally.lock:
                self.tally.answers += 1

    def registration(self) -> None:
        email = f"{uuid.uuid4().hex}@example.org"  # a new person each time, also across runs of the load
        status, body, seconds = self.form_post(
            f"/r/{REGION}/termine/{self.setup['event']}/", {"name": "Mia Muster", "email": email}, {}
        )
        ok = status == 302
        self.tally.record("registration", seconds, ok, f"{status} {problem(body)}")
        if ok:
            with self.tally.lock:
                self.tally.registrations += 1

    def staff_edit(self) -> None:
        if not self.staff:
            self.log_in()
        path = f"/r/{REGION}/kommunen/{self.setup['municipality']}/bearbeiten/"
        data = {
            "name": self.setup["municipality_name"],
            "slug": self.setup["municipality"],
            "ags": self.setup["ags"],
            "population": str(self.rng.randrange(10_000, 90_000)),
        }
        status, body, seconds = self.form_post(path, data, self.staff)
        self.tally.record("staff edit", seconds, status == 302, f"{status} {problem(body)}")

    def run(self, until: float) -> None:
        actions = (self.public_page, self.survey_answer, self.registration, self.staff_edit)
        while time.monotonic() < until:
            action = self.rng.choices(actions, WEIGHTS)[0]
            try:
                action()
            except Exception as error:  # counted, the client goes on
                self.tally.record(KINDS[actions.index(action)], 0.0, False, repr(error))
        self.connection.close()


def load(port: int, setup: dict[str, Any], seconds: float, on_tick: Any = None) -> tuple[Tally, float]:
    tally = Tally()
    until = time.monotonic() + seconds
    clients = [Client(port, number + 1, setup, tally) for number in range(CLIENTS)]
    threads = [threading.Thread(target=client.run, args=(until,), daemon=True) for client in clients]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if on_tick is not None:
            on_tick(time.monotonic() - start)
        time.sleep(1)
    return tally, time.monotonic() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def table(tally: Tally, seconds: float) -> list[dict[str, Any]]:
    rows = []
    for kind in KINDS:
        values = tally.latencies.get(kind, [])
        rows.append(
            {
                "kind": kind,
                "requests": len(values),
                "errors": tally.errors.get(kind, 0),
                "per_second": len(values) / seconds if seconds else 0.0,
                "p50_ms": statistics.median(values) * 1000 if values else 0.0,
                "p95_ms": percentile(values, 0.95),
                "p99_ms": percentile(values, 0.99),
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'kind':<15} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for row in rows:
        print(
            f"{row['kind']:<15} {row['requests']:>9} {row['errors']:>7} {row['per_second']:>8.1f} "
            f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f}"
        )


# --- memory --------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def stored(env: dict[str, str], setup: dict[str, Any]) -> dict[str, int]:
    script = (
        "import json\n"
        "from smartregion.core.scoping import scopes_disabled\n"
        "from smartregion.events.models import Registration\n"
        "from smartregion.surveys.models import Response\n"
        "with scopes_disabled():\n"
        f"    answers = Response.objects.filter(survey_id={setup['survey']}).count()\n"
        f"    registrations = Registration.objects.filter(event_id={setup['event']}).count()\n"
        "    print('STORED ' + json.dumps({'answers': answers, 'registrations': registrations}))\n"
    )
    output = manage(env, "shell", "-c", script)
    line = next(line for line in output.splitlines() if line.startswith("STORED "))
    return dict(json.loads(line.removeprefix("STORED ")))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    url, vendor = database()
    redis_url = fresh_redis(REDIS_DB)
    env = django_env(url, OUT / "static-mixed")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.app_settings",
        TRUSTED_PROXY_COUNT="1",
        REQUIRE_MFA_FOR_COORDINATORS="0",
        AXES_ENABLED="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ALLOWED_HOSTS=f"{HOST},localhost",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    log(f"setting up the demo on {vendor}{' with Redis' if redis_url else ' without Redis'} …")
    setup = set_up(env)
    procs = Processes()
    failed = False
    try:
        server = start_gunicorn(
            procs, "gunicorn-mixed", "bench.app_settings", env, Workers(WORKERS, "sync", 1), OUT
        )
        worker = procs.start(
            "db-worker-mixed",
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.5",
            ],
            OUT / "db-worker-mixed.log",
            dict(env, PWD=str(ROOT)),
            free_port(),
        )
        procs.wait_ready(server, "/healthz")
        load(server.port, setup, 5)  # warm every worker up
        before = stored(env, setup)

        results: dict[str, Any] = {"vendor": vendor}
        if SECONDS > 0:  # 0: the soak alone (bench/run.py soak)
            log(f"mixed load: {CLIENTS} clients for {SECONDS:.0f} s against {WORKERS} gunicorn workers …")
            tally, seconds = load(server.port, setup, SECONDS)
            rows = table(tally, seconds)
            after = stored(env, setup)
            lost = {
                "answers": tally.answers - (after["answers"] - before["answers"]),
                "registrations": tally.registrations - (after["registrations"] - before["registrations"]),
            }
            print()
            print(
                f"Mixed load, {vendor}, {WORKERS} gunicorn sync workers, {CLIENTS} clients, {seconds:.0f} s"
            )
            print_table(rows)
            print(
                f"stored: {after['answers'] - before['answers']} of {tally.answers} answers, "
                f"{after['registrations'] - before['registrations']} of {tally.registrations} registrations; "
                f"lost: {lost['answers'] + lost['registrations']}"
            )
            for kind, first in tally.samples.items():
                print(f"  first error ({kind}): {first}")
            errors = sum(row["errors"] for row in rows)
            failed |= errors > 0 or any(lost.values())
            results.update(mixed=rows, lost=lost, seconds=seconds)

        if SOAK_SECONDS > 0:
            log(f"soak: the same load for {SOAK_SECONDS:.0f} s, memory every {SAMPLE_EVERY:.0f} s …")
            curve: list[dict[str, Any]] = []
            next_sample = [0.0]

            def sample(elapsed: float) -> None:
                if elapsed >= next_sample[0]:
                    workers = children(server.proc.pid)
                    point = {
                        "t": round(elapsed),
                        "gunicorn_mb": [round(rss_mb(pid), 1) for pid in sorted(workers)],
                        "db_worker_mb": round(rss_mb(worker.proc.pid), 1),
                    }
                    curve.append(point)
                    print(
                        f"  t={point['t']:>4} s  gunicorn workers {point['gunicorn_mb']} MB  "
                        f"db_worker {point['db_worker_mb']} MB",
                        flush=True,
                    )
                    next_sample[0] += SAMPLE_EVERY

            soak, soak_seconds = load(server.port, setup, SOAK_SECONDS, sample)
            sample(soak_seconds + SAMPLE_EVERY)  # the last point, after the load
            soak_rows = table(soak, soak_seconds)
            print()
            print(f"Soak, {soak_seconds:.0f} s")
            print_table(soak_rows)
            baseline = next((p for p in curve if p["t"] >= 120), curve[0])
            last = curve[-1]
            total = lambda point: sum(point["gunicorn_mb"]) + point["db_worker_mb"]  # noqa: E731
            growth = (total(last) - total(baseline)) / total(baseline) if total(baseline) else 0.0
            verdict = "FAILED" if growth > GROWTH_LIMIT else "ok"
            print(
                f"memory of all server processes: {total(baseline):.1f} MB at t={baseline['t']} s, "
                f"{total(last):.1f} MB at t={last['t']} s: {growth:+.1%} "
                f"({verdict}; limit +{GROWTH_LIMIT:.0%})"
            )
            soak_errors = sum(row["errors"] for row in soak_rows)
            for kind, sample_error in soak.samples.items():
                print(f"  first error ({kind}): {sample_error}")
            failed |= growth > GROWTH_LIMIT or soak_errors > 0
            results["soak"] = {"rows": soak_rows, "curve": curve, "growth": growth, "seconds": soak_seconds}
        (OUT / "mixed.json").write_text(json.dumps(results, indent=2))
    finally:
        procs.stop_all()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
