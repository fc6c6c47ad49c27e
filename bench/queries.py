"""Count the SQL queries of one request per path (second request, warm), through Django's test client.

Run as ``python -m bench.queries PATH …`` with the settings module to look at in
``DJANGO_SETTINGS_MODULE``. Prints ``BENCH_QUERIES {json}``: per path the status, the number of
queries, how often the most repeated query shape occurs (a sign of N+1) and the SQL.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter


def shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    return re.sub(r"\b\d+\b", "?", sql)


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
        sqls = [q["sql"] for q in ctx.captured_queries]
        shapes = Counter(shape(s) for s in sqls)
        result[path] = {
            "status": response.status_code,
            "queries": len(sqls),
            "most_repeated": max(shapes.values(), default=0),
            "sql": [
                {"sql": s, "ms": round(float(q["time"]) * 1000, 2)}
                for s, q in zip(sqls, ctx.captured_queries, strict=True)
            ],
        }
    sys.stdout.write("BENCH_QUERIES " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
