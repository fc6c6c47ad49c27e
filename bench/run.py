"""Benchmark of Smart Region: ``make bench`` or ``.venv/bin/python bench/run.py``.

See bench/harness.py for what a run does and the BENCH_* settings, bench/scenarios.py for the
pages it loads.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import main

    sys.exit(main())
