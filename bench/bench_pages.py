"""The pages people use most, at 1×, 10× and 100× the demo's data, uncached and from the page cache.

Run as ``.venv/bin/python bench/bench_pages.py`` (``make bench`` runs it among the app benchmarks).

1. A fresh database (PostgreSQL ``sr_bench_pages`` at 127.0.0.1:5432, else SQLite) is migrated and
   gets the demo (``load_demo``) and three regions shaped like Kreis Steinfurt (24 municipalities,
   six fields of action) at growing size: ``skala-1`` with 100 projects, 1,010 ideas, 30 events and
   a survey with 2,000 answers; ``skala-10`` and ``skala-100`` with 10 and 100 times as much
   (``BENCH_PAGES_SCALES``, ``BENCH_PAGES_ANSWERS``).
2. Three servers run side by side: the app with gunicorn (``BENCH_PAGES_WORKERS``, 5 sync workers,
   ``DEBUG=0``, the page cache in Redis at 127.0.0.1:6379, database ``BENCH_PAGES_REDIS_DB``), the
   framework floor (a bare Django view rendering a 200-row table from the same database, no
   middleware, no layout) and nginx serving a static copy of the 1× idea list.
3. Each page is loaded with wrk (16 connections, ``BENCH_PAGES_SECONDS`` seconds after a warm-up)
   twice: *uncached* with a cookie, which the page cache never answers (as for a visitor with a
   session: the view renders the page; list totals still come from the cache until a change), and
   *cached* without one; floor and nginx are measured once, in the same run, as references.

The table: page, scale, req/s, p50, p99, queries, ÷ floor (req/s ÷ the floor's), ÷ nginx, for
uncached and cached. A page should cost the same at every scale (paginated lists).
"""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen
from bench.harness import apt_install
from bench.servers import HOST, Processes, Workers, fetch, nginx_binary, start_gunicorn, start_nginx
from bench.support import OUT, ROOT, child_env, fresh_postgres, fresh_redis, fresh_sqlite

SCALES = tuple(int(x) for x in os.environ.get("BENCH_PAGES_SCALES", "1,10,100").split(",") if x.strip())
ANSWERS_PER_SCALE = int(os.environ.get("BENCH_PAGES_ANSWERS", "2000"))
SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", "5"))
WARMUP = float(os.environ.get("BENCH_PAGES_WARMUP", "1"))
CONNECTIONS = int(os.environ.get("BENCH_PAGES_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_PAGES_WORKERS", "5"))
REDIS_DB = int(os.environ.get("BENCH_PAGES_REDIS_DB", "7"))

# (label, path with {slug}, {idea}, {project}, {survey} of the scale's region)
REGION_PAGES = [
    ("region overview", "/r/{slug}/"),
    ("idea list", "/r/{slug}/ideen/"),
    ("idea detail", "/r/{slug}/ideen/{idea}/"),
    ("project list", "/r/{slug}/projekte/"),
    ("project profile", "/r/{slug}/projekte/{project}/"),
    ("API projects (50)", "/api/v1/regions/{slug}/projects/?limit=50"),
    ("survey results", "/r/{slug}/beteiligung/{survey}/ergebnisse/"),
    ("events list", "/r/{slug}/termine/"),
    ("municipality list", "/r/{slug}/kommunen/"),
    ("API ideas (50)", "/api/v1/regions/{slug}/ideas/?limit=50"),
    ("survey list", "/r/{slug}/beteiligung/"),
    ("decision log", "/r/{slug}/bewertung/beschluesse/"),
]
SITE_PAGES = [("start page", "/"), ("project catalogue", "/projektkatalog/")]
FLOOR_PATH = "/bench/floor-200/"
# A cookie the page cache does not know: the request is rendered by its view.
UNCACHED = {"Cookie": "bench-uncached=1"}


# ------------------------------------------------------------------------------- the data (child)


