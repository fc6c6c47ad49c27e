"""Count the SQL queries of one request per path (second request, warm), through Django's test client,
and the processor time one request costs this process.

Run as ``python -m bench.queries PATH …`` with the settings module to look at in
``DJANGO_SETTINGS_MODULE``. Prints ``BENCH_QUERIES {json}``: per path the status, the number of
queries, how often the most repeated query shape occurs (a sign of N+1), the SQL, and ``cpu_ms``:
the median over ``BENCH_CPU_ROUNDS`` (5) rounds of ``BENCH_CPU_REQUESTS`` (40) requests of the
processor time (user and system) per request spent in this process, the database server's time
not included. Processor time hardly changes when other programs share the machine, unlike
requests per second, so app ÷ floor in processor time is the steadier comparison on a busy machine.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from typing import Any


def shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    return re.sub(r"\b\d+\b", "?", sql)


def cpu_ms_per_request(client: Any, path: str) -> float | None:
    """Median over rounds of the processor time per request of this process, in milliseconds."""
    requests = int(os.environ.get("BENCH_CPU_REQUESTS", "40"))
    rounds = []
    for _round in range(int(os.environ.get("BENCH_CPU_ROUNDS", "5"))):
        started = time.process_time()
        for _request in range(requests):
            client.get(path)
        rounds.append((time.process_time() - started) / requests * 1000)
    return round(statistics.median(rounds), 3) if rounds else None


def main(paths: list[str]) -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    result = {}
    for path in paths:
        client.get(path)  # warm: first-request work (caches, content types) is not the page's
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        # Read now: the captured list is a window on the connection's log, which later requests change.
        captured = list(ctx.captured_queries)
        sqls = [q["sql"] for q in captured]
        shapes = Counter(shape(s) for s in sqls)
        result[path] = {
            "status": response.status_code,
            "queries": len(sqls),
            "most_repeated": max(shapes.values(), default=0),
            "cpu_ms": cpu_ms_per_request(client, path),
            "sql": [{"sql": q["sql"], "ms": round(float(q["time"]) * 1000, 2)} for q in captured],
        }
    sys.stdout.write("BENCH_QUERIES " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
