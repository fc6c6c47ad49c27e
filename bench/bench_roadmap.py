"""The roadmap of a region with 1,000 projects and 10,000 milestones.

For SQLite (``bench/out/bench_roadmap.sqlite3``) and PostgreSQL (database ``sr_bench_roadmap`` on
127.0.0.1:5432, skipped when it does not answer): create the database, migrate, fill one region
with 1,000 projects in six fields of action, 10 milestones each (every second one depending on
the one before), a cost plan of three years and two sources per project, and a personnel need per
project; then time (median of ``BENCH_ROADMAP_REPEAT`` runs, default 5):

- ``roadmap page``: GET /r/<region>/fahrplan/ as a member (25 projects of the 1,000 with their
  250 milestones: timeline SVG and table), Django test client, with its SQL queries;
- ``filtered page``: the same with ``?stand=verspaetet``;
- ``roadmap API``: GET /api/v1/regions/<slug>/roadmap/ (all 10,000 milestones with dependencies);
- ``financing``: the sums per project, field and region (``selectors.financing_for_region``);
- ``financing API`` and ``personnel API``;
- ``PDF``: the roadmap of 100 projects (1,000 milestones) as PDF, filtered by one municipality.

Run: ``.venv/bin/python bench/bench_roadmap.py``. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import OUT, fresh_postgres, fresh_sqlite, prepare_child_database, run_child, timed  # noqa: E402

PROJECTS = int(os.environ.get("BENCH_ROADMAP_PROJECTS", "1000"))
PER_PROJECT = int(os.environ.get("BENCH_ROADMAP_MILESTONES", "10"))
REPEAT = int(os.environ.get("BENCH_ROADMAP_REPEAT", "5"))


def _fill() -> tuple[Any, Any]:
    """One region with the projects, milestones, costs, sources and needs, written in bulk."""
    import datetime
    from decimal import Decimal

    from django.db import connection

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.portfolio.models import Project, ProjectStatus
    from smartregion.regions.models import Municipality, Organisation, Region
    from smartregion.roadmap.models import (
        CostLine,
        FundingSource,
        Milestone,
        MilestoneStatus,
        PersonnelNeed,
        SourceKind,
        SourceStatus,
    )
    from smartregion.strategy.models import FieldOfAction, Strategy

    region = Region.objects.create(name="Bench-Kreis", slug="bench-kreis", federal_state="NW")
    strategy = Strategy.objects.create(region=region, title="Strategie")
    fields = [
        FieldOfAction.objects.create(strategy=strategy, name=f"Handlungsfeld {n}", slug=f"feld-{n}", order=n)
        for n in range(6)
    ]
    places = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Kommune {n}", slug=f"kommune-{n}") for n in range(10)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(region=region, name=f"Organisation {n}", slug=f"org-{n}", kind="other")
        for n in range(20)
    )
    projects = Project.objects.bulk_create(
        Project(
            region=region,
            title=f"Projekt {i:04d}",
            slug=f"projekt-{i:04d}",
            status=ProjectStatus.IN_PROGRESS,
            lead_organisation=organisations[i % 20],
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2028, 12, 31),
        )
        for i in range(PROJECTS)
    )
    Project.fields.through.objects.bulk_create(
        Project.fields.through(project_id=p.pk, fieldofaction_id=fields[i % 6].pk)
        for i, p in enumerate(projects)
    )
    Project.municipalities.through.objects.bulk_create(
        Project.municipalities.through(project_id=p.pk, municipality_id=places[i % 10].pk)
        for i, p in enumerate(projects)
    )
    statuses = [MilestoneStatus.DONE, MilestoneStatus.RUNNING, MilestoneStatus.PLANNED]
    milestones = Milestone.objects.bulk_create(
        (
            Milestone(
                region=region,
                project=p,
                title=f"Schritt {n} von {p.title}",
                start=datetime.date(2024, 1, 1) + datetime.timedelta(days=120 * n),
                end=datetime.date(2024, 1, 1) + datetime.timedelta(days=120 * n + 90),
                status=statuses[(i + n) % 3],
                responsible_organisation=organisations[(i + n) % 20],
            )
            for i, p in enumerate(projects)
            for n in range(PER_PROJECT)
        ),
        batch_size=2000,
    )
    Milestone.depends_on.through.objects.bulk_create(
        (
            Milestone.depends_on.through(from_milestone_id=m.pk, to_milestone_id=milestones[k - 1].pk)
            for k, m in enumerate(milestones)
            if k % PER_PROJECT and k % 2
        ),
        batch_size=5000,
    )
    CostLine.objects.bulk_create(
        CostLine(
            region=region,
            project=p,
            year=year,
            investment=Decimal(10000 * (year == 2024)),
            running=Decimal(2500),
        )
        for p in projects
        for year in (2024, 2025, 2026)
    )
    FundingSource.objects.bulk_create(
        source
        for p in projects
        for source in (
            FundingSource(
                region=region,
                project=p,
                kind=SourceKind.OWN,
                amount=Decimal(3000),
                status=SourceStatus.GRANTED,
            ),
            FundingSource(
                region=region,
                project=p,
                kind=SourceKind.OWN,
                amount=Decimal(5000),
                status=SourceStatus.PLANNED,
            ),
        )
    )
    PersonnelNeed.objects.bulk_create(
        PersonnelNeed(
            region=region, project=p, organisation=p.lead_organisation, year=2025, fte=Decimal("0.5")
        )
        for p in projects
    )
    member = User.objects.create_user("koordination@bench.example", "bench-password-123")
    Membership.objects.create(user=member, region=region, role=Role.COORDINATOR)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as autovacuum keeps them on a live database
    return region, member


def _child() -> None:
    """Runs inside one Django process for one database; prints one JSON line of figures."""
    prepare_child_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from smartregion.core import scoping
    from smartregion.roadmap import documents, selectors
    from smartregion.roadmap.models import Milestone

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    region, member = _fill()
    figures["setup_s"] = time.perf_counter() - start
    figures["milestones"] = Milestone.objects.count()
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/r/{region.slug}/fahrplan/"

    def get(path: str) -> int:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    with CaptureQueriesContext(connection) as queries:
        figures["page_bytes"] = get(page)
    figures["page_queries"] = len(queries)
    figures["page_s"] = timed(lambda: get(page), REPEAT)
    figures["filtered_s"] = timed(lambda: get(page + "?stand=verspaetet"), REPEAT)
    figures["api_bytes"] = get(f"/api/v1/regions/{region.slug}/roadmap/")
    figures["api_s"] = timed(lambda: get(f"/api/v1/regions/{region.slug}/roadmap/"), REPEAT)
    with scoping.scope(region):
        figures["financing_s"] = timed(lambda: selectors.financing_for_region(region, member), REPEAT)
        chosen = selectors.RoadmapFilter(municipality="kommune-1")
        figures["pdf_s"] = timed(lambda: documents.roadmap_pdf(region, member, chosen), 1)
    figures["financing_api_s"] = timed(lambda: get(f"/api/v1/regions/{region.slug}/financing/"), REPEAT)
    figures["personnel_api_s"] = timed(lambda: get(f"/api/v1/regions/{region.slug}/personnel/"), REPEAT)
    print("RESULT " + json.dumps(figures))


def _run(label: str, database_url: str) -> dict[str, Any] | str:
    return run_child(
        __file__, label, database_url, secret="bench-roadmap-secret-key-0123456789-abcdefghijklmnopq"
    )


KEYS = (
    "setup_s",
    "page_s",
    "filtered_s",
    "api_s",
    "financing_s",
    "financing_api_s",
    "personnel_api_s",
    "pdf_s",
)


def main() -> None:
    targets = [("SQLite", fresh_sqlite("bench_roadmap"))]
    postgres = fresh_postgres("sr_bench_roadmap")
    if postgres:
        targets.append(("PostgreSQL", postgres))
    print(
        f"Roadmap: {PROJECTS} projects × {PER_PROJECT} milestones, median of {REPEAT} runs "
        "(PDF: 1 run, 100 projects)"
    )
    header = ("database", "milestones", "setup", "roadmap page", "filtered", "roadmap API", "financing")
    header += ("financing API", "personnel API", "PDF", "page SQL")
    print(" | ".join(f"{h:>13}" for h in header))
    for label, url in targets:
        figures = _run(label, url)
        if isinstance(figures, str):
            print(figures)
            continue
        cells = [label, str(figures["milestones"])] + [f"{figures[k] * 1000:,.0f} ms" for k in KEYS]
        cells.append(str(figures["page_queries"]))
        print(" | ".join(f"{c:>13}" for c in cells))
        (OUT / f"bench_roadmap_{label.lower()}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
