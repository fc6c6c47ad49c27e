"""The benchmark run: data, servers, load, references, one table and bench/out/results.json.

Settings (environment):

==========================  =======================================================  ==========
BENCH_SECONDS               seconds of load per scenario and server                  10
BENCH_WARMUP                seconds of load before each measurement, not counted    2
BENCH_THREADS               wrk threads                                              2
BENCH_CONNECTIONS           wrk connections                                          32
BENCH_WORKERS               gunicorn workers (app and floor alike)                   4
BENCH_WORKER_CLASS          gunicorn worker class: sync or gthread                   sync
BENCH_WORKER_THREADS        threads per worker with gthread                          4
BENCH_DB                    auto, postgres or sqlite                                 auto
BENCH_PG_URL                PostgreSQL server (the database name is replaced)        postgres://postgres@127.0.0.1:5432/postgres
BENCH_DB_NAME               database created anew for the run                        smartregion_bench
BENCH_REUSE_DB              1: keep the database of the last run (no migrate/data)   0
BENCH_LOADGEN               auto, wrk or python                                      auto
BENCH_INSTALL               0: never call apt-get                                    1
BENCH_SCENARIOS             comma-separated scenario names to run (default: all)
BENCH_MAX_SECONDS           skip the remaining measurements after this many seconds  480
BENCH_SLOW_SECONDS          a page whose one request takes longer is not loaded      2
==========================  =======================================================  ==========

Only 127.0.0.1 is ever contacted (apt-get aside, when wrk or nginx are missing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench import loadgen
from bench.scenarios import SCENARIOS, Scenario
from bench.servers import HOST, Processes, Server, Workers, fetch, nginx_binary, start_gunicorn, start_nginx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


@dataclass(frozen=True)
class Config:
    load: loadgen.Load
    warmup: float
    workers: Workers
    db: str
    pg_url: str
    db_name: str
    reuse_db: bool
    loadgen: str
    install: bool
    only: tuple[str, ...]
    max_seconds: float
    slow_seconds: float

    @classmethod
    def from_env(cls) -> Config:
        worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync").strip() or "sync"
        if worker_class not in {"sync", "gthread"}:
            raise SystemExit(f"BENCH_WORKER_CLASS must be sync or gthread, not {worker_class!r}")
        return cls(
            load=loadgen.Load(
                seconds=env_float("BENCH_SECONDS", 10),
                threads=env_int("BENCH_THREADS", 2),
                connections=env_int("BENCH_CONNECTIONS", 32),
            ),
            warmup=env_float("BENCH_WARMUP", 2),
            workers=Workers(env_int("BENCH_WORKERS", 4), worker_class, env_int("BENCH_WORKER_THREADS", 4)),
            db=os.environ.get("BENCH_DB", "auto").strip() or "auto",
            pg_url=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            db_name=os.environ.get("BENCH_DB_NAME", "smartregion_bench"),
            reuse_db=os.environ.get("BENCH_REUSE_DB", "0") == "1",
            loadgen=os.environ.get("BENCH_LOADGEN", "auto").strip() or "auto",
            install=os.environ.get("BENCH_INSTALL", "1") != "0",
            only=tuple(x.strip() for x in os.environ.get("BENCH_SCENARIOS", "").split(",") if x.strip()),
            max_seconds=env_float("BENCH_MAX_SECONDS", 480),
            slow_seconds=env_float("BENCH_SLOW_SECONDS", 2),
        )


# ------------------------------------------------------------------------------------------- tools


def apt_install(packages: list[str]) -> bool:
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, "apt-get", "install", "-y", "-qq", *packages]
    for attempt in range(2):
        if attempt == 1:
            subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
        try:
            proc = subprocess.run(install, env=env, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired):
            return False
        if proc.returncode == 0:
            return True
    return False


def ensure_tools(cfg: Config, notes: list[str]) -> tuple[str, bool]:
    """Return the load generator to use and whether nginx is there, installing both if missing."""
    missing = []
    if cfg.loadgen != "python" and shutil.which("wrk") is None:
        missing.append("wrk")
    if nginx_binary() is None:
        missing.append("nginx")
    if missing and cfg.install:
        log(f"installing {', '.join(missing)} from Debian")
        for package in missing:
            candidates = ["nginx-light", "nginx"] if package == "nginx" else [package]
            if not any(apt_install([c]) for c in candidates):
                notes.append(f"apt-get could not install {package}")
    tool = "python" if cfg.loadgen == "python" or shutil.which("wrk") is None else "wrk"
    if tool == "python":
        why = "BENCH_LOADGEN=python" if cfg.loadgen == "python" else "wrk not available"
        notes.append(
            f"load from the Python fallback generator ({why}): absolute numbers are lower and the "
            "nginx reference is limited by the generator"
        )
    have_nginx = nginx_binary() is not None
    if not have_nginx:
        notes.append("nginx not available: no static reference, no ratio to nginx")
    return tool, have_nginx


# ---------------------------------------------------------------------------------------- database


def with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def postgres_reachable(cfg: Config) -> bool:
    import psycopg

    try:
        psycopg.connect(cfg.pg_url, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


def prepare_database(cfg: Config, notes: list[str]) -> tuple[str, str]:
    """Return (DATABASE_URL, vendor); the database is dropped and created unless reused."""
    use_pg = cfg.db == "postgres" or (cfg.db == "auto" and postgres_reachable(cfg))
    if cfg.db == "auto" and not use_pg and (ROOT / "scripts" / "ensure_postgres.sh").exists():
        subprocess.run(["sh", str(ROOT / "scripts" / "ensure_postgres.sh")], cwd=ROOT, timeout=60)
        use_pg = postgres_reachable(cfg)
    if use_pg:
        import psycopg

        if not re.fullmatch(r"[a-z_][a-z0-9_]*", cfg.db_name):
            raise SystemExit(f"BENCH_DB_NAME must be a plain identifier, not {cfg.db_name!r}")
        url = with_db_name(cfg.pg_url, cfg.db_name)
        if not cfg.reuse_db:
            with psycopg.connect(cfg.pg_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{cfg.db_name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{cfg.db_name}"')
        with psycopg.connect(url, connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()
        return url, f"PostgreSQL {version[0].split()[0] if version else '?'}"
    notes.append(
        "the run used SQLite: " + ("BENCH_DB=sqlite" if cfg.db == "sqlite" else "PostgreSQL not reachable")
    )
    path = OUT / "bench.sqlite3"
    if not cfg.reuse_db:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", "SQLite"


def django_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.app_settings",
        DEBUG="0",
        SECRET_KEY="bench-" + secrets.token_urlsafe(48),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    )
    return env


def run_step(args: list[str], env: dict[str, str], timeout: float = 600) -> str:
    proc = subprocess.run([PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def marked_json(output: str, mark: str) -> Any:
    line = next((x for x in output.splitlines() if x.startswith(mark + " ")), None)
    if line is None:
        raise RuntimeError(f"no {mark} line in output:\n{output[-2000:]}")
    return json.loads(line[len(mark) + 1 :])


# ------------------------------------------------------------------------------------- measurement


@dataclass
class Target:
    scenario: Scenario
    path: str
    app_body: bytes = b""
    content_type: str = ""
    static_name: str = ""
    single_s: float | None = None  # one warm request to the app, before load
    slow: bool = False  # single request over BENCH_SLOW_SECONDS: not put under load


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def precheck(targets: list[Target], app: Server, floor: Server | None, slow_s: float) -> None:
    """Every page answers as expected before load; time one request; keep the app's answer for nginx.

    The first request may meet a cold worker and gets 30 s; when it takes longer than ``slow_s``,
    a second one decides. A page slower than ``slow_s`` twice is marked slow and not loaded.
    """
    for t in targets:
        times = []
        for timeout in (max(30.0, slow_s), slow_s):
            started = time.perf_counter()
            try:
                status, headers, body = fetch(app.base + t.path, timeout=timeout)
            except TimeoutError:
                break
            times.append(time.perf_counter() - started)
            if status != t.scenario.expect_status:
                raise RuntimeError(
                    f"app {t.path}: status {status}, expected {t.scenario.expect_status}\n" + app.log_tail()
                )
            t.app_body, t.content_type = body, headers.get("Content-Type", "")
            if times[-1] <= slow_s:
                break
        t.single_s = min(times) if times else None
        t.slow = t.single_s is None or t.single_s > slow_s
        ext = "json" if "json" in t.content_type else "html"
        t.static_name = f"{slug(t.scenario.name)}.{ext}"
        took = "> 30 s" if t.single_s is None else f"{t.single_s * 1000:,.0f} ms"
        log(f"  {t.path}: one request {took}{', too slow for load' if t.slow else ''}")
        if floor is not None and t.scenario.floor:
            status, _h, _b = fetch(floor.base + t.path, timeout=max(30.0, slow_s))
            if status != 200:
                raise RuntimeError(f"floor {t.path}: status {status}\n{floor.log_tail()}")


def cancel_queries(database_url: str) -> None:
    """Cancel what still runs in the bench database (requests the pre-check gave up on)."""
    if not database_url.startswith("postgres"):
        return
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
            [name],
        )


def measure(tool: str, request: loadgen.Request, cfg: Config, workdir: Path) -> dict[str, Any]:
    if cfg.warmup > 0:
        warm = loadgen.Load(cfg.warmup, cfg.load.threads, cfg.load.connections, cfg.load.timeout_s)
        loadgen.run(tool, request, warm, workdir)
    result = loadgen.run(tool, request, cfg.load, workdir)
    if not result["requests"]:
        result.update(p50_ms=None, p90_ms=None, p99_ms=None, max_ms=None, mean_ms=None)
    return result


def drained(server: Server, limit: float) -> float | None:
    """Seconds until the server answers its health path after load (requests left in its queue
    are answered first), or None when it is still busy after ``limit`` seconds."""
    started = time.monotonic()
    try:
        fetch(server.base + "/healthz", timeout=limit)
    except TimeoutError:
        return None
    return time.monotonic() - started


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]]) -> str:
    header = [
        "scenario",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "÷ floor",
        "÷ nginx",
        "queries",
        "cpu ms",
        "÷ floor cpu",
    ]
    lines = []
    for r in rows:
        q = r.get("queries")
        lines.append(
            [
                r["label"],
                fmt(r.get("rps"), ",.0f"),
                fmt(r.get("p50_ms"), ".1f"),
                fmt(r.get("p99_ms"), ".1f"),
                fmt(r.get("errors"), "d"),
                fmt(r.get("ratio_floor"), ".2f"),
                fmt(r.get("ratio_nginx"), ".4f"),
                "–" if q is None else str(q),
                fmt(r.get("cpu_ms"), ".2f"),
                fmt(r.get("ratio_floor_cpu"), ".2f"),
            ]
        )
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header))]

    def row(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-" * len(row(header))
    return "\n".join([row(header), rule, *(row(x) for x in lines)])


def git_commit() -> str:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
        return proc.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    cfg = Config.from_env()
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="smartregion-bench-"))
    procs = Processes()
    notes: list[str] = []
    try:
        return run(cfg, tmp, procs, notes)
    except (Exception, KeyboardInterrupt, SystemExit) as exc:
        if isinstance(exc, SystemExit) and exc.code in (0, None):
            raise
        traceback.print_exc()
        log("the harness failed; processes are being stopped")
        return 1
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"done in {time.monotonic() - STARTED:.0f} s")


def run(cfg: Config, tmp: Path, procs: Processes, notes: list[str]) -> int:
    scenarios = [s for s in SCENARIOS if not cfg.only or s.name in cfg.only]
    if not scenarios:
        raise SystemExit(f"no scenario matches BENCH_SCENARIOS={','.join(cfg.only)}")
    tool, have_nginx = ensure_tools(cfg, notes)
    log(f"load generator: {tool}; nginx: {'yes' if have_nginx else 'no'}")

    database_url, vendor = prepare_database(cfg, notes)
    env = django_env(database_url, OUT / "static")
    log(f"database: {vendor} ({urlsplit(database_url).path.lstrip('/')})")

    timings: dict[str, float] = {}
    dataset_file = OUT / "dataset.json"
    if cfg.reuse_db and dataset_file.exists():
        dataset = json.loads(dataset_file.read_text())
        log("reusing the database and data of the last run (BENCH_REUSE_DB=1)")
    else:
        since = time.monotonic()
        run_step(["manage.py", "migrate", "--no-input", "-v0"], env)
        timings["migrate_s"] = round(time.monotonic() - since, 1)
        log(f"migrated in {timings['migrate_s']} s")
        dataset = marked_json(run_step(["-m", "bench.dataset"], env), "BENCH_DATASET")
        dataset_file.write_text(json.dumps(dataset, indent=2))
        c = dataset["counts"]
        log(
            f"generated {c['regions']:,} regions, {c['municipalities']:,} municipalities, "
            f"{c['organisations']:,} organisations, {c['users']:,} users, {c['memberships']:,} memberships "
            f"in {dataset['seconds']} s ({', '.join(f'{k} {v}' for k, v in dataset['timings'].items())})"
        )
        big = dataset["big_region"]
        log(
            f"largest region: {big['name']} ({big['slug']}): {big['municipalities']} municipalities, "
            f"{big['organisations']} organisations, {big['memberships']} memberships"
        )
    timings["generate_s"] = dataset["seconds"]

    since = time.monotonic()
    run_step(["manage.py", "collectstatic", "--no-input", "--clear", "-v0"], env)
    timings["collectstatic_s"] = round(time.monotonic() - since, 1)
    log(f"collectstatic in {timings['collectstatic_s']} s")

    targets = [Target(s, s.resolve(dataset["values"])) for s in scenarios]
    floor_paths = sorted({t.path for t in targets if t.scenario.floor})

    def start_app() -> Server:
        server = start_gunicorn(procs, "gunicorn-app", "bench.app_settings", env, cfg.workers, OUT)
        procs.wait_ready(server, "/healthz")
        return server

    app = start_app()
    floor = None
    if floor_paths:
        floor = start_gunicorn(procs, "gunicorn-floor", "bench.floor_settings", env, cfg.workers, OUT)
        procs.wait_ready(floor, "/healthz")
    log(f"gunicorn: app on :{app.port}, floor on :{floor.port if floor else '-'} ({cfg.workers.describe()})")
    precheck(targets, app, floor, cfg.slow_seconds)

    log_marks: dict[str, int] = {}

    def settle(server: Server, what: str) -> Server:
        """After load, wait until the server has answered what is left in its queue; when that
        takes too long, cancel its queries (PostgreSQL) or start it afresh, so that the next
        measurement starts on an idle server."""
        waited = drained(server, max(30.0, cfg.load.seconds))
        if waited is not None:
            if waited > 1:
                log(f"  {server.name} answered its queue {waited:.1f} s after the load ended")
            return server
        notes.append(f"{what}: {server.name} was still busy long after the load ended; restarted")
        procs.stop(server)
        cancel_queries(database_url)
        log_marks[server.name] = 0
        if server is app:
            return start_app()
        fresh = start_gunicorn(procs, server.name, "bench.floor_settings", env, cfg.workers, OUT)
        procs.wait_ready(fresh, "/healthz")
        return fresh

    if any(t.slow for t in targets):
        # A worker (and its database backend) may still work on the request given up.
        cancel_queries(database_url)
        app = settle(app, "pre-check")
        time.sleep(1)  # the worker whose query was cancelled logs that error: not one of the load's
    log_marks.update({server.name: server.log_size() for server in (app, floor) if server is not None})

    # Queries of one request per page (in-process test client), slow pages left out.
    paths = sorted({t.path for t in targets if not t.slow})
    queries = {
        "app": marked_json(run_step(["-m", "bench.queries", *paths], env), "BENCH_QUERIES") if paths else {},
        "floor": marked_json(
            run_step(
                ["-m", "bench.queries", *floor_paths],
                dict(env, DJANGO_SETTINGS_MODULE="bench.floor_settings"),
            ),
            "BENCH_QUERIES",
        )
        if floor_paths
        else {},
    }

    nginx = None
    if have_nginx and any(t.scenario.static_copy and t.app_body for t in targets):
        docroot = tmp / "docroot"
        docroot.mkdir()
        for t in targets:
            if t.scenario.static_copy and t.app_body:
                (docroot / t.static_name).write_bytes(t.app_body)
        nginx = start_nginx(procs, tmp, docroot, os.cpu_count() or 2)
        procs.wait_ready(nginx, "/" + next(t.static_name for t in targets if t.app_body))
        log(f"nginx on :{nginx.port}")

    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for t in targets:
        if time.monotonic() - STARTED > cfg.max_seconds:
            skipped.append(t.scenario.name)
            continue
        s = t.scenario
        common: dict[str, Any] = {"method": s.method, "body": s.body, "headers": s.headers}
        log(f"{s.name}: {s.method} {t.path}")
        result = None
        if not t.slow:
            result = measure(tool, loadgen.Request(app.base + t.path, **common), cfg, tmp)
            app = settle(app, s.name)
        floor_result = nginx_result = None
        if floor is not None and s.floor:
            floor_result = measure(tool, loadgen.Request(floor.base + t.path, **common), cfg, tmp)
            floor = settle(floor, f"{s.name} (floor)")
        if nginx is not None and s.static_copy and t.app_body:
            url = f"{nginx.base}/{t.static_name}"
            nginx_result = measure(tool, loadgen.Request(url, count_non2xx=False), cfg, tmp)
        floor_rps = floor_result["rps"] if floor_result else None
        nginx_rps = nginx_result["rps"] if nginx_result else None
        app_rps = result["rps"] if result else None
        base = {"scenario": s.name, "path": t.path, "description": s.description}
        label = f"{s.name}  {t.path}"
        if t.slow:
            took = "> 30 s" if t.single_s is None else f"{t.single_s:.1f} s"
            label += f"  [one request {took}: not loaded]"
            notes.append(
                f"{s.name} ({t.path}): one request took {took}, over BENCH_SLOW_SECONDS="
                f"{cfg.slow_seconds:g}; the page was not put under load"
            )
        app_queries = queries["app"].get(t.path, {})
        floor_queries = queries["floor"].get(t.path, {}) if s.floor else {}
        app_cpu, floor_cpu = app_queries.get("cpu_ms"), floor_queries.get("cpu_ms")
        new_rows = [
            {
                **base,
                "server": "app",
                "label": label,
                **(result or {}),
                "single_request_s": t.single_s,
                "slow": t.slow,
                "ratio_floor": ratio(app_rps, floor_rps),
                "ratio_nginx": ratio(app_rps, nginx_rps),
                "queries": app_queries.get("queries"),
                "cpu_ms": app_cpu,
                # floor's processor time per request ÷ the app's: the share of the floor's throughput
                # the app would reach if processor time alone decided.
                "ratio_floor_cpu": ratio(floor_cpu, app_cpu),
                "most_repeated_query": app_queries.get("most_repeated"),
                "bytes_per_response": len(t.app_body),
            }
        ]
        if floor_result:
            new_rows.append(
                {
                    **base,
                    "server": "floor",
                    "label": "  floor: same rows, bare view",
                    **floor_result,
                    "ratio_floor": None,
                    "ratio_nginx": ratio(floor_rps, nginx_rps),
                    "queries": floor_queries.get("queries"),
                    "cpu_ms": floor_cpu,
                }
            )
        if nginx_result:
            new_rows.append(
                {
                    **base,
                    "server": "nginx",
                    "label": f"  nginx: static copy ({len(t.app_body) / 1024:.1f} KiB)",
                    **nginx_result,
                    "ratio_floor": None,
                    "ratio_nginx": None,
                }
            )
        for r in new_rows:
            if r.get("rps") is not None:
                log(
                    f"  {r['server']:5}  {r['rps']:10,.0f} req/s  p50 {r['p50_ms']:.1f} ms  "
                    f"p99 {r['p99_ms']:.1f} ms  errors {r['errors']}"
                )
        rows.extend(new_rows)
    if skipped:
        notes.append(f"skipped after BENCH_MAX_SECONDS={cfg.max_seconds:.0f}: {', '.join(skipped)}")
    for server in (app, floor):
        if server is not None and "Traceback" in server.log_since(log_marks[server.name]):
            notes.append(f"{server.name} logged errors under load: see bench/out/{server.log.name}")

    load_desc = (
        f"{tool}, {cfg.load.threads} threads, {cfg.load.connections} connections, "
        f"{cfg.load.seconds:g} s per server (+{cfg.warmup:g} s warm-up)"
    )
    header = [
        f"Smart Region benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
        f"{os.cpu_count()} cores",
        f"{vendor}; gunicorn {cfg.workers.describe()}, DEBUG=0; load: {load_desc}",
        f"data: {', '.join(f'{v:,} {k}' for k, v in dataset['counts'].items())} "
        f"(generated in {dataset['seconds']} s); largest region {dataset['big_region']['slug']} "
        f"with {dataset['big_region']['municipalities']} municipalities",
    ]
    text = "\n".join(
        [
            *header,
            "",
            table(rows),
            "",
            "÷ floor: req/s of the page ÷ req/s of the bare view for the same rows; "
            "÷ nginx: ÷ req/s of nginx serving the page's HTML as a file.",
            "errors: responses outside 200-299 plus socket errors and timeouts; "
            "queries: SQL queries of one anonymous request.",
            "cpu ms: processor time of one request in the Django process (test client, median of rounds, "
            "database server not included); ÷ floor cpu: floor's cpu ms ÷ the page's, steadier than req/s "
            "on a shared machine.",
            *(f"note: {n}" for n in notes),
        ]
    )
    print("\n" + text + "\n", flush=True)
    results = {
        "meta": {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "database": vendor,
            "gunicorn": cfg.workers.describe(),
            "load": {
                "tool": tool,
                "threads": cfg.load.threads,
                "connections": cfg.load.connections,
                "seconds": cfg.load.seconds,
                "warmup_seconds": cfg.warmup,
                "timeout_seconds": cfg.load.timeout_s,
            },
            "timings": timings,
            "total_seconds": round(time.monotonic() - STARTED, 1),
            "notes": notes,
        },
        "dataset": dataset,
        "results": [{k: v for k, v in r.items() if k != "label"} for r in rows],
        "queries": queries,
        "table": text,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    log(f"wrote {(OUT / 'results.json').relative_to(ROOT)}")
    return 0