def fill() -> dict[str, Any]:
    """Inside the child: migrate, demo, the scaled regions; the paths each scale's pages use."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from smartregion.core import scoping

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    started = time.monotonic()
    call_command("load_demo", force=True, stdout=io.StringIO())
    demo_s = time.monotonic() - started
    values: dict[str, dict[str, Any]] = {}
    with scoping.scopes_disabled():
        for scale in SCALES:
            values[str(scale)] = _scaled_region(scale)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"values": values, "demo_s": round(demo_s, 1), "fill_s": round(time.monotonic() - started, 1)}


def _scaled_region(scale: int) -> dict[str, Any]:
    from django.utils import timezone

    from smartregion.regions.models import Municipality, Organisation, Region
    from smartregion.strategy.models import FieldOfAction, Strategy

    rng = random.Random(scale)
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    region = Region.objects.create(
        name=f"Kreis Skala {scale}",
        slug=f"skala-{scale}",
        federal_state=steinfurt.federal_state,
        official_key=f"99{scale:03d}",
    )
    places = Municipality.objects.bulk_create(
        Municipality(region=region, name=m.name, slug=m.slug)
        for m in Municipality.objects.filter(region=steinfurt).order_by("name")
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(region=region, name=o.name, slug=o.slug, kind=o.kind)
        for o in Organisation.objects.filter(region=steinfurt)[:8]
    )
    strategy = Strategy.objects.create(
        region=region, title=f"Digitalstrategie Skala {scale}", vision="Leitbild"
    )
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=strategy, name=f.name, slug=f.slug, order=f.order)
        for f in FieldOfAction.objects.filter(strategy__region=steinfurt).order_by("order")
    )
    now = timezone.now()
    project = _projects(region, rng, 100 * scale, fields, places, organisations)
    idea = _ideas(region, rng, 1010 * scale, fields, places, now)
    _events(region, rng, 30 * scale, now)
    survey = _survey(region, rng, ANSWERS_PER_SCALE * scale, now)
    _more_surveys(region, 10 * scale, now)
    _decisions(region, rng, now)
    return {"slug": region.slug, "project": project, "idea": idea, "survey": survey}


def _projects(
    region: Any, rng: random.Random, count: int, fields: list[Any], places: list[Any], orgs: list[Any]
) -> str:
    from smartregion.portfolio.models import Project, ProjectStatus

    statuses = [
        ProjectStatus.LEAD,
        ProjectStatus.POTENTIAL,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.COMPLETED,
    ]
    projects = Project.objects.bulk_create(
        (
            Project(
                region=region,
                title=f"Projekt {number:05d} Digitale Verwaltung",
                slug=f"projekt-{number:05d}",
                summary="Kurzbeschreibung des Projekts mit Zielen und Maßnahmen. " * 3,
                goals="Ziele",
                measures="Maßnahmen",
                status=rng.choice(statuses),
                lead_organisation=rng.choice(orgs) if orgs else None,
                start_date=None,
            )
            for number in range(count)
        ),
        batch_size=2000,
    )
    field_links = Project.fields.through
    place_links = Project.municipalities.through
    field_links.objects.bulk_create(
        (
            field_links(project_id=p.pk, fieldofaction_id=f.pk)
            for p in projects
            for f in rng.sample(fields, k=min(len(fields), rng.randint(1, 2)))
        ),
        batch_size=5000,
    )
    place_links.objects.bulk_create(
        (
            place_links(project_id=p.pk, municipality_id=m.pk)
            for p in projects
            for m in rng.sample(places, k=min(len(places), rng.randint(1, 3)))
        ),
        batch_size=5000,
    )
    return projects[0].slug


def _ideas(
    region: Any, rng: random.Random, count: int, fields: list[Any], places: list[Any], now: Any
) -> int:
    from smartregion.ideas.models import Idea, IdeaStatus

    ideas = Idea.objects.bulk_create(
        (
            Idea(
                region=region,
                title=f"Idee {number:06d}: freies WLAN am Marktplatz",
                description="Beschreibung der Idee. " * 10,
                field=rng.choice(fields) if fields else None,
                municipality=rng.choice(places) if places else None,
                author_name="Bürgerin",
                status=IdeaStatus.PUBLISHED,
                support_count=rng.randint(0, 40),
                published_at=now,
            )
            for number in range(count)
        ),
        batch_size=5000,
    )
    return int(ideas[0].pk)


def _events(region: Any, rng: random.Random, count: int, now: Any) -> None:
    import datetime

    from smartregion.events.models import Event

    Event.objects.bulk_create(
        (
            Event(
                region=region,
                title=f"Werkstatt {number:05d}: Digitalstrategie",
                description="Wir sprechen über die Strategie.",
                start=now + datetime.timedelta(days=1 + number % 300, hours=number % 8),
                end=now + datetime.timedelta(days=1 + number % 300, hours=2 + number % 8),
                place="Kreishaus",
                capacity=rng.randint(20, 120),
            )
            for number in range(count)
        ),
        batch_size=2000,
    )


def _more_surveys(region: Any, count: int, now: Any) -> None:
    """Published surveys without questions, for the list of surveys."""
    import datetime

    from smartregion.surveys.models import Survey

    Survey.objects.bulk_create(
        (
            Survey(
                region=region,
                title=f"Umfrage {number:05d} zur Digitalstrategie",
                privacy_notice="Anonym.",
                opens_at=now - datetime.timedelta(days=number % 60),
                closes_at=now + datetime.timedelta(days=1 + number % 60),
                published=True,
            )
            for number in range(count)
        ),
        batch_size=2000,
    )


def _decisions(region: Any, rng: random.Random, now: Any) -> None:
    """A closed assessment round over every project, with a recorded decision on each."""
    import datetime

    from smartregion.assessment.models import AssessmentRound, Candidate, Decision, Outcome, RoundStatus
    from smartregion.portfolio.models import Project

    assessment = AssessmentRound.objects.create(
        region=region, title="Bewertung", deadline=now, status=RoundStatus.CLOSED, closed_at=now
    )
    projects = list(Project.objects.filter(region=region).values_list("pk", flat=True))
    candidates = Candidate.objects.bulk_create(
        (Candidate(round=assessment, project_id=pk) for pk in projects), batch_size=2000
    )
    outcomes = list(Outcome.values)
    Decision.objects.bulk_create(
        (
            Decision(
                region=region,
                candidate=candidate,
                project_id=candidate.project_id,
                outcome=rng.choice(outcomes),
                body="Kreistag",
                decided_on=(now - datetime.timedelta(days=candidate.project_id % 700)).date(),
                reference=f"B {candidate.project_id}/2026",
            )
            for candidate in candidates
        ),
        batch_size=2000,
    )


def _survey(region: Any, rng: random.Random, answers: int, now: Any) -> int:
    import datetime

    from smartregion.surveys import services
    from smartregion.surveys.models import QuestionType, Response

    survey = services.create_survey(
        region=region,
        actor=None,
        data={
            "title": "Digitale Angebote im Kreis",
            "privacy_notice": "Anonym.",
            "opens_at": now - datetime.timedelta(days=30),
            "closes_at": now + datetime.timedelta(days=30),
        },
    )
    add = services.add_question
    add(
        survey=survey,
        actor=None,
        type=QuestionType.SINGLE,
        text="Alter",
        options=["unter 30", "30 bis 60", "über 60"],
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.MULTIPLE,
        text="Nutzung",
        options=["Bürgerportal", "App", "Telefon", "Vor Ort"],
    )
    add(
        survey=survey, actor=None, type=QuestionType.NUMBER, text="Stunden online", min_value=0, max_value=100
    )
    services.publish_survey(survey=survey, actor=None)
    specs = services.survey_specs(survey)
    single, multiple, number = specs
    rows = []
    for _n in range(answers):
        rows.append(
            Response(
                survey=survey,
                day=(now - datetime.timedelta(days=rng.randint(0, 29))).date(),
                duration_minutes=rng.randint(1, 20),
                answers={
                    single.key: rng.choice(single.options),
                    multiple.key: rng.sample(multiple.options, k=2),
                    number.key: rng.randint(0, 40),
                },
            )
        )
    Response.objects.bulk_create(rows, batch_size=5000)
    services.refresh_tallies(survey=survey)
    services.publish_results(survey=survey, actor=None)
    return int(survey.pk)


# ----------------------------------------------------------------------------------- the run


def _paths(values: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    rows = [(label, "–", path) for label, path in SITE_PAGES]
    for label, path in REGION_PAGES:
        for scale in SCALES:
            rows.append((label, f"{scale}×", path.format(**values[str(scale)])))
    return rows


def _measure(url: str, tool: str, workdir: Path, headers: dict[str, str] | None = None) -> dict[str, Any]:
    request = loadgen.Request(url, headers=headers or {})
    if WARMUP > 0:
        loadgen.run(tool, request, loadgen.Load(WARMUP, 2, CONNECTIONS), workdir)
    return loadgen.run(tool, request, loadgen.Load(SECONDS, 2, CONNECTIONS), workdir)


def _queries(env: dict[str, str], paths: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.queries", *paths],
        cwd=ROOT,
        env=dict(env, BENCH_CPU_ROUNDS="1", BENCH_CPU_REQUESTS="5"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH_QUERIES ")), None)
    return json.loads(line.removeprefix("BENCH_QUERIES ")) if line else {}


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = fresh_postgres("sr_bench_pages")
    vendor = "PostgreSQL" if database_url else "SQLite"
    database_url = database_url or fresh_sqlite("bench_pages")
    static_root = OUT / "static-pages"
    env = child_env(
        database_url,
        secret="bench-" + secrets.token_urlsafe(40),
        DJANGO_SETTINGS_MODULE="bench.app_settings",
        BENCH_STATIC_ROOT=str(static_root),
        ALLOWED_HOSTS=f"{HOST},testserver,localhost",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        REQUIRE_MFA_FOR_COORDINATORS="0",
        LOG_LEVEL="WARNING",
    )
    started = time.monotonic()
    filled = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--fill"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    line = next((x for x in filled.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        print(f"filling the database failed:\n{filled.stderr[-3000:]}")
        return 1
    data = json.loads(line.removeprefix("RESULT "))
    print(
        f"data: demo in {data['demo_s']} s, all in {data['fill_s']} s (scales {', '.join(map(str, SCALES))})"
    )
    for program, package in (("wrk", "wrk"), ("nginx", "nginx-light")):
        if (nginx_binary() if program == "nginx" else shutil.which(program)) is None:
            apt_install([package])
    tool = "wrk" if shutil.which("wrk") else "python"
    redis_url = fresh_redis(REDIS_DB, HOST)
    notes = [] if redis_url else ["Redis not reachable: each worker keeps its own copies"]
    pages = _paths(data["values"])
    procs = Processes()
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        workers = Workers(WORKERS, "sync", 1)
        app_env = dict(env, PUBLIC_PAGE_CACHE="1", **({"REDIS_URL": redis_url} if redis_url else {}))
        app = start_gunicorn(procs, "pages-app", "bench.app_settings", app_env, workers, OUT)
        floor = start_gunicorn(procs, "pages-floor", "bench.floor_settings", env, workers, OUT)
        for server in (app, floor):
            procs.wait_ready(server, "/healthz")
        # Every worker loads its code and templates on its first requests: not part of any figure.
        for _label, _scale, path in pages:
            fetch(app.base + path)
        _measure(app.base + pages[0][2], tool, workdir, UNCACHED)
        references: dict[str, dict[str, Any]] = {"floor": _measure(floor.base + FLOOR_PATH, tool, workdir)}
        idea_list = next(path for label, scale, path in pages if label == "idea list")
        if nginx_binary():
            docroot = workdir / "docroot"
            docroot.mkdir()
            (docroot / "ideas.html").write_bytes(fetch(app.base + idea_list)[2])
            nginx = start_nginx(procs, workdir, docroot, os.cpu_count() or 2)
            procs.wait_ready(nginx, "/ideas.html")
            references["nginx"] = _measure(nginx.base + "/ideas.html", tool, workdir)
        else:
            notes.append("nginx not installed: no ÷ nginx")
        queries = _queries(dict(env, PUBLIC_PAGE_CACHE="0"), [path for _l, _s, path in pages])
        rows = []
        for label, scale, path in pages:
            status = fetch(app.base + path)[0]
            if status != 200:
                notes.append(f"{path}: HTTP {status}")
                continue
            first = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(app.base + path, headers=UNCACHED)).read()  # noqa: S310
            single_ms = (time.perf_counter() - first) * 1000
            plain = _measure(app.base + path, tool, workdir, UNCACHED)
            fast = _measure(app.base + path, tool, workdir)
            rows.append((label, scale, path, single_ms, queries.get(path, {}).get("queries"), plain, fast))
            print(f"  {label} {scale}: {plain['rps']:,.0f} / {fast['rps']:,.0f} req/s", flush=True)
    finally:
        procs.stop_all()
    _print(vendor, tool, rows, references, notes, time.monotonic() - started)
    return 0


def _print(
    vendor: str,
    tool: str,
    rows: list[tuple[Any, ...]],
    references: dict[str, dict[str, Any]],
    notes: list[str],
    seconds: float,
) -> None:
    floor_rps = references["floor"]["rps"]
    nginx_rps = references.get("nginx", {}).get("rps")
    header = [
        "page",
        "scale",
        "one ms",
        "queries",
        "req/s",
        "p50",
        "p99",
        "÷ floor",
        "cached req/s",
        "p50",
        "p99",
        "÷ nginx",
    ]
    lines = []
    for label, scale, _path, single_ms, count, plain, fast in rows:
        lines.append(
            [
                label,
                scale,
                _fmt(single_ms, ".0f"),
                "–" if count is None else str(count),
                _fmt(plain["rps"], ",.0f"),
                _fmt(plain.get("p50_ms"), ".0f"),
                _fmt(plain.get("p99_ms"), ".0f"),
                _fmt(plain["rps"] / floor_rps if floor_rps else None, ".2f"),
                _fmt(fast["rps"], ",.0f"),
                _fmt(fast.get("p50_ms"), ".1f"),
                _fmt(fast.get("p99_ms"), ".1f"),
                _fmt(fast["rps"] / nginx_rps if nginx_rps else None, ".3f"),
            ]
        )
    for name, result in references.items():
        what = (
            "floor: bare view, 200-row table" if name == "floor" else "nginx: static copy of the 1× idea list"
        )
        lines.append(
            [
                what,
                "",
                "",
                "",
                _fmt(result["rps"], ",.0f"),
                _fmt(result.get("p50_ms"), ".1f"),
                _fmt(result.get("p99_ms"), ".1f"),
                "",
                "",
                "",
                "",
                "",
            ]
        )
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(len(header))]
    print(
        f"\nPages at 1×, 10×, 100× the demo ({vendor}; gunicorn {WORKERS} sync workers, DEBUG=0; "
        f"{tool}, {CONNECTIONS} connections, {SECONDS:g} s per page and server; {seconds:.0f} s in all)"
    )
    for cells in [header, ["-" * w for w in widths], *lines]:
        print(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
        )
    print(
        "÷ floor: uncached req/s ÷ the floor's; ÷ nginx: cached req/s ÷ nginx's; "
        "one ms: one request, uncached"
    )
    errors = [
        f"{label} {scale}: {plain['errors']} uncached, {fast['errors']} cached"
        for label, scale, _path, _ms, _count, plain, fast in rows
        if plain["errors"] or fast["errors"]
    ]
    print("errors: " + (", ".join(errors) or "none"))
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    if "--fill" in sys.argv:
        print("RESULT " + json.dumps(fill()), flush=True)
        sys.exit(0)
    sys.exit(main())
