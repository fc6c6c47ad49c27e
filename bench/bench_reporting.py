"""The status report of a region with 100 projects: content, PDF and DOCX, and the task around them.

For SQLite (``bench/out/bench_reporting.sqlite3``) and PostgreSQL (database ``sr_bench_reporting`` on
127.0.0.1:5432, skipped when it does not answer): one region with ``BENCH_REPORTING_PROJECTS``
(100) selected projects in six fields of action, each with three status updates, two indicators
with six measurements each, a cost plan and a personnel need, ten events and two surveys; then:

- ``content``: reading everything the report says (``documents.build``), with its SQL queries;
- ``PDF`` (target under 10 s) and ``DOCX`` (target under 3 s), from that content;
- ``task``: the whole background run (``generation.generate``: content, both files, stored), and
  the size and page count of the PDF;
- ``progress page`` and ``progress API``: the roll-up over the 100 projects, as a member.

Median of ``BENCH_REPORTING_REPEAT`` runs (3); the task once. Run:
``.venv/bin/python bench/bench_reporting.py``. Only 127.0.0.1 is contacted.
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

PROJECTS = int(os.environ.get("BENCH_REPORTING_PROJECTS", "100"))
REPEAT = int(os.environ.get("BENCH_REPORTING_REPEAT", "3"))


def _fill() -> tuple[Any, Any, Any]:
    """One region with the projects and everything a report reads, written in bulk."""
    import datetime
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.events.models import Event
    from smartregion.portfolio.models import Project, ProjectStatus
    from smartregion.regions.models import Organisation, Region
    from smartregion.reporting.models import Indicator, Measurement, StatusReport, StatusUpdate
    from smartregion.roadmap.models import CostLine, PersonnelNeed
    from smartregion.strategy.models import FieldOfAction, Strategy
    from smartregion.surveys.models import Survey

    today = timezone.localdate()
    region = Region.objects.create(name="Bench-Kreis", slug="bench-kreis", federal_state="NW")
    strategy = Strategy.objects.create(region=region, title="Strategie")
    fields = [
        FieldOfAction.objects.create(strategy=strategy, name=f"Handlungsfeld {n}", slug=f"feld-{n}", order=n)
        for n in range(6)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(region=region, name=f"Organisation {n}", slug=f"org-{n}", kind="other")
        for n in range(10)
    )
    statuses = [
        ProjectStatus.LEAD,
        ProjectStatus.POTENTIAL,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.COMPLETED,
    ]
    projects = Project.objects.bulk_create(
        Project(
            region=region,
            title=f"Projekt {i:03d}: Digitale Dienste für die Region",
            slug=f"projekt-{i:03d}",
            status=statuses[i % 4],
            summary="Kurzbeschreibung des Projekts. " * 5,
            lead_organisation=organisations[i % 10],
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2028, 12, 31),
        )
        for i in range(PROJECTS)
    )
    Project.fields.through.objects.bulk_create(
        Project.fields.through(project_id=p.pk, fieldofaction_id=fields[i % 6].pk)
        for i, p in enumerate(projects)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            region=region,
            project=p,
            reported_on=today - datetime.timedelta(days=40 * n),
            traffic=("gruen", "gelb", "rot")[(i + n) % 3],
            progress=min(100, 20 * (3 - n) + i % 20),
            text="Was geschehen ist und was ansteht, in einigen Sätzen. " * 4,
        )
        for i, p in enumerate(projects)
        for n in range(3)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(region=region, project=p, name=f"Indikator {n}", unit="Anzahl", baseline=0, target=100)
        for p in projects
        for n in range(2)
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=ind, measured_on=today - datetime.timedelta(days=60 * n), value=Decimal(10 * (6 - n))
        )
        for ind in indicators
        for n in range(6)
    )
    CostLine.objects.bulk_create(
        CostLine(
            region=region, project=p, year=2025, investment=Decimal(10000 + 100 * i), running=Decimal(2500)
        )
        for i, p in enumerate(projects)
    )
    PersonnelNeed.objects.bulk_create(
        PersonnelNeed(
            region=region, project=p, organisation=p.lead_organisation, year=2025, fte=Decimal("0.5")
        )
        for p in projects
    )
    now = timezone.now()
    Event.objects.bulk_create(
        Event(region=region, title=f"Werkstatt {n}", start=now - datetime.timedelta(days=10 * n), end=now)
        for n in range(10)
    )
    Survey.objects.bulk_create(
        Survey(region=region, title=f"Umfrage {n}", privacy_notice="Anonym.", published=True, opens_at=now)
        for n in range(2)
    )
    member = User.objects.create_user("koordination@bench.example", "bench-password-123")
    Membership.objects.create(user=member, region=region, role=Role.COORDINATOR)
    report = StatusReport.objects.create(
        region=region,
        title="Sachstandsbericht",
        committee="Ausschuss für Digitalisierung",
        meeting_date=today,
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        summary="- Die Strategie lebt.\n- Die Projekte laufen.",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return region, member, report


def _child() -> None:
    """Runs inside one Django process for one database; prints one JSON line of figures."""
    prepare_child_database()
    import subprocess

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from smartregion.core import scoping
    from smartregion.reporting import documents, generation
    from smartregion.reporting.models import StatusReport

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    region, member, report = _fill()
    figures["setup_s"] = time.perf_counter() - start
    media = OUT / "media-reporting"
    with override_settings(MEDIA_ROOT=media), scoping.scope(region):
        with CaptureQueriesContext(connection) as queries:
            content = documents.build(report)
        figures["content_queries"] = len(queries)
        figures["content_s"] = timed(lambda: documents.build(report), REPEAT)
        figures["pdf_s"] = timed(lambda: documents.report_pdf(content), REPEAT)
        figures["docx_s"] = timed(lambda: documents.report_docx(content), REPEAT)
        started = time.perf_counter()
        assert generation.generate(report.pk)
        figures["task_s"] = time.perf_counter() - started
        stored = StatusReport.objects.get(pk=report.pk)
        pdf = Path(stored.pdf.path)
        figures["pdf_kb"] = pdf.stat().st_size / 1024
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        figures["pdf_pages"] = next(
            (int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages")), 0
        )
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")

    def get(path: str) -> int:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    figures["page_s"] = timed(lambda: get(f"/r/{region.slug}/fortschritt/"), REPEAT)
    figures["api_s"] = timed(lambda: get(f"/api/v1/regions/{region.slug}/progress/"), REPEAT)
    print("RESULT " + json.dumps(figures))


KEYS = ("setup_s", "content_s", "pdf_s", "docx_s", "task_s", "page_s", "api_s")


def main() -> None:
    targets = [("SQLite", fresh_sqlite("bench_reporting"))]
    postgres = fresh_postgres("sr_bench_reporting")
    if postgres:
        targets.append(("PostgreSQL", postgres))
    print(f"Status report: {PROJECTS} projects, median of {REPEAT} runs (task: 1 run)")
    print("Targets: PDF under 10 s, DOCX under 3 s")
    header = ("database", "setup", "content", "PDF", "DOCX", "task", "progress page", "progress API")
    header += ("content SQL", "PDF pages", "PDF size")
    print(" | ".join(f"{h:>13}" for h in header))
    for label, url in targets:
        figures = run_child(__file__, label, url, secret="bench-reporting-secret-key-0123456789-abcdefghijkl")
        if isinstance(figures, str):
            print(figures)
            continue
        cells = [label] + [f"{figures[k] * 1000:,.0f} ms" for k in KEYS]
        cells += [str(figures["content_queries"]), str(figures["pdf_pages"]), f"{figures['pdf_kb']:,.0f} KB"]
        print(" | ".join(f"{c:>13}" for c in cells))
        (OUT / f"bench_reporting_{label.lower()}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
