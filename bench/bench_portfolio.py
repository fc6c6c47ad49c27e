"""Benchmark of project profiles: a region's project list with 1,000 projects, page and API, and the
catalogue search over 20,000 projects of 40 regions.

For SQLite (``bench/out/bench_portfolio.sqlite3``) and PostgreSQL (database ``sr_bench_portfolio`` on
127.0.0.1:5432, dropped and created anew; skipped when it does not answer): migrate, fill the
database (bulk inserts: 40 regions with 6 fields of action, 20 municipalities and 3 organisations
each; 1,000 projects in the region ``kreis-bench``, 19,000 more spread over the other regions; each
project with 1–2 fields and 1–3 municipalities), then request each scenario through Django's
test client in one process (the whole middleware stack, ``DEBUG=0``): 3 warm-up requests, then
``BENCH_PORTFOLIO_REQUESTS`` (50) timed ones. Prints one table:

    database, scenario, rows found, p50 ms, p95 ms, SQL queries per request

and writes it to ``bench/out/bench_portfolio.json``. Run: ``.venv/bin/python bench/bench_portfolio.py``
(``BENCH_PORTFOLIO_DB=sqlite|postgres`` runs one database only). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import OUT, child_env, fresh_postgres, fresh_sqlite  # noqa: E402

PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_PORTFOLIO_REQUESTS", "50"))
WARMUP = 3
REGIONS = 40
REGION_PROJECTS = 1000
TOTAL_PROJECTS = 20000
SECRET = "bench-portfolio-secret-key-0123456789-abcdefghijklmnop"

TOPICS = (
    "Bürgerbüro",
    "Mobilstation",
    "Breitband",
    "Schule",
    "Pflege",
    "Klimaschutz",
    "Energie",
    "Wasser",
    "Tourismus",
    "Bibliothek",
    "Feuerwehr",
    "Radverkehr",
    "Ehrenamt",
    "Jugend",
    "Senioren",
    "Einzelhandel",
    "Landwirtschaft",
    "Parkraum",
    "Telemedizin",
    "Coworking",
)
KINDS = ("Plattform", "Sensorik", "App", "Portal", "Netzwerk", "Lotsen", "Dashboard", "Sprechstunde")
FIELDS = ("Verwaltung", "Mobilität", "Bildung", "Gesundheit", "Klimaschutz", "Wirtschaft")
PUBLIC = ("leitprojekt", "potenzialprojekt", "in_umsetzung", "abgeschlossen")
INTERNAL = ("idee", "in_arbeit", "zur_bewertung", "zurueckgestellt")


# Inside Django (a child process per database) -----------------------------------------------


def _django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def _fill() -> dict[str, Any]:
    """Bulk-insert regions, fields, municipalities, organisations and 20,000 projects."""
    from django.core.management import call_command
    from django.db import transaction

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.portfolio.models import Maturity, Project
    from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region
    from smartregion.strategy import services as strategy_services
    from smartregion.strategy.models import FieldOfAction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    rng = random.Random(4)
    started = time.perf_counter()
    with transaction.atomic():
        regions = Region.objects.bulk_create(
            [
                Region(
                    name="Kreis Bench" if i == 0 else f"Kreis Nummer {i:02d}",
                    slug="kreis-bench" if i == 0 else f"kreis-{i:02d}",
                    federal_state="NW",
                )
                for i in range(REGIONS)
            ]
        )
        for region in regions:
            strategy = strategy_services.create_strategy(region=region, title="Digitalstrategie")
            for name in FIELDS:
                strategy_services.add_field(strategy=strategy, actor=None, name=name)
        Municipality.objects.bulk_create(
            [
                Municipality(region=region, name=f"Gemeinde {j:02d}", slug=f"gemeinde-{j:02d}")
                for region in regions
                for j in range(20)
            ]
        )
        Organisation.objects.bulk_create(
            [
                Organisation(
                    region=region,
                    name=f"Organisation {j}",
                    slug=f"organisation-{j}",
                    kind=OrganisationKind.OTHER,
                )
                for region in regions
                for j in range(3)
            ]
        )
        fields: dict[int, list[int]] = {}
        field_link, place_link = Project.fields.through, Project.municipalities.through
        for field in FieldOfAction.objects.select_related("strategy"):
            fields.setdefault(field.strategy.region_id, []).append(field.pk)
        places: dict[int, list[int]] = {}
        for pk, region_id in Municipality.objects.values_list("pk", "region_id"):
            places.setdefault(region_id, []).append(pk)
        leads: dict[int, list[int]] = {}
        for pk, region_id in Organisation.objects.values_list("pk", "region_id"):
            leads.setdefault(region_id, []).append(pk)
        projects = []
        for number in range(TOTAL_PROJECTS):
            region = regions[0] if number < REGION_PROJECTS else regions[1 + number % (REGIONS - 1)]
            topic, kind = rng.choice(TOPICS), rng.choice(KINDS)
            internal = rng.random() < (0.2 if region is regions[0] else 0.1)
            projects.append(
                Project(
                    region=region,
                    title=f"{kind} {topic} {number:05d}",
                    slug=f"projekt-{number:05d}",
                    summary=f"Ein {kind} für {topic} in der Region; ein Steckbrief zum Nachnutzen.",
                    goals=f"{topic} digital verbessern; Abläufe vereinfachen.",
                    measures=f"{kind} einführen, Beschäftigte schulen, Ergebnisse messen ({topic}).",
                    lead_organisation_id=rng.choice(leads[region.pk]) if rng.random() < 0.7 else None,
                    lead_person=f"Person {number}",
                    maturity=rng.choice(Maturity.values),
                    status=rng.choice(INTERNAL if internal else PUBLIC),
                )
            )
        projects = Project.objects.bulk_create(projects, batch_size=2000)
        field_links, place_links = [], []
        for project in projects:
            for field_id in rng.sample(fields[project.region_id], rng.randint(1, 2)):
                field_links.append(field_link(project_id=project.pk, fieldofaction_id=field_id))
            for place_id in rng.sample(places[project.region_id], rng.randint(1, 3)):
                place_links.append(
                    Project.municipalities.through(project_id=project.pk, municipality_id=place_id)
                )
        field_link.objects.bulk_create(field_links, batch_size=5000)
        place_link.objects.bulk_create(place_links, batch_size=5000)
        reader = User.objects.create_user("leser@bench.example", "bench-passwort-1234")
        Membership.objects.create(user=reader, region=regions[0], role=Role.READER)
    filled = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"migrate_s": round(migrated, 1), "fill_s": round(filled, 1)}


LIST = "/r/kreis-bench/projekte/"
API = "/api/v1/regions/kreis-bench/projects/"
SCENARIOS: tuple[tuple[str, str, str], ...] = (
    # (name, who, path)
    ("Projektliste, Seite 1 (öffentlich)", "public", "/r/kreis-bench/projekte/"),
    ("Projektliste, Seite 40 (öffentlich)", "public", "/r/kreis-bench/projekte/?seite=40"),
    (
        "Projektliste, Filter Feld+Stand",
        "public",
        LIST + "?field=mobilitaet&status=leitprojekt",
    ),
    ("Projektliste, Suche „Mobilstation“", "public", "/r/kreis-bench/projekte/?q=Mobilstation"),
    ("Projektliste, Mitglied (alle Stände)", "member", "/r/kreis-bench/projekte/"),
    ("API Projekte, limit=50", "public", "/api/v1/regions/kreis-bench/projects/?limit=50"),
    ("API Projekte, offset=900", "public", "/api/v1/regions/kreis-bench/projects/?limit=50&offset=900"),
    (
        "API Projekte, Filter Kommune",
        "public",
        API + "?municipality=gemeinde-03",
    ),
    ("Katalog, ohne Suche", "public", "/projektkatalog/"),
    ("Katalog, Suche „Telemedizin“", "public", "/projektkatalog/?q=Telemedizin"),
    ("Katalog, Suche „Sensorik Parkraum“", "public", "/projektkatalog/?q=Sensorik+Parkraum"),
    ("Katalog, Suche ohne Treffer", "public", "/projektkatalog/?q=Raumfahrt"),
    ("Katalog, Suche, Seite 10", "public", "/projektkatalog/?q=Energie&seite=10"),
    ("Katalog, Region gefiltert", "public", "/projektkatalog/?region=kreis-07&q=Schule"),
)


def _found(response: Any) -> str:
    """What the page or API says it found: the count in the first h2, or the API's count."""
    import re

    if response["Content-Type"].startswith("application/json"):
        return str(json.loads(response.content).get("count", ""))
    match = re.search(r"<h2[^>]*>\s*([\d.]+) Projekt", response.content.decode())
    return match.group(1) if match else ""


