"""Benchmark of Smart Region: ``make bench`` or ``.venv/bin/python bench/run.py``.

First the page benchmark (bench/harness.py: what a run does and the BENCH_* settings;
bench/scenarios.py: the pages it loads), then every other benchmark script ``bench/bench_*.py``
(bench/suite.py). ``BENCH_PAGES=0`` leaves out the pages, ``BENCH_SCRIPTS=none`` the scripts.
The exit status is the page benchmark's: a failing script is reported, not fatal.
"""

import os
import sys
from pathlib import Path


def main() -> int:
    from bench import suite
    from bench.harness import main as pages

    status = 0
    if os.environ.get("BENCH_PAGES", "1").strip() != "0":
        status = pages()
    suite.run_all()
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
