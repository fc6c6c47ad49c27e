"""Production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE_PY = Path(__file__).resolve().parents[3] / "manage.py"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest in this process, never in production.
    unset = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, str(MANAGE_PY), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-and-random-production-secret-key-" + "x7Qp2Lm9Rt4Vw8Zy" * 3,
        ALLOWED_HOSTS="smartregion.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret_key", [None, "", "   ", "too-short-secret"])
def test_production_settings_refuse_a_missing_empty_or_short_secret_key(secret_key):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "smartregion.example.org"}
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = _manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value of at least 32 characters" in result.stderr
