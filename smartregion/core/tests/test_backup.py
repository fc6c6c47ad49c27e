"""Backup and restore (``manage.py backup`` / ``restore``, ``core/backup.py``).

The demo (with its status report generated as PDF and DOCX, and an idea with an image) is written into
one archive; it is restored by ``manage.py restore`` in other processes into empty databases: a SQLite
file (a copy of the migrated test database before the demo, or a new file migrated first) and, when
PostgreSQL answers, a new PostgreSQL database, migrated while the demo loads. Every row, every file
and the keys of the next new rows are compared. The restores run beside the module's other tests.
Broken archives, a database with content and another migration state are refused with a German
message, and nothing changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from PIL import Image
from psycopg import sql

from smartregion.core import backup
from tests import demo_snapshot

# Every test needs the test database set up, also the ones that only read the module's backup.
# Restores into SQLite and PostgreSQL itself, whichever database the tests run on: run in one pass.
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass]

ROOT = Path(__file__).resolve().parents[3]
TAG = os.environ.get("PYTEST_XDIST_WORKER", "main")
POSTGRES_DATABASE = f"sr_backup_{TAG}"
SERVER = "postgres://postgres@127.0.0.1:5432"
if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    SERVER = os.environ["DATABASE_URL"].rsplit("/", 1)[0]


# --- what is compared ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time | Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def fingerprint() -> dict[str, list[str]]:
    """Every row a backup holds, by model, field by field, as text that compares across databases.

    Links to content types and permissions are named by app and model (codename), as their keys are
    the database's own; the rows of many-to-many link tables are compared without their own key.
    """
    natural = {
        ContentType: {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()},
        Permission: {
            p.pk: f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.select_related("content_type")
        },
    }
    result = {}
    for model in backup._counted_models():
        fields = [f for f in model._meta.concrete_fields if not (model._meta.auto_created and f.primary_key)]
        rows = []
        for values in model._base_manager.order_by("pk").values_list(*(f.attname for f in fields)):
            named = [
                natural[f.related_model].get(value, value)  # type: ignore[index]
                if f.related_model in natural
                else value
                for f, value in zip(fields, values, strict=True)
            ]
            rows.append(json.dumps(named, default=_plain, sort_keys=True))
        result[model._meta.label_lower] = sorted(rows) if model._meta.auto_created else rows
    return result


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# The other process: migrates the new database as ``restore`` would (while the demo loads here), waits
# for the backup, restores it, then reports every row and adds new rows (whose keys must be new).
RESTORE_AND_REPORT = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from smartregion.core import backup
migrated = backup.migrate_if_needed()
ready = Path(sys.argv[1])
deadline = time.monotonic() + 300
while not ready.exists() and time.monotonic() < deadline:
    time.sleep(0.2)
if not ready.exists() or not ready.read_text():
    sys.exit("Keine Sicherung zum Wiederherstellen.")
call_command("restore", ready.read_text(), "--noinput")
from smartregion.accounts.tests.factories import MembershipFactory
from smartregion.core.tests.test_backup import fingerprint
rows = fingerprint()
membership = MembershipFactory()
new = {"region": membership.region.pk, "user": membership.user.pk, "membership": membership.pk}
with open(sys.argv[2], "w") as out:
    json.dump({"rows": rows, "new": new, "migrated": migrated}, out)
"""


class Restore:
    """``manage.py restore`` into a new database, in another process: started before the backup exists."""

    def __init__(self, ready: Path, database_url: str, media: Path, result: Path) -> None:
        self.media, self.result = media, result
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "PYTHONWARNINGS": "ignore",
            "DJANGO_SETTINGS_MODULE": "smartregion.settings",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", RESTORE_AND_REPORT, str(ready), str(result)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def outcome(self) -> dict[str, Any]:
        output, _ = self.process.communicate(timeout=240)
        assert self.process.returncode == 0, output
        assert "alles stimmt mit dem Inhaltsverzeichnis der Sicherung überein" in output, output
        return {**json.loads(self.result.read_text()), "output": output}


# --- the demo, its backup, and the restores ------------------------------------------------------


