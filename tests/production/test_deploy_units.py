"""The example systemd units in ``deploy/`` are valid units that start what exists here.

``systemd-analyze verify`` reads each unit as systemd would (with the installation's paths pointed at this
checkout): a misspelt key, a wrong type or an ExecStart that names no program fails the test. Without
systemd-analyze the units are read as INI files and their commands looked up instead.
"""

from __future__ import annotations

import configparser
import importlib.util
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])
INSTANCES = {
    "smartregion-web@.service": "smartregion-web@8001.service",
    "smartregion-worker@.service": "smartregion-worker@1.service",
}


def _here(unit: Path, folder: Path) -> Path:
    """The unit with this checkout as /srv/smartregion/app and the current user."""
    text = (
        unit.read_text()
        .replace("/srv/smartregion/app", str(ROOT))
        .replace("/etc/smartregion/smartregion.env", str(folder / "smartregion.env"))
        .replace("User=smartregion", "User=root")
        .replace("Group=smartregion", "Group=root")
    )
    target = folder / INSTANCES.get(unit.name, unit.name)
    target.write_text(text)
    return target


def _check_arguments(program: str, arguments: list[str]) -> None:
    """What the command starts exists here: a management command, the WSGI module, a config file."""
    if program == "gunicorn":
        module = arguments[0].split(":")[0]
        assert importlib.util.find_spec(module) is not None, module
    if "manage.py" in arguments:
        command = arguments[arguments.index("manage.py") + 1]
        assert command in get_commands(), f"manage.py {command}"
    if "--config" in arguments:
        assert Path(arguments[arguments.index("--config") + 1]).exists()


def test_the_deployment_has_web_worker_and_retention_units() -> None:
    names = {unit.name for unit in UNITS}
    assert {"smartregion-web@.service", "smartregion-worker@.service", "smartregion-retention.timer"} <= names
    assert (DEPLOY / "nginx" / "smartregion.conf").exists()
    assert (DEPLOY / "smartregion.env.example").exists()


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_unit_is_valid_and_starts_an_existing_program(unit: Path, tmp_path: Path) -> None:
    (tmp_path / "smartregion.env").write_text((DEPLOY / "smartregion.env.example").read_text())
    here = _here(unit, tmp_path)
    parsed = configparser.ConfigParser(interpolation=None, strict=False)
    parsed.read_string(here.read_text())
    if unit.suffix == ".service":
        program, *arguments = shlex.split(parsed["Service"]["ExecStart"])
        assert Path(program).exists(), program
        _check_arguments(Path(program).name, arguments)
        assert parsed["Service"]["EnvironmentFile"]
    else:
        assert (DEPLOY / unit.name.replace(".timer", ".service")).exists()
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze fehlt; die Einheit wurde nur als INI-Datei gelesen")
    checked = subprocess.run(  # noqa: S603 - fixed command line
        [analyze, "verify", "--man=no", str(here)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    complaints = [line for line in checked.stderr.splitlines() if str(here.name) in line or "Failed" in line]
    assert checked.returncode == 0, checked.stderr
    assert complaints == [], checked.stderr
