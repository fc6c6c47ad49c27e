"""Benchmark of citizen surveys: answers per second, results of 1,000,000 answers, CSV export memory.

Run: ``.venv/bin/python bench/bench_surveys.py`` (prints a table, writes bench/out/surveys.json).

1. Answers: wrk posts one full answer (8 questions, a free text) to
   ``POST /api/v1/surveys/{id}/responses/`` on gunicorn for ``BENCH_SECONDS``; afterwards the
   stored answers are counted against the 201 responses wrk received, and checked for
   completeness (every answer has all its keys and its free-text row: nothing half-stored).
2. Results: a survey gets 1,000,000 answers (COPY on PostgreSQL) with their tallies, then 1,000
   fresh answers not counted yet; the result page is timed to the first byte, first cold (it
   shows the 1,000 as not yet counted; reading never counts) and then warm, and the background
   task's run that counts the 1,000 is timed; also the API results and a filtered page
   (cross tabulation, also read from the tallies).
3. CSV: a separate process streams the export of the 1,000,000 answers through the view and
   reports its peak resident memory (ru_maxrss) and duration.

Database: PostgreSQL ``sr_bench_surveys`` at 127.0.0.1 (dropped and created anew), else SQLite
under bench/out/. Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_WORKERS (4),
BENCH_ANSWERS (1000000), BENCH_PG_URL. Redis database ``BENCH_SURVEYS_REDIS_DB`` (8) at 127.0.0.1 is
emptied and shared by the workers when it answers, as several workers are run in production.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from bench.harness import django_env  # noqa: E402
from bench.servers import Processes, Workers, start_gunicorn  # noqa: E402
from bench.support import fresh_postgres, fresh_redis, fresh_sqlite  # noqa: E402

OUT = ROOT / "bench" / "out"
DB_NAME = "sr_bench_surveys"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "1000000"))
REDIS_DB = int(os.environ.get("BENCH_SURVEYS_REDIS_DB", "8"))
FRESH = 1000
VARIANTS = 997
INSERT = (
    "INSERT INTO surveys_response (survey_id, day, duration_minutes, answers, tallied) "
    "VALUES (%s, %s, %s, %s, %s)"
)  # distinct generated answers, repeated to fill the big survey


def log(message: str) -> None:
    print(f"[bench-surveys] {message}", flush=True)


def database() -> tuple[str, str]:
    url = fresh_postgres(DB_NAME, PG_URL)
    if url:
        return url, "PostgreSQL"
    log("PostgreSQL not usable; SQLite instead")
    return fresh_sqlite("bench_surveys"), "SQLite"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def build_survey(title: str, closes: bool = False) -> Any:
    from django.utils import timezone

    from smartregion.regions.models import Region
    from smartregion.surveys import services

    region = Region.objects.get_or_create(
        slug="bench", defaults={"name": "Kreis Bench", "federal_state": "SH"}
    )[0]
    now = timezone.now()
    survey = services.create_survey(
        region=region,
        actor=None,
        data={"title": title, "privacy_notice": "Anonym.", "opens_at": now - datetime.timedelta(days=30)},
    )
    add = services.add_question
    add(
        survey=survey,
        actor=None,
        type="single",
        text="Alter",
        options=["<30", "30-49", "50-64", "65+"],
        required=True,
    )
    add(survey=survey, actor=None, type="multiple", text="Nutzung", options=list("abcdefg"), required=True)
    add(survey=survey, actor=None, type="yesno", text="Online-Dienst genutzt?", page=2)
    add(
        survey=survey,
        actor=None,
        type="matrix",
        text="Wichtig",
        options=["sehr", "eher", "weniger", "nicht"],
        rows=["Kultur", "Gesundheit", "Verwaltung", "Termine"],
        page=2,
    )
    add(survey=survey, actor=None, type="ranking", text="Zuerst", options=["K", "G", "V"], page=3)
    add(survey=survey, actor=None, type="number", text="Stunden", min_value=0, max_value=100, page=3)
    add(survey=survey, actor=None, type="single", text="Zufrieden", options=["1", "2", "3", "4", "5"], page=3)
    add(survey=survey, actor=None, type="long_text", text="Wünsche", page=3)
    services.publish_survey(survey=survey, actor=None)
    services.publish_results(survey=survey, actor=None)
    return survey


def random_answers(specs: list[Any], rng: random.Random, text: bool) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for spec in specs:
        if spec.type in ("single", "yesno"):
            given[str(spec.id)] = rng.choice(spec.options)
        elif spec.type == "multiple":
            given[str(spec.id)] = rng.sample(spec.options, rng.randint(1, 4))
        elif spec.type == "matrix":
            given[str(spec.id)] = {str(r): rng.choice(spec.options) for r in spec.rows}
        elif spec.type == "ranking":
            given[str(spec.id)] = rng.sample(spec.options, len(spec.options))
        elif spec.type == "number":
            given[str(spec.id)] = rng.randint(0, 60)
        elif text:
            given[str(spec.id)] = "Mehr Termine online und schnelleres Internet auf dem Land."
    return given


# 1. answers per second --------------------------------------------------------------------------


def bench_answers(base: str) -> dict[str, Any]:
    from smartregion.surveys import services
    from smartregion.surveys.models import Response, TextAnswer

    survey = build_survey("Bench Antworten")
    specs = services.survey_specs(survey)
    body = json.dumps({"answers": random_answers(specs, random.Random(1), text=True)})
    request = loadgen.Request(
        url=f"{base}/api/v1/surveys/{survey.pk}/responses/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    # Warm every worker up (imports, URL resolver, connections), then start counting afresh.
    loadgen.run_wrk(request, loadgen.Load(seconds=3, threads=2, connections=CONNECTIONS), OUT)
    time.sleep(2)
    Response.objects.filter(survey=survey).delete()
    load = loadgen.Load(seconds=SECONDS, threads=2, connections=CONNECTIONS)
    result = loadgen.run_wrk(request, load, OUT)
    time.sleep(3)  # let the workers finish what wrk left in flight at its deadline
    # Reference in the same run and under the same load: the short link, a redirect through the same
    # middleware with one SELECT and no write.
    reference = loadgen.run_wrk(
        loadgen.Request(url=f"{base}/u/{survey.short_code}", count_non2xx=False), load, OUT
    )
    created = int(result["requests"]) - int(result["non2xx"])  # type: ignore[call-overload]
    stored = Response.objects.filter(survey=survey).count()
    keys = len(json.loads(body)["answers"])
    complete = sum(
        1
        for a in Response.objects.filter(survey=survey).values_list("answers", flat=True).iterator()
        if len(a) == keys
    )
    services.refresh_tallies(survey=survey)  # also writes the free-text rows for moderation
    texts = TextAnswer.objects.filter(question__survey=survey).count()
    tallied = services.TallyState.objects.get(survey=survey).response_count
    return {
        "answers_per_s": round(created / float(result["seconds"]), 1),  # type: ignore[arg-type]
        "reference_per_s": round(float(reference["rps"]), 1),  # type: ignore[arg-type]
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "sent_201": created,
        "errors": result["errors"],
        "stored": stored,
        "complete": complete,
        "text_rows": texts,
        "in_flight_at_stop": stored - created,
        "none_lost": stored >= created and result["errors"] == 0,
        "tallied": tallied,
        "none_half_stored": complete == stored == texts == tallied,
        "load_average": round(os.getloadavg()[0], 1),
    }


# 2. results of 1,000,000 answers ---------------------------------------------------------------


def fill(survey: Any, count: int) -> None:
    """``count`` tallied answers and their tallies, written in bulk."""
    from django.db import connection

    from smartregion.surveys import services
    from smartregion.surveys.answers import check_answers
    from smartregion.surveys.models import Tally, TallyState

    specs = services.survey_specs(survey)
    rng = random.Random(7)
    variants = []
    for _ in range(VARIANTS):
        checked = check_answers(specs, random_answers(specs, rng, text=False))
        variants.append((checked.answers, json.dumps(checked.answers)))
    counter: Counter[tuple[int, str]] = Counter()
    per_variant = Counter(i % VARIANTS for i in range(count))
    start = datetime.date(2026, 9, 1)
    days: Counter[datetime.date] = Counter()
    for index, times in per_variant.items():
        answers = variants[index][0]
        single: Counter[tuple[int, str]] = Counter()
        services.tally_keys(specs, answers, single)
        for key, value in single.items():
            counter[key] += value * times
    rows = (
        (survey.pk, start + datetime.timedelta(days=i % 40), 5 + i % 20, variants[i % VARIANTS][1])
        for i in range(count)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(
                "COPY surveys_response (survey_id, day, duration_minutes, answers, tallied) FROM STDIN"
            ) as copy:
                for survey_id, day, minutes, encoded in rows:
                    copy.write_row((survey_id, day, minutes, encoded, True))
                    days[day] += 1
        else:
            batch: list[tuple[Any, ...]] = []
            for survey_id, day, minutes, encoded in rows:
                batch.append((survey_id, day.isoformat(), minutes, encoded, True))
                days[day] += 1
                if len(batch) == 20000:
                    cursor.executemany(
                        INSERT,
                        batch,
                    )
                    batch = []
            if batch:
                cursor.executemany(
                    INSERT,
                    batch,
                )
    for day, n in days.items():
        counter[(0, f"day:{day.isoformat()}")] += n
    for i in range(20):
        counter[(0, f"minutes:{5 + i}")] += len(range(i, count, 20))
    Tally.objects.bulk_create(
        [Tally(survey=survey, question_id=q, key=k, count=c) for (q, k), c in counter.items()],
        batch_size=1000,
    )
    TallyState.objects.filter(survey=survey).update(response_count=count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE surveys_response")


def ttfb(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - loopback only
        first = time.perf_counter() - started
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return first


def bench_results(base: str) -> tuple[dict[str, Any], Any]:
    from smartregion.surveys import services
    from smartregion.surveys.models import Option

    survey = build_survey("Bench Ergebnisse")
    started = time.monotonic()
    fill(survey, ANSWERS)
    fill_s = time.monotonic() - started
    specs = services.survey_specs(survey)
    rng = random.Random(3)
    for _ in range(FRESH):
        services.submit_response(survey=survey, answers=random_answers(specs, rng, text=False), specs=specs)
    page = f"{base}/r/bench/beteiligung/{survey.pk}/ergebnisse/"
    cold = ttfb(page)
    started = time.perf_counter()
    counted = services.refresh_tallies(survey=survey)  # what tasks.count_answers runs
    count_s = time.perf_counter() - started
    warm = [ttfb(page) for _ in range(10)]
    api = [ttfb(f"{base}/api/v1/surveys/{survey.pk}/results/") for _ in range(5)]
    option = Option.objects.filter(question__survey=survey, question__text="Alter").first()
    filtered = ttfb(f"{page}?filter={option.pk}") if option else None
    return (
        {
            "answers": ANSWERS + FRESH,
            "fill_s": round(fill_s, 1),
            "cold_ttfb_s": round(cold, 3),
            "count_fresh_s": round(count_s, 3),
            "counted": counted,
            "warm_ttfb_median_s": round(statistics.median(warm), 3),
            "warm_ttfb_max_s": round(max(warm), 3),
            "api_median_s": round(statistics.median(api), 3),
            "filtered_ttfb_s": round(filtered, 2) if filtered else None,
        },
        survey,
    )


# 3. CSV export memory --------------------------------------------------------------------------


def csv_child(survey_id: int) -> None:
    """Runs in its own process: stream the export through the view and report memory."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from smartregion.accounts.models import Membership, Role
    from smartregion.surveys.models import Survey
    from smartregion.surveys.views import builder as builder_views

    survey = Survey.objects.select_related("region").get(pk=survey_id)
    user, _ = get_user_model().objects.get_or_create(email="bench-koordination@example.org")
    Membership.objects.get_or_create(user=user, region=survey.region, defaults={"role": Role.COORDINATOR})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    # The view itself, without the middleware: a coordinator's session would first ask for MFA.
    request = RequestFactory().get("/")
    request.user = user
    response = builder_views.export(request, region_slug=survey.region.slug, survey_id=survey.pk, kind="csv")
    if response.status_code != 200:
        raise RuntimeError(f"export: {response.status_code}")
    size = lines = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
        lines += chunk.count(b"\n")
    print(
        "CSV "
        + json.dumps(
            {
                "seconds": round(time.monotonic() - started, 1),
                "rows": lines - 1,
                "mb": round(size / 1e6, 1),
                "rss_before_mb": round(before / 1024, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def bench_csv(env: dict[str, str], survey_id: int) -> dict[str, Any]:
    child_env = dict(env, ALLOWED_HOSTS="127.0.0.1,testserver")
    proc = subprocess.run(
        [sys.executable, __file__, "--csv", str(survey_id)],
        env=child_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("CSV ")), None)
    if line is None:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(line[4:])


def table(vendor: str, answers: dict[str, Any], results: dict[str, Any], export: dict[str, Any]) -> str:
    rows = [
        (
            "Answers/s (API POST, target ≥ 500)",
            f"{answers['answers_per_s']}",
            f"p50 {answers['p50_ms']:.0f} ms, p99 {answers['p99_ms']:.0f} ms",
        ),
        (
            "  reference: short-link redirect/s",
            f"{answers['reference_per_s']}",
            f"answers ÷ reference = {answers['answers_per_s'] / max(answers['reference_per_s'], 0.1):.2f}",
        ),
        (
            "  201 received / stored / complete",
            f"{answers['sent_201']} / {answers['stored']} / {answers['complete']}",
            f"errors {answers['errors']}, in flight at stop {answers['in_flight_at_stop']}",
        ),
        (
            "  none lost, none half-stored",
            f"{answers['none_lost']}, {answers['none_half_stored']}",
            f"free-text rows {answers['text_rows']}, tallied {answers['tallied']}",
        ),
        (
            "Results page, cold (target < 1 s)",
            f"{results['cold_ttfb_s']} s",
            f"{results['answers']:,} answers, {FRESH} of them not yet counted",
        ),
        (
            "Counting the new answers (background task)",
            f"{results['count_fresh_s']} s",
            f"{results['counted']} answers folded into the tallies",
        ),
        (
            "Results page, warm median / max",
            f"{results['warm_ttfb_median_s']} / {results['warm_ttfb_max_s']} s",
            "10 requests",
        ),
        ("Results API, median", f"{results['api_median_s']} s", ""),
        (
            "Filtered results (cross tab), TTFB",
            f"{results['filtered_ttfb_s']} s",
            "read from the tallies",
        ),
        (
            "CSV export peak RSS (target < 200 MB)",
            f"{export['peak_rss_mb']} MB",
            f"{export['rss_before_mb']} MB before the export",
        ),
        ("  CSV rows / size / time", f"{export['rows']:,} / {export['mb']} MB / {export['seconds']} s", ""),
        (
            "Filling 1,000,000 answers",
            f"{results['fill_s']} s",
            "COPY" if vendor.startswith("Postgre") else "executemany",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    lines = [
        f"Surveys benchmark on {vendor}, {os.cpu_count()} CPUs, gunicorn {WORKERS} sync workers, "
        f"cache in {answers['cache']}, wrk -c{CONNECTIONS} -d{SECONDS:.0f}s, "
        f"load average {answers['load_average']} during the answers"
    ]
    lines.append("-" * (width + value_width + 40))
    lines += [f"{a.ljust(width)}  {b.ljust(value_width)}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--csv":
        csv_child(int(sys.argv[2]))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    url, vendor = database()
    env = django_env(url, OUT / "static")
    env["CONN_MAX_AGE"] = "60"
    env["ANONYMOUS_WRITE_LIMITS"] = "0"  # every answer comes from one address here
    redis_url = fresh_redis(REDIS_DB)
    if redis_url:  # shared by the workers, as in production: the page cache and what it keeps
        env["REDIS_URL"] = redis_url
    log(f"database: {vendor}; migrate and collect static files")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    setup_django(env)
    procs = Processes()
    try:
        server = start_gunicorn(
            procs, "gunicorn-surveys", "bench.app_settings", env, Workers(WORKERS, "sync", 1), OUT
        )
        procs.wait_ready(server, "/api/v1/openapi.json")
        log("1. answers per second")
        answers = bench_answers(server.base)
        answers["cache"] = "Redis" if redis_url else "each worker's memory"
        log(f"   {answers}")
        log(f"2. results of {ANSWERS:,} answers (filling the database)")
        results, survey = bench_results(server.base)
        log(f"   {results}")
        log("3. CSV export")
        export = bench_csv(env, survey.pk)
        log(f"   {export}")
    finally:
        procs.stop_all()
    text = table(vendor, answers, results, export)
    print(text)
    (OUT / "surveys.json").write_text(
        json.dumps({"vendor": vendor, "answers": answers, "results": results, "csv": export}, indent=2)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
