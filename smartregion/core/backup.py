"""Backups of a whole installation: every row of the database and every uploaded file in one archive.

``write_backup`` writes ``smartregion-backup-<Zeitpunkt>.tar.gz`` with three parts:

- ``data.jsonl``: every row, one JSON object per line, written by Django's serializers model by model
  (ordered by key). The format does not depend on the database: a backup of SQLite restores into
  PostgreSQL and the other way round. Primary keys are kept, so links between rows, generic
  relations and addresses stay as they were. References to content types and permissions are written
  by their natural keys (app and model name, codename), because ``migrate`` creates those rows itself
  and their keys differ between databases.
- ``media/…``: every file of the default storage (``MEDIA_ROOT``): status reports, idea images.
- ``manifest.json``: when, from which database, the migration state per app, the number of rows per
  model, and every file with its size and SHA-256; also what is deliberately left out (``LEFT_OUT``).

``restore_backup`` reads and checks the whole archive before it touches anything, migrates a database
without tables, refuses a database whose migration state differs from the backup's (the rows fit only
the models of the same state: restore with the release that wrote the backup, then ``migrate``) and a
database that already holds content, unless ``replace`` is given. It loads the rows and writes the files
in one transaction, resets the database's sequences, and compares rows and files with the manifest
before it commits; when anything fails, the rows are rolled back and the files written are removed.

Snapshot: the rows are read in one transaction (repeatable read on PostgreSQL; on SQLite the
transaction holds the write lock while the rows are read); files are listed after the rows, so a file
named by a row is in the archive.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media/"
CHUNK = 1024 * 1024

# Not in a backup, with the reason written into the manifest. Restoring with ``replace`` empties them.
LEFT_OUT = {
    "sessions.session": "Anmeldungen gelten nur für die laufende Installation; nach der "
    "Wiederherstellung melden sich alle neu an.",
    "axes.accessattempt": "Fehlversuche beim Anmelden (Sperren) gelten nur für die laufende Installation.",
    "axes.accessattemptexpiration": "Ablauf der Anmeldesperren, gehört zu axes.accessattempt.",
    "axes.accesslog": "Protokoll der Anmeldungen für die Sperre nach Fehlversuchen, kein Inhalt.",
    "axes.accessfailurelog": "Protokoll der Fehlversuche für die Sperre, kein Inhalt.",
    "django_tasks_database.dbtaskresult": "Hintergrundaufgaben und ihre Ergebnisse: Wartende Aufgaben "
    "(E-Mails, Berichte) würden sonst in einer Testwiederherstellung noch einmal ausgeführt; ein "
    "Bericht, der noch erstellt wurde, wird nach der Wiederherstellung neu gestartet.",
}
# Written by ``migrate`` in every database; rows of the backup refer to them by natural key.
RECREATED = {"contenttypes.contenttype", "auth.permission", "django_migrations"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in German."""


