"""The demo data for tests: ``load_demo`` runs once per test process, later loads copy its rows back.

``load_demo`` takes seconds (services, versions, documents); writing its rows back takes a fraction of
a second. The rows are taken as the database holds them, so what a test sees is exactly what
``load_demo`` wrote. They are copied back only into a database in the state they were taken from
(the same rows in the tables filled before, such as content types and permissions, and none in the
others); otherwise, or under other settings, ``load_demo`` runs again and its rows are taken too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class Snapshot:
    day: date  # the demo's dates count from the day it was loaded
    settings: str  # what the demo writes depends on them (TASKS: a report generated or queued)
    before: dict[str, list[tuple[Any, ...]]]  # tables with rows before load_demo, with those rows
    added: list[Table]  # the rows load_demo added, table by table


# One per starting state: a flushed database gets new keys for its content types and permissions.
_snapshots: list[Snapshot] = []


def load_demo() -> None:
    """The demo data of ``load_demo`` in the default database, in one transaction."""
    with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS), transaction.atomic():
        for snapshot in _snapshots:
            if (snapshot.day, snapshot.settings) == (timezone.localdate(), _settings()) and _matches(
                snapshot
            ):
                _write_back(snapshot)
                return
        day = timezone.localdate()
        before = {name: rows for name in _tables() if (rows := _rows(name)[1])}
        call_command("load_demo", stdout=StringIO())
        _snapshots.append(Snapshot(day, _settings(), before, _added_since(before)))


def _settings() -> str:
    return repr(sorted((name, repr(getattr(settings, name))) for name in dir(settings) if name.isupper()))


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _rows(table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name
        columns = [column[0] for column in cursor.description]
        return columns, sorted(cursor.fetchall(), key=repr)


def _added_since(before: dict[str, list[tuple[Any, ...]]]) -> list[Table]:
    added = []
    for name in _tables():
        columns, rows = _rows(name)
        earlier = set(map(repr, before.get(name, [])))
        new = [row for row in rows if repr(row) not in earlier]
        if len(rows) - len(new) != len(earlier):
            raise AssertionError(f"load_demo hat Zeilen in {name} geändert oder gelöscht.")
        if new:
            added.append(Table(name, columns, new))
    return added


def _matches(snapshot: Snapshot) -> bool:
    """The database holds what it held when the snapshot's rows were taken."""
    filled = {table.name for table in snapshot.added} | set(snapshot.before)
    with connection.cursor() as cursor:
        for name in filled:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            if cursor.fetchone()[0] != len(snapshot.before.get(name, [])):
                return False
    return all(_rows(name)[1] == rows for name, rows in snapshot.before.items())


def _write_back(snapshot: Snapshot) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in snapshot.added:
            columns = ", ".join(quote(column) for column in table.columns)
            values = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({values})", table.rows)  # noqa: S608
        # PostgreSQL's sequences do not follow rows written with their keys; SQLite's do.
        for statement in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(statement)
