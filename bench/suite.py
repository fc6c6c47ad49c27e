"""The other benchmarks: every ``bench/bench_*.py`` script, one after the other, after the pages.

Each script is a standalone benchmark of one part of the product (surveys, events, analysis, …)
with a ``main()`` that prints its own table and uses its own database. Each runs in its own
process (and process group), with the project root as working directory and on ``PYTHONPATH``;
its output is shown as it comes and kept in ``bench/out/<script>.log``. A script that fails or
runs out of time is reported and the next one runs; the run as a whole does not fail for it.

Settings (environment):

=====================  ===========================================================  =======
BENCH_SCRIPTS          comma-separated scripts to run (``events`` or                 all
                       ``bench_events``); ``none``: none
BENCH_SCRIPT_TIMEOUT   seconds after which a script is stopped                       900
=====================  ===========================================================  =======
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"

# Loads the script as a module (its ``if __name__ == "__main__":`` block does not run) and calls
# its main() once; an int it returns becomes the exit status.
RUNNER = (
    "import runpy, sys\n"
    "path = sys.argv[1]\n"
    "sys.argv = [path]\n"
    "main = runpy.run_path(path, run_name='bench_script').get('main')\n"
    "if not callable(main):\n"
    "    sys.exit(f'{path} has no main()')\n"
    "result = main()\n"
    "sys.exit(result if isinstance(result, int) else 0)\n"
)


@dataclass
class Outcome:
    name: str
    status: str
    seconds: float
    returncode: int | None


def discover(selection: str | None = None) -> list[Path]:
    """The benchmark scripts to run, by name; ``selection`` as in BENCH_SCRIPTS."""
    scripts = sorted(BENCH.glob("bench_*.py"))
    selection = (os.environ.get("BENCH_SCRIPTS", "") if selection is None else selection).strip()
    if not selection:
        return scripts
    if selection.lower() == "none":
        return []
    wanted = {name.strip().removeprefix("bench_").removesuffix(".py") for name in selection.split(",")}
    return [s for s in scripts if s.stem.removeprefix("bench_") in wanted]


def _stop_group(proc: subprocess.Popen[str]) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def run_script(path: Path, timeout: float, echo: bool = True) -> Outcome:
    """Run one script's main() in a child process; never raises for what the script does."""
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    started = time.monotonic()
    log_path = OUT / f"{path.stem}.log"
    with log_path.open("w", encoding="utf-8") as log:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", RUNNER, str(path)],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                start_new_session=True,
            )
        except OSError as error:
            return Outcome(path.stem, f"could not start: {error}", 0.0, None)

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                if echo:
                    sys.stdout.write(f"  {line}" if line.strip() else line)
                    sys.stdout.flush()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            # Also on Ctrl-C: stop the script and whatever it started in its group.
            _stop_group(proc)
            reader.join(timeout=5)
    seconds = time.monotonic() - started
    if timed_out:
        status = f"stopped after {timeout:g} s"
    elif proc.returncode == 0:
        status = "ok"
    else:
        status = f"failed (exit status {proc.returncode})"
    return Outcome(path.stem, status, seconds, proc.returncode)


def run_all(selection: str | None = None) -> list[Outcome]:
    """Run the selected scripts one after the other and print a summary; returns the outcomes."""
    scripts = discover(selection)
    timeout = float(os.environ.get("BENCH_SCRIPT_TIMEOUT", "").strip() or 900)
    outcomes = []
    for path in scripts:
        print(f"\n=== {path.relative_to(ROOT)} ===", flush=True)
        outcome = run_script(path, timeout)
        print(f"=== {path.stem}: {outcome.status} in {outcome.seconds:.0f} s ===", flush=True)
        outcomes.append(outcome)
    if outcomes:
        width = max(len(o.name) for o in outcomes)
        print("\nOther benchmarks (output above, logs in bench/out/<script>.log):")
        for o in outcomes:
            print(f"  {o.name:<{width}}  {o.seconds:6.0f} s  {o.status}")
    else:
        print("\nNo other benchmark scripts (bench/bench_*.py) selected.")
    return outcomes