@dataclass
class Manifest:
    created_at: str
    database: str
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    files: list[dict[str, Any]]
    data: dict[str, Any]
    left_out: dict[str, str] = field(default_factory=lambda: dict(LEFT_OUT))
    format: int = FORMAT

    def as_json(self) -> bytes:
        content = {
            "format": self.format,
            "created_at": self.created_at,
            "django": django.get_version(),
            "database": self.database,
            "migrations": self.migrations,
            "counts": self.counts,
            "data": self.data,
            "files": self.files,
            "left_out": self.left_out,
            "recreated_by_migrate": sorted(RECREATED),
        }
        return json.dumps(content, indent=1, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        content = json.loads(raw)
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            raise ValueError("format")
        return cls(
            created_at=str(content["created_at"]),
            database=str(content["database"]),
            migrations={
                str(app): [str(name) for name in names] for app, names in content["migrations"].items()
            },
            counts={str(label): int(count) for label, count in content["counts"].items()},
            files=[
                {"name": str(f["name"]), "size": int(f["size"]), "sha256": str(f["sha256"])}
                for f in content["files"]
            ],
            data={
                "name": DATA,
                "size": int(content["data"]["size"]),
                "sha256": str(content["data"]["sha256"]),
                "objects": int(content["data"]["objects"]),
            },
            left_out={str(k): str(v) for k, v in content.get("left_out", {}).items()},
        )

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def file_bytes(self) -> int:
        return sum(f["size"] for f in self.files)


@dataclass
class Restored:
    manifest: Manifest
    counts: dict[str, int]
    files_written: int
    files_unchanged: int
    migrated: bool
    replaced: bool
    foreign_files: list[str]


# --- which models -------------------------------------------------------------------------------


def _stored_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds, in an order that loads what others need first."""
    by_app: dict[str, list[type[models.Model]]] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.managed and not model._meta.proxy and label not in LEFT_OUT and label not in RECREATED:
            by_app.setdefault(model._meta.app_label, []).append(model)
    app_list = [(apps.get_app_config(app), group) for app, group in by_app.items()]
    return list(serializers.sort_dependencies(app_list, allow_cycles=True))


def _counted_models() -> list[type[models.Model]]:
    """The stored models and the link tables of their many-to-many fields (written with them)."""
    counted: list[type[models.Model]] = []
    for model in _stored_models():
        counted.append(model)
        counted.extend(_link_tables(model).values())
    return counted


def _link_tables(model: type[models.Model]) -> dict[str, type[models.Model]]:
    """The tables Django creates for the model's many-to-many fields, by field name."""
    tables = {}
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        if through is not None and through._meta.auto_created:
            tables[m2m.name] = through
    return tables


def _emptied_models() -> list[type[models.Model]]:
    """What ``replace`` deletes: the counted models and the tables left out of a backup."""
    left_out = [model for model in apps.get_models() if model._meta.label_lower in LEFT_OUT]
    return _counted_models() + left_out


def content_counts() -> dict[str, int]:
    """Rows per model that a backup holds, as the database has them now."""
    return {model._meta.label_lower: model._base_manager.count() for model in _counted_models()}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- writing ------------------------------------------------------------------------------------


class _RowWriter(jsonl.Serializer):
    """Django's JSON lines, with natural keys only for content types and permissions.

    Other models with a natural key (people by e-mail address, groups by name) keep their primary keys:
    those keys are kept on restore, and an e-mail address need not stay unique forever.
    """

    natural = (ContentType, Permission)

    def _value_from_field(self, obj: models.Model, field: Any) -> Any:
        value = super()._value_from_field(obj, field)  # type: ignore[misc]
        # Django's JSON encoder cuts times to milliseconds; a backup keeps them as they are.
        return value.isoformat() if isinstance(value, datetime.datetime | datetime.time) else value

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model in self.natural
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = field.remote_field.model in self.natural
        super().handle_m2m_field(obj, field)


def _rows(model: type[models.Model], counter: list[int]) -> Iterator[models.Model]:
    m2m = list(_link_tables(model))
    queryset = model._base_manager.order_by("pk")
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    for row in queryset.iterator(chunk_size=2000):
        counter[0] += 1
        yield row


def _write_rows(stream: IO[str]) -> tuple[dict[str, int], int]:
    """Every stored row into ``stream``; the rows per counted model and the objects written."""
    writer = _RowWriter()
    objects = 0
    for model in _stored_models():
        counter = [0]
        writer.serialize(_rows(model, counter), stream=stream, use_natural_foreign_keys=False)
        objects += counter[0]
    return content_counts(), objects


def _read_snapshot() -> None:
    """Make the transaction just opened read one snapshot of the whole database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _stored_files(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _stored_files(storage, f"{directory}/{name}" if directory else name)


class _Hashing(io.RawIOBase):
    """Reads through a file, counting and hashing what passes."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.sha256, self.size = source, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int, mtime: float) -> tuple[int, str]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o640
    hashing = _Hashing(source)
    archive.addfile(info, hashing)
    return hashing.size, hashing.sha256.hexdigest()


def archive_name(moment: Any = None) -> str:
    moment = timezone.localtime(moment)
    return f"smartregion-backup-{moment:%Y-%m-%d-%H%M%S}.tar.gz"


def write_backup(*, directory: Path, storage: Storage | None = None) -> tuple[Path, Manifest]:
    """Write a backup archive into ``directory``; its path and manifest.

    The archive appears under its final name only when it is complete, readable by its owner only.
    """
    storage = storage or default_storage
    directory.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    target = directory / archive_name(created)
    partial = directory / f".{target.name}.unvollständig"
    with tempfile.TemporaryDirectory(prefix="smartregion-backup-") as work:
        rows_path = Path(work) / DATA
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:
                _read_snapshot()
            migrations = applied_migrations()
            with rows_path.open("w", encoding="utf-8") as stream:
                counts, objects = _write_rows(stream)
        try:
            # Personal data and password hashes: readable by the owner only, whatever the umask.
            partial.touch(mode=0o600)
            partial.chmod(0o600)
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                with rows_path.open("rb") as rows:
                    size, sha256 = _add(archive, DATA, rows, rows_path.stat().st_size, created.timestamp())
                data = {"name": DATA, "size": size, "sha256": sha256, "objects": objects}
                files = []
                for name in _stored_files(storage):
                    with storage.open(name, "rb") as source:
                        size, sha256 = _add(
                            archive, MEDIA + name, source, storage.size(name), created.timestamp()
                        )
                    files.append({"name": name, "size": size, "sha256": sha256})
                manifest = Manifest(
                    created_at=created.isoformat(),
                    database=connection.vendor,
                    migrations=migrations,
                    counts=counts,
                    files=files,
                    data=data,
                )
                raw = manifest.as_json()
                _add(archive, MANIFEST, io.BytesIO(raw), len(raw), created.timestamp())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


# --- reading and checking -----------------------------------------------------------------------


def _damaged(archive: Path, detail: str) -> BackupError:
    return BackupError(
        _(
            "„%(name)s“ ist keine vollständige Sicherung von Smart Region (%(detail)s). "
            "Es wurde nichts verändert."
        )
        % {"name": archive.name, "detail": detail}
    )


def _media_name(member: str) -> str | None:
    """The storage name of an archive member under ``media/``; None for anything that leaves it."""
    path = PurePosixPath(member[len(MEDIA) :])
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    return str(path)


def _copy_member(source: IO[bytes], target: Path) -> tuple[int, str]:
    sha256, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, sha256.hexdigest()


def unpack(archive: Path, work: Path) -> Manifest:
    """Unpack the archive into ``work`` and check every part against the manifest."""
    if not archive.is_file():
        raise BackupError(_("Die Datei „%(name)s“ gibt es nicht.") % {"name": archive})
    found: dict[str, tuple[int, str]] = {}
    raw_manifest = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    raise _damaged(archive, _("unerwarteter Eintrag „%(name)s“") % {"name": member.name})
                source = tar.extractfile(member)
                if source is None:
                    raise _damaged(archive, _("unerwarteter Eintrag „%(name)s“") % {"name": member.name})
                if member.name == MANIFEST:
                    raw_manifest = source.read()
                elif member.name == DATA:
                    found[DATA] = _copy_member(source, work / DATA)
                elif member.name.startswith(MEDIA) and (name := _media_name(member.name)):
                    found[MEDIA + name] = _copy_member(source, work / "media" / name)
                else:
                    raise _damaged(archive, _("unerwarteter Eintrag „%(name)s“") % {"name": member.name})
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(
            archive, _("das Archiv ist beschädigt oder abgeschnitten: %(error)s") % {"error": error}
        ) from error
    if raw_manifest is None:
        raise _damaged(archive, _("das Inhaltsverzeichnis manifest.json fehlt"))
    try:
        manifest = Manifest.from_json(raw_manifest)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _damaged(archive, _("manifest.json ist nicht lesbar")) from error
    expected = {DATA: (manifest.data["size"], manifest.data["sha256"])}
    expected.update({MEDIA + f["name"]: (f["size"], f["sha256"]) for f in manifest.files})
    for name, fingerprint in expected.items():
        if found.get(name) != fingerprint:
            detail = (
                _("„%(name)s“ fehlt")
                if name not in found
                else _("„%(name)s“ weicht vom Inhaltsverzeichnis ab")
            )
            raise _damaged(archive, detail % {"name": name})
    if extra := sorted(set(found) - set(expected)):
        raise _damaged(archive, _("„%(name)s“ steht nicht im Inhaltsverzeichnis") % {"name": extra[0]})
    return manifest


# --- restoring ----------------------------------------------------------------------------------


def _migration_nodes() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The migrations the code has (after ``migrate``) and every name it knows, squashed ones included."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = set(loader.graph.nodes)
    known = set(nodes) | set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return nodes, known


def _flat(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


def _state_differs(manifest: Manifest) -> BackupError | None:
    nodes, known = _migration_nodes()
    saved = _flat(manifest.migrations)
    newer = sorted(saved - known)
    older = sorted(nodes - saved)
    if not newer and not older:
        return None
    names = ", ".join(f"{app}.{name}" for app, name in (newer or older)[:4])
    if newer:
        reason = _("die Sicherung kennt Migrationen, die diese Version nicht hat: %(names)s") % {
            "names": names
        }
    else:
        reason = _("dieser Version fehlen in der Sicherung Migrationen: %(names)s") % {"names": names}
    return BackupError(
        _(
            "Die Sicherung stammt von einem anderen Stand der Software (%(reason)s). Stellen Sie sie mit "
            "der Version von Smart Region wieder her, mit der sie erstellt wurde, und führen Sie danach "
            "„manage.py migrate“ aus. Es wurde nichts verändert."
        )
        % {"reason": reason}
    )


def migrate_if_needed() -> bool:
    """Migrate a database that has no or too few migrations; True when ``migrate`` ran."""
    nodes, known = _migration_nodes()
    applied = (
        _flat(applied_migrations())
        if "django_migrations" in connection.introspection.table_names()
        else set()
    )
    if unknown := sorted(applied - known):
        raise BackupError(
            _(
                "Die Datenbank ist neuer als diese Version von Smart Region (Migration %(name)s). "
                "Es wurde nichts verändert."
            )
            % {"name": f"{unknown[0][0]}.{unknown[0][1]}"}
        )
    if nodes <= applied:
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def _file_plan(
    manifest: Manifest, storage: Storage
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Files to write, files already stored with the same content, files stored with other content."""
    to_write, unchanged, conflicts = [], [], []
    for entry in manifest.files:
        if not storage.exists(entry["name"]):
            to_write.append(entry)
        elif _stored_sha256(storage, entry["name"]) == entry["sha256"]:
            unchanged.append(entry)
        else:
            conflicts.append(entry["name"])
            to_write.append(entry)
    return to_write, unchanged, conflicts


def _stored_sha256(storage: Storage, name: str) -> str:
    sha256 = hashlib.sha256()
    with storage.open(name, "rb") as source:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
    return sha256.hexdigest()


def _empty_tables() -> None:
    tables = [model._meta.db_table for model in _emptied_models()]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=False))


def _load_rows(path: Path) -> None:
    try:
        call_command("loaddata", str(path), verbosity=0)
    except (DeserializationError, DatabaseError, ObjectDoesNotExist, ValidationError, ValueError) as error:
        detail = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        raise BackupError(
            _("Die Datensätze der Sicherung ließen sich nicht laden (%(error)s). Es wurde nichts verändert.")
            % {"error": detail}
        ) from error


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _counted_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _write_files(
    entries: Iterable[dict[str, Any]], source: Path, storage: Storage, written: list[str]
) -> None:
    for entry in entries:
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)
        with (source / name).open("rb") as content:
            stored = storage.save(name, File(content, name=name))
        written.append(stored)
        if stored != name:
            raise BackupError(
                _("Die Datei „%(name)s“ wurde unter einem anderen Namen abgelegt (%(stored)s).")
                % {"name": name, "stored": stored}
            )


def _verify(manifest: Manifest, storage: Storage) -> dict[str, int]:
    counts = content_counts()
    for label, expected in sorted(manifest.counts.items()):
        if counts.get(label, 0) != expected:
            raise BackupError(
                _("Nach dem Laden hat %(model)s %(found)d Zeilen, die Sicherung %(expected)d.")
                % {"model": label, "found": counts.get(label, 0), "expected": expected}
            )
    for entry in manifest.files:
        if _stored_sha256(storage, entry["name"]) != entry["sha256"]:
            raise BackupError(
                _("Die Datei „%(name)s“ weicht nach dem Ablegen von der Sicherung ab.")
                % {"name": entry["name"]}
            )
    return counts


def restore_backup(
    *,
    archive: Path,
    replace: bool = False,
    storage: Storage | None = None,
    confirm: Callable[[dict[str, int]], bool] | None = None,
) -> Restored:
    """Restore ``archive`` into the default database and storage; what was restored.

    Refuses (``BackupError``, nothing changed) a damaged archive, a backup of another migration state,
    and, without ``replace``, a database with content or a stored file with other content than the
    backup's. With ``replace`` the current rows (and sessions, login locks, background tasks) are deleted
    in the same transaction that loads the backup; ``confirm`` is asked first with the current counts.
    A database without tables is migrated first (that stays, even when the restore fails later).
    """
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="smartregion-restore-") as work_dir:
        work = Path(work_dir)
        manifest = unpack(archive, work)
        if problem := _state_differs(manifest):
            raise problem
        migrated = migrate_if_needed()
        present = {label: count for label, count in content_counts().items() if count}
        to_write, unchanged, conflicts = _file_plan(manifest, storage)
        if (present or conflicts) and not replace:
            raise _not_empty(present, conflicts)
        if replace and confirm is not None and not confirm(present):
            raise BackupError(_("Abgebrochen. Es wurde nichts verändert."))
        foreign = sorted(set(_stored_files(storage)) - {f["name"] for f in manifest.files})
        written: list[str] = []
        try:
            with transaction.atomic():
                if replace:
                    _empty_tables()
                _load_rows(work / DATA)
                _reset_sequences()
                _write_files(to_write, work / "media", storage, written)
                counts = _verify(manifest, storage)
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    return Restored(
        manifest=manifest,
        counts=counts,
        files_written=len(to_write),
        files_unchanged=len(unchanged),
        migrated=migrated,
        replaced=replace,
        foreign_files=foreign,
    )


def _not_empty(present: dict[str, int], conflicts: list[str]) -> BackupError:
    if present:
        rows = sum(present.values())
        examples = ", ".join(f"{label} ({count})" for label, count in sorted(present.items())[:4])
        what = _("Die Datenbank enthält bereits %(rows)d Datensätze, z. B. %(examples)s.") % {
            "rows": rows,
            "examples": examples,
        }
    else:
        what = _("Im Dateispeicher liegt „%(name)s“ bereits mit anderem Inhalt.") % {"name": conflicts[0]}
    return BackupError(
        what
        + " "
        + _(
            "Eine Sicherung wird nur in eine leere Datenbank wiederhergestellt. Legen Sie eine neue "
            "Datenbank an oder ersetzen Sie den Inhalt ausdrücklich mit --replace. Es wurde nichts verändert."
        )
    )