def _add_idea_image() -> str:
    idea_model = apps.get_model("ideas", "Idea")  # core's tests name no feature app's module
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 160)).save(picture, format="PNG")
    idea = idea_model._base_manager.order_by("pk").first()
    assert idea is not None
    idea.image.save("radweg.png", ContentFile(picture.getvalue()))
    return idea.image.name


def _copy_migrated_database(target: Path) -> None:
    """A copy of the migrated test database before the demo, when it is SQLite: saves a migration."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _postgres() -> psycopg.Connection | None:
    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        return None


def _drop(admin: psycopg.Connection) -> None:
    admin.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(POSTGRES_DATABASE))
    )


@pytest.fixture(scope="module")
def source(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The demo with its files, written into a backup; the restores into new databases started."""
    work = tmp_path_factory.mktemp("backup")
    media = work / "media"
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    admin = _postgres()
    ready = work / "sicherung-fertig"
    restored_sqlite = work / "restored.sqlite3"
    with django_db_blocker.unblock():
        _copy_migrated_database(restored_sqlite)
    restores = {"sqlite": Restore(ready, f"sqlite:///{restored_sqlite}", work / "m1", work / "r1")}
    if admin is not None:
        _drop(admin)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(POSTGRES_DATABASE)))
        restores["postgresql"] = Restore(ready, f"{SERVER}/{POSTGRES_DATABASE}", work / "m2", work / "r2")
    with override_settings(MEDIA_ROOT=media, TASKS=immediate), django_db_blocker.unblock():
        try:
            demo_snapshot.load_demo()  # generates the status report's PDF and DOCX at once
            image = _add_idea_image()
            call_command("backup", directory=str(work / "out"), stdout=StringIO())
            (archive,) = (work / "out").glob("smartregion-backup-*.tar.gz")
            ready.write_text(str(archive))
            yield {
                "archive": archive,
                "media": media,
                "image": image,
                "rows": fingerprint(),
                "files": _files(media),
                "restores": restores,
            }
        finally:
            if not ready.exists():
                ready.write_text("")
            for restore in restores.values():
                if restore.process.poll() is None:
                    restore.process.kill()
                    restore.process.communicate()
            if admin is not None:
                _drop(admin)
                admin.close()
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)
            ContentType.objects.clear_cache()


def _check_restored(source: dict[str, Any], engine: str) -> None:
    restore = source["restores"][engine]
    outcome = restore.outcome()

    assert set(outcome["rows"]) == set(source["rows"])
    for label, rows in source["rows"].items():
        assert len(outcome["rows"][label]) == len(rows), label
        assert outcome["rows"][label] == rows, f"{label} weicht nach der Wiederherstellung ab"
    assert _files(restore.media) == source["files"]
    # Sequences follow the restored keys: new rows get keys above every restored one.
    for label, key in (
        ("regions.region", "region"),
        ("accounts.user", "user"),
        ("accounts.membership", "membership"),
    ):
        restored_keys = [json.loads(row)[0] for row in source["rows"][label]]
        assert outcome["new"][key] > max(restored_keys)
    # A new database is migrated first (here before the backup exists, a step of ``restore``); a copy of
    # the migrated, empty test database is taken as it is.
    assert outcome["migrated"] is (engine == "postgresql" or connection.vendor != "sqlite")
    assert "zuerst migriert" not in outcome["output"]


def test_backup_holds_every_row_and_file_of_the_demo(source):
    with tarfile.open(source["archive"]) as archive:
        manifest = json.loads(archive.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
        members = set(archive.getnames())

    assert source["archive"].stat().st_mode & 0o777 == 0o600  # personal data: the owner only
    assert {f["name"] for f in manifest["files"]} == set(source["files"])
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == source["files"]
    assert members == {backup.MANIFEST, backup.DATA} | {backup.MEDIA + name for name in source["files"]}
    assert source["image"] in source["files"]
    assert any(name.endswith(".pdf") for name in source["files"])
    assert any(name.endswith(".docx") for name in source["files"])
    assert manifest["counts"] == {label: len(rows) for label, rows in source["rows"].items()}
    assert manifest["counts"]["regions.region"] == 3
    assert "sessions.session" in manifest["left_out"]
    assert "regions" in manifest["migrations"]


# --- refusals: nothing changes -------------------------------------------------------------------


@pytest.fixture
def empty_media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "leer"
    return settings.MEDIA_ROOT


def _refused(archive: Path, media: Path, *options: str) -> str:
    before = backup.content_counts()
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archive), "--noinput", *options, stdout=StringIO())
    assert backup.content_counts() == before
    assert not media.exists() or not any(media.rglob("*"))
    return str(refusal.value)


