"""Benchmark of Smart Region: ``make bench`` or ``.venv/bin/python bench/run.py``.

First the page benchmark (bench/harness.py: what a run does and the BENCH_* settings;
bench/scenarios.py: the pages it loads), then every other benchmark script ``bench/bench_*.py``
(bench/suite.py). ``BENCH_PAGES=0`` leaves out the pages, ``BENCH_SCRIPTS=none`` the scripts.
The exit status is the page benchmark's: a failing script is reported, not fatal.

``bench/run.py mixed`` runs only the mixed load of bench/bench_mixed.py (one minute), ``bench/run.py soak``
only its ten-minute soak; ``make bench`` runs both with the other scripts. The exit status of a step is
the script's.
"""

import os
import sys
from pathlib import Path

# Steps of bench/bench_mixed.py that run on their own: the settings that leave out the other part.
STEPS = {"mixed": {"BENCH_SOAK_SECONDS": "0"}, "soak": {"BENCH_MIXED_SECONDS": "0"}}


def step(names: list[str]) -> int:
    from bench import suite

    unknown = [name for name in names if name not in STEPS]
    if unknown:
        print(f"unknown step {', '.join(unknown)}; known: {', '.join(STEPS)}", file=sys.stderr)
        return 2
    status = 0
    for name in names:
        os.environ.update(STEPS[name])
        timeout = float(os.environ.get("BENCH_SCRIPT_TIMEOUT", "").strip() or 900)
        outcome = suite.run_script(suite.BENCH / "bench_mixed.py", timeout)
        print(f"=== {name}: {outcome.status} in {outcome.seconds:.0f} s ===", flush=True)
        status = status or (0 if outcome.returncode == 0 else 1)
    return status


def main() -> int:
    from bench import suite
    from bench.harness import main as pages

    if sys.argv[1:]:
        return step(sys.argv[1:])
    status = 0
    if os.environ.get("BENCH_PAGES", "1").strip() != "0":
        status = pages()
    suite.run_all()
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