def _measure() -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from smartregion.accounts.models import User

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rows = []
    with override_settings(STORAGES=storages):
        public, member = Client(), Client()
        member.force_login(User.objects.get(email="leser@bench.example"))
        for name, who, path in SCENARIOS:
            client = member if who == "member" else public
            for _ in range(WARMUP):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            times, queries = [], []
            for _ in range(REQUESTS):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured.captured_queries))
            quantiles = statistics.quantiles(times, n=20)
            rows.append(
                {
                    "scenario": name,
                    "path": path,
                    "found": _found(response),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(quantiles[18], 1),
                    "queries": max(queries),
                    "queries_min": min(queries),
                }
            )
    return rows


def _child_main(step: str) -> None:
    _django()
    result: Any = _fill() if step == "fill" else _measure()
    print(json.dumps(result))


# The parent ---------------------------------------------------------------------------------


def _run(step: str, database_url: str) -> Any:
    proc = subprocess.run(
        [PYTHON, __file__, step],
        env=child_env(
            database_url,
            secret=SECRET,
            ALLOWED_HOSTS="testserver",
            TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
            LOG_LEVEL="ERROR",
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _databases() -> list[tuple[str, str]]:
    wanted = os.environ.get("BENCH_PORTFOLIO_DB", "")
    found = []
    if wanted in ("", "sqlite"):
        found.append(("SQLite", fresh_sqlite("bench_portfolio")))
    if wanted in ("", "postgres"):
        postgres = fresh_postgres("sr_bench_portfolio")
        if postgres:
            found.append(("PostgreSQL", postgres))
        else:
            print("PostgreSQL at 127.0.0.1:5432 does not answer: skipped.")
    return found


def main() -> None:
    results: dict[str, Any] = {}
    for label, url in _databases():
        print(f"[bench-portfolio] {label}: migrate and fill {TOTAL_PROJECTS:,} projects …", flush=True)
        filled = _run("fill", url)
        print(f"[bench-portfolio] {label}: filled in {filled['fill_s']} s; measuring …", flush=True)
        results[label] = {"fill": filled, "rows": _run("measure", url)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_portfolio.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(
        f"Project profiles: region with {REGION_PROJECTS:,} projects, catalogue over {TOTAL_PROJECTS:,} "
        f"projects of {REGIONS} regions; {REQUESTS} requests each, in-process (Django test client, DEBUG=0)"
    )
    header = f"{'database':11} {'scenario':40} {'found':>7} {'p50 ms':>8} {'p95 ms':>8} {'SQL/req':>8}"
    print(header)
    print("-" * len(header))
    for label, result in results.items():
        for row in result["rows"]:
            queries = str(row["queries"])
            if row["queries_min"] != row["queries"]:
                queries = f"{row['queries_min']}–{row['queries']}"
            print(
                f"{label:11} {row['scenario']:40} {row['found']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{queries:>8}"
            )
    print()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("fill", "measure"):
        _child_main(sys.argv[1])
    else:
        main()
