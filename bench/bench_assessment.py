"""Results of an assessment round with 300 candidates × 4 criteria × 25 raters (30,000 scores).

For SQLite (``bench/out/bench_assessment.sqlite3``) and PostgreSQL (database ``sr_bench_assessment``
on 127.0.0.1:5432, skipped when it does not answer): create the database, migrate, open a round with
300 profiles "zur Bewertung" and 25 invited raters through the services, store every score, close
the round, then time (median of ``BENCH_ASSESSMENT_REPEAT`` runs, default 5):

- ``aggregate``: read the scores and compute figures, ranking and matrix (``selectors.results_of``);
- ``compute only``: the same computation on rows already in memory (no database);
- ``results page``: GET of the result page as the coordinator (ranking, matrix, figures, what-if
  and decision forms), Django test client;
- ``what-if``: the htmx request that re-ranks with other weights;
- ``results API``: GET /api/v1/assessments/{id}/results/;
- ``PDF`` / ``DOCX``: the committee paper.

Run: ``.venv/bin/python bench/bench_assessment.py``. Only 127.0.0.1 is contacted.
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

CANDIDATES = int(os.environ.get("BENCH_ASSESSMENT_CANDIDATES", "300"))
RATERS = int(os.environ.get("BENCH_ASSESSMENT_RATERS", "25"))
REPEAT = int(os.environ.get("BENCH_ASSESSMENT_REPEAT", "5"))


def _child() -> None:
    """Runs inside one Django process for one database; prints one JSON line of figures."""
    import datetime
    from decimal import Decimal

    sys.path.insert(0, str(ROOT))
    prepare_child_database()
    from django.test import Client
    from django.utils import timezone

    from smartregion.accounts.models import Membership, Role, User
    from smartregion.assessment import documents, scoring, selectors, services
    from smartregion.assessment.models import Rater, Score
    from smartregion.portfolio.models import Project, ProjectStatus
    from smartregion.regions.models import Region

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    region = Region.objects.create(name="Bench-Kreis", slug="bench-kreis", federal_state="NW")
    projects = Project.objects.bulk_create(
        Project(
            region=region, title=f"Projekt {i:03d}", slug=f"projekt-{i:03d}", status=ProjectStatus.IN_REVIEW
        )
        for i in range(CANDIDATES)
    )
    coordinator = User.objects.create_user("koordination@bench.example", "bench-password-123")
    Membership.objects.create(user=coordinator, region=region, role=Role.COORDINATOR)
    raters = [
        User.objects.create_user(f"ausschuss{i}@bench.example", "bench-password-123") for i in range(RATERS)
    ]
    Membership.objects.bulk_create(
        Membership(user=u, region=region, role=Role.COMMITTEE_MEMBER) for u in raters
    )
    criteria = [
        services.CriterionInput("Relevanz", Decimal(40), axis="relevance"),
        services.CriterionInput("Realisierbarkeit", Decimal(30), axis="feasibility"),
        services.CriterionInput("Kosten/Nutzen", Decimal(20), scale_min=0, scale_max=10),
        services.CriterionInput("Interkommunaler Mehrwert", Decimal(10)),
    ]
    assessment_round = services.open_round(
        region=region,
        actor=coordinator,
        title="Bench-Runde",
        deadline=timezone.now() + datetime.timedelta(days=30),
        candidates=projects,
        raters=raters,
        criteria=criteria,
    )
    rater_rows = list(Rater.objects.filter(round=assessment_round))
    candidates = list(assessment_round.candidates.all())
    stored = list(assessment_round.criteria.all())
    Score.objects.bulk_create(
        (
            Score(
                rater=r,
                candidate=c,
                criterion=k,
                value=k.scale_min + (r.pk * 7 + c.pk * 3 + k.pk) % (k.scale_max - k.scale_min + 1),
            )
            for r in rater_rows
            for c in candidates
            for k in stored
        ),
        batch_size=5000,
    )
    Rater.objects.filter(round=assessment_round).update(submitted_at=timezone.now())
    services.close_round(assessment_round=assessment_round, actor=coordinator)
    figures["setup_s"] = time.perf_counter() - start
    figures["scores"] = Score.objects.count()

    figures["aggregate_s"] = timed(lambda: selectors.results_of(assessment_round), REPEAT)
    specs = [scoring.CriterionSpec(k.pk, k.name, k.weight, k.scale_min, k.scale_max, k.axis) for k in stored]
    candidate_specs = [scoring.CandidateSpec(c.pk, c.project_id, str(c.pk)) for c in candidates]
    rows = list(Score.objects.values_list("rater_id", "candidate_id", "criterion_id", "value"))
    figures["compute_s"] = timed(
        lambda: scoring.aggregate(criteria=specs, candidates=candidate_specs, scores=rows, abstentions=[]),
        REPEAT,
    )
    client = Client()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/r/{region.slug}/bewertung/{assessment_round.pk}/ergebnis/"
    what_if = page + "?" + "&".join(f"w{k.pk}={w}" for k, w in zip(stored, (10, 60, 20, 10), strict=True))
    api = f"/api/v1/assessments/{assessment_round.pk}/results/"

    def get(path: str, **headers: str) -> int:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    figures["page_bytes"] = get(page)
    figures["page_s"] = timed(lambda: get(page), REPEAT)
    figures["what_if_s"] = timed(lambda: get(what_if, HX_Request="true"), REPEAT)
    figures["api_s"] = timed(lambda: get(api), REPEAT)
    figures["pdf_s"] = timed(lambda: documents.paper_pdf(assessment_round), max(1, REPEAT // 2))
    figures["docx_s"] = timed(lambda: documents.paper_docx(assessment_round), max(1, REPEAT // 2))
    print("RESULT " + json.dumps(figures))


def _run(label: str, database_url: str) -> dict[str, Any] | str:
    return run_child(
        __file__, label, database_url, secret="bench-assessment-secret-key-0123456789-abcdefghijklmnop"
    )


KEYS = ("setup_s", "aggregate_s", "compute_s", "page_s", "what_if_s", "api_s", "pdf_s", "docx_s")


def main() -> None:
    targets = [("SQLite", fresh_sqlite("bench_assessment"))]
    postgres = fresh_postgres("sr_bench_assessment")
    if postgres:
        targets.append(("PostgreSQL", postgres))
    print(
        f"Assessment: {CANDIDATES} candidates × 4 criteria × {RATERS} raters, "
        f"median of {REPEAT} runs (PDF/DOCX: {max(1, REPEAT // 2)})"
    )
    header = ("database", "scores", "setup", "aggregate", "compute only", "results page", "what-if", "API")
    header += ("PDF", "DOCX")
    print(" | ".join(f"{h:>12}" for h in header))
    for label, url in targets:
        figures = _run(label, url)
        if isinstance(figures, str):
            print(figures)
            continue
        cells = [label, str(figures["scores"])] + [f"{figures[k] * 1000:,.0f} ms" for k in KEYS]
        print(" | ".join(f"{c:>12}" for c in cells))
        (OUT / f"bench_assessment_{label.lower()}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
