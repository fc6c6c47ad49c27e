"""Migrations run forward on the demo database of the previous release without losing anything.

``tests/fixtures/release-<Datum>-demo.sqlite3.xz`` is the database of the last release after ``migrate``
and ``load_demo`` (a real SQLite file, compressed); ``release-<Datum>-demo.json`` names its commit. The
test unpacks it, counts the rows of every table, runs today's ``migrate`` on it in another process,
reads every model through today's code and checks that no table lost a row and that the demo is still
the demo (regions, municipalities, projects, people who can log in with their password).

At each release, refresh the fixture from the release's commit and commit both files::

    scripts/snapshot_release_demo.sh <commit>    # default HEAD; replaces release-*-demo.*

The script checks the commit out into a temporary ``git worktree``, builds the database there and
removes the worktree. A migration that removes a table or deletes rows on purpose names the table in
``GONE_ON_PURPOSE`` with its reason.
"""

from __future__ import annotations

import json
import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# Tables a later migration removes or empties on purpose: {"table": "reason"}.
GONE_ON_PURPOSE: dict[str, str] = {}

READ_AFTER_MIGRATING = """
import json, sys
import django
django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from smartregion.accounts.demo import DEMO_PASSWORD
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region

call_command("migrate", interactive=False, verbosity=1)
# Every model is read through today's code: its columns are all there and its rows load.
readable = {}
for model in apps.get_models():
    readable[model._meta.label_lower] = model._base_manager.count()
    model._base_manager.order_by("pk").last()
regions = {
    region.name: {
        "municipalities": region.municipalities.count(),
        "projects": Project._base_manager.filter(region=region).count(),
    }
    for region in Region._base_manager.order_by("name")
}
logins = sorted(
    email
    for email in ("koordination.steinfurt@demo.smartregion.example", "admin@demo.smartregion.example")
    if get_user_model()._base_manager.get(email=email).check_password(DEMO_PASSWORD)
)
with open(sys.argv[1], "w") as out:
    json.dump({"readable": readable, "regions": regions, "logins": logins}, out)
"""


def _release() -> tuple[Path, dict[str, object]]:
    (packed,) = FIXTURES.glob("release-*-demo.sqlite3.xz")
    about = json.loads(packed.with_name(packed.name.replace(".sqlite3.xz", ".json")).read_text())
    return packed, about


def _row_counts(database: Path) -> dict[str, int]:
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - table names
            for table in tables
        }
    finally:
        connection.close()


def test_migrations_keep_every_row_of_the_previous_release(tmp_path):
    packed, about = _release()
    database = tmp_path / "release.sqlite3"
    database.write_bytes(lzma.decompress(packed.read_bytes()))
    before = _row_counts(database)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "smartregion.settings",
        "PYTHONWARNINGS": "ignore",
    }

    run = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", READ_AFTER_MIGRATING, str(tmp_path / "facts.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert run.returncode == 0, f"migrate auf der Demo von {about['commit']}:\n{run.stdout}\n{run.stderr}"
    after = _row_counts(database)
    lost = {
        table: (count, after.get(table))
        for table, count in before.items()
        if table not in GONE_ON_PURPOSE and (after.get(table) or 0) < count
    }
    assert not lost, f"Zeilen verloren (vorher, nachher): {lost}"
    assert before["django_migrations"] == about["migrations"]
    facts = json.loads((tmp_path / "facts.json").read_text())
    assert facts["regions"] == {
        "Kreis Coesfeld": {"municipalities": 11, "projects": 9},
        "Kreis Dithmarschen": {"municipalities": 12, "projects": 3},
        "Kreis Steinfurt": {"municipalities": 24, "projects": 31},
    }
    assert facts["readable"]["accounts.user"] == 16
    assert facts["readable"]["surveys.response"] == 2000
    assert facts["logins"] == [
        "admin@demo.smartregion.example",
        "koordination.steinfurt@demo.smartregion.example",
    ]
