"""A new module is one app folder plus one line in INSTALLED_APPS (tests/module_example)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_app_folder_and_one_line_in_installed_apps_make_a_module():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "PYTEST_"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            "-o",
            "python_files=check_*.py",
            "--ds=tests.module_example.settings",
            "tests/module_example/check_module.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
