"""Consolidation of a needs analysis with 400 municipalities × 12 fields × 3 dimensions (14,400 answers).

For SQLite (``bench/out/bench_analysis.sqlite3``) and PostgreSQL (database ``sr_bench_analysis`` on
127.0.0.1:5432, skipped when it does not answer): create the database, migrate, open a round with
400 invited municipalities through the services, store all submitted answers, close the round, then
time (median of ``BENCH_ANALYSIS_REPEAT`` runs, default 5):

- ``consolidate``: read the answers and compute aggregates, heatmap and suggested tiers;
- ``compute only``: the same computation on rows already in memory (no database);
- ``results page``: GET of the result page with heatmap as the coordinator (Django test client);
- ``results API``: GET /api/v1/analyses/{id}/results/ as the coordinator;
- ``XLSX``: all answers as XLSX; ``PDF``: the consolidated result with heatmap (WeasyPrint).

Run: ``.venv/bin/python bench/bench_analysis.py``. Only 127.0.0.1 is contacted.
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

MUNICIPALITIES = int(os.environ.get("BENCH_ANALYSIS_MUNICIPALITIES", "400"))
FIELDS = int(os.environ.get("BENCH_ANALYSIS_FIELDS", "12"))
REPEAT = int(os.environ.get("BENCH_ANALYSIS_REPEAT", "5"))


def _child() -> None:
    """Runs inside one Django process for one database; prints one JSON line of figures."""
    import datetime

    sys.path.insert(0, str(ROOT))
    prepare_child_database()
    from django.test import Client
    from django.utils import timezone

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.analysis import documents, services
    from smartregion.analysis.consolidation import consolidate, consolidate_rows
    from smartregion.analysis.models import Answer, Questionnaire, QuestionnaireStatus
    from smartregion.regions.models import Municipality, Region
    from smartregion.strategy import services as strategy_services

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    region = Region.objects.create(name="Bench-Kreis", slug="bench-kreis", federal_state="NW")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Gemeinde {i:03d}", slug=f"gemeinde-{i:03d}")
        for i in range(MUNICIPALITIES)
    )
    strategy = strategy_services.create_strategy(region=region, title="Bench")
    fields = [
        strategy_services.add_field(strategy=strategy, actor=None, name=f"Handlungsfeld {i:02d}")
        for i in range(FIELDS)
    ]
    coordinator = User.objects.create_user("koordination@bench.example", "bench-password-123")
    Membership.objects.create(user=coordinator, region=region, role=Role.COORDINATOR)
    analysis_round = services.open_round(
        region=region,
        actor=coordinator,
        name="Bench-Runde",
        fields=fields,
        municipalities=municipalities,
        deadline=timezone.now() + datetime.timedelta(days=30),
    )
    keys = analysis_round.dimension_keys()
    questionnaires = list(Questionnaire.objects.filter(round=analysis_round))
    Answer.objects.bulk_create(
        (
            Answer(
                questionnaire=q,
                field=f,
                dimension=key,
                value=None if (q.pk + f.pk + d) % 37 == 0 else 1 + (q.pk * 7 + f.pk * 3 + d) % 5,
            )
            for q in questionnaires
            for f in fields
            for d, key in enumerate(keys)
        ),
        batch_size=5000,
    )
    Questionnaire.objects.filter(round=analysis_round).update(status=QuestionnaireStatus.SUBMITTED, version=1)
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    figures["setup_s"] = time.perf_counter() - start
    figures["answers"] = Answer.objects.count()

    result = consolidate(analysis_round)
    assert result.submitted == MUNICIPALITIES
    figures["consolidate_s"] = timed(lambda: consolidate(analysis_round), REPEAT)
    rows = list(
        Answer.objects.values_list("questionnaire__municipality_id", "field_id", "dimension", "value")
    )
    field_rows = [(f.pk, f.name, f.slug) for f in fields]
    names = [(m.pk, m.name) for m in municipalities]
    figures["compute_s"] = timed(
        lambda: consolidate_rows(
            rows=rows,
            fields=field_rows,
            dimensions=analysis_round.dimensions,
            municipalities=names,
            rule=analysis_round.rule,
            invited=MUNICIPALITIES,
        ),
        REPEAT,
    )
    client = Client()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/r/{region.slug}/bedarfsanalyse/{analysis_round.pk}/ergebnis/"
    api = f"/api/v1/analyses/{analysis_round.pk}/results/"

    def get(path: str) -> int:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    figures["page_bytes"] = get(page)
    figures["page_s"] = timed(lambda: get(page), REPEAT)
    figures["api_s"] = timed(lambda: get(api), REPEAT)
    figures["xlsx_s"] = timed(lambda: documents.answers_xlsx(analysis_round), max(1, REPEAT // 2))
    figures["pdf_s"] = timed(lambda: documents.result_pdf(analysis_round), max(1, REPEAT // 2))
    print("RESULT " + json.dumps(figures))


def _run(label: str, database_url: str) -> dict[str, Any] | str:
    return run_child(
        __file__, label, database_url, secret="bench-analysis-secret-key-0123456789-abcdefghijklmnop"
    )


def main() -> None:
    targets = [("SQLite", fresh_sqlite("bench_analysis"))]
    postgres = fresh_postgres("sr_bench_analysis")
    if postgres:
        targets.append(("PostgreSQL", postgres))
    print(
        f"Needs analysis: {MUNICIPALITIES} municipalities × {FIELDS} fields × 3 dimensions, "
        f"median of {REPEAT} runs (XLSX/PDF: {max(1, REPEAT // 2)})"
    )
    header = (
        "database",
        "answers",
        "setup",
        "consolidate",
        "compute only",
        "results page",
        "API",
        "XLSX",
        "PDF",
    )
    print(" | ".join(f"{h:>12}" for h in header))
    for label, url in targets:
        figures = _run(label, url)
        if isinstance(figures, str):
            print(figures)
            continue
        ms = [
            figures[k] * 1000
            for k in ("setup_s", "consolidate_s", "compute_s", "page_s", "api_s", "xlsx_s", "pdf_s")
        ]
        cells = [label, str(figures["answers"])] + [f"{value:,.0f} ms" for value in ms]
        print(" | ".join(f"{c:>12}" for c in cells))
        (OUT / f"bench_analysis_{label.lower()}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
