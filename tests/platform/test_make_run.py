"""``make run``: the demo is served at HOST:PORT, and the links in its e-mails point there."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned_commands(*args: str, **env: str) -> list[str]:
    """What ``make run`` would run (``make -n``: nothing is executed)."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | env
    result = subprocess.run(  # noqa: S603
        ["make", "-n", "run", *args],  # noqa: S607
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def server_and_worker(lines: list[str]) -> list[str]:
    return [line for line in lines if "runserver" in line or "db_worker" in line or "load_demo" in line]


def test_demo_links_follow_the_chosen_port():
    lines = server_and_worker(planned_commands("PORT=8300"))

    assert len(lines) == 3
    assert all("SITE_URL=http://127.0.0.1:8300 " in line for line in lines)
    assert any(line.rstrip().endswith("runserver 127.0.0.1:8300") for line in lines)


def test_demo_links_follow_the_chosen_host():
    lines = server_and_worker(planned_commands("HOST=localhost", "PORT=8001"))

    assert all("SITE_URL=http://localhost:8001 " in line for line in lines)


def test_site_url_set_in_the_environment_wins():
    lines = server_and_worker(planned_commands("PORT=8300", SITE_URL="https://smartregion.kreis.example"))

    assert all("SITE_URL=https://smartregion.kreis.example " in line for line in lines)