def _rewrite(archive: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' content replaced."""
    with tarfile.open(archive) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            content = change.get(member.name, old.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(content)
            new.addfile(member, io.BytesIO(content))
    return target


def test_truncated_archive_is_refused(source, empty_media, tmp_path):
    truncated = tmp_path / "abgeschnitten.tar.gz"
    truncated.write_bytes(source["archive"].read_bytes()[: source["archive"].stat().st_size // 2])

    message = _refused(truncated, empty_media, "--replace")

    assert "keine vollständige Sicherung" in message
    assert "Es wurde nichts verändert" in message


def test_archive_with_changed_rows_is_refused(source, empty_media, tmp_path):
    with tarfile.open(source["archive"]) as archive:
        rows = archive.extractfile(backup.DATA).read()  # type: ignore[union-attr]
    changed = _rewrite(
        source["archive"], tmp_path / "verändert.tar.gz", {backup.DATA: rows.replace(b"Kreis", b"Amt")}
    )

    message = _refused(changed, empty_media, "--replace")

    assert "data.jsonl“ weicht vom Inhaltsverzeichnis ab" in message


def test_database_with_content_is_refused(source, empty_media):
    # The module's demo is in the database.
    message = _refused(source["archive"], empty_media)

    assert "Die Datenbank enthält bereits" in message
    assert "--replace" in message


def test_backup_of_another_migration_state_is_refused(source, empty_media, tmp_path):
    with tarfile.open(source["archive"]) as archive:
        manifest = json.loads(archive.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
    manifest["migrations"]["regions"].append("9999_kuenftig")
    newer = _rewrite(
        source["archive"], tmp_path / "neuer.tar.gz", {backup.MANIFEST: json.dumps(manifest).encode()}
    )

    message = _refused(newer, empty_media, "--replace")

    assert "anderen Stand der Software" in message
    assert "regions.9999_kuenftig" in message


def test_rows_that_do_not_load_leave_the_database_as_it_was(source, empty_media, tmp_path):
    """The content is deleted and the rows loaded in one transaction: a row that fails undoes both."""
    with tarfile.open(source["archive"]) as archive:
        manifest = json.loads(archive.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
        rows = archive.extractfile(backup.DATA).read()  # type: ignore[union-attr]
    # First in the file, so that the content is deleted and nothing else loaded when it fails.
    broken = b'{"model": "regions.municipality", "pk": 999999, "fields": {"region": "keine Zahl"}}\n' + rows
    manifest["data"].update(size=len(broken), sha256=hashlib.sha256(broken).hexdigest())
    damaged = _rewrite(
        source["archive"],
        tmp_path / "defekt.tar.gz",
        {backup.DATA: broken, backup.MANIFEST: json.dumps(manifest).encode()},
    )

    message = _refused(damaged, empty_media, "--replace")

    assert "ließen sich nicht laden" in message


def test_replace_puts_the_backup_in_place_of_the_content(source, empty_media):
    from smartregion.regions.models import Region

    Region._base_manager.filter(slug="kreis-coesfeld").update(name="Geändert")
    out = StringIO()

    call_command("restore", str(source["archive"]), "--replace", "--noinput", stdout=out)

    assert fingerprint() == source["rows"]
    assert _files(empty_media) == source["files"]
    assert "Der bisherige Inhalt der Datenbank wurde ersetzt." in out.getvalue()


# --- the restores into new databases, started with the module's backup, are done by now ---------


def test_restore_into_new_sqlite_database_finds_every_row_and_file(source):
    _check_restored(source, "sqlite")


def test_restore_of_the_backup_into_new_postgresql_database(source):
    if "postgresql" not in source["restores"]:
        pytest.skip(
            f"PostgreSQL antwortet nicht ({SERVER}); die Wiederherstellung dorthin wird nicht geprüft."
        )
    _check_restored(source, "postgresql")
