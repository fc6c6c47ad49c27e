"""Restore a backup written by ``manage.py backup`` into an empty database (``core/backup.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartregion.core import backup


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung von „manage.py backup“ wieder her: in eine leere Datenbank (eine Datenbank "
        "ohne Tabellen wird zuerst migriert) oder mit --replace anstelle des vorhandenen Inhalts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Die Sicherung (smartregion-backup-….tar.gz).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Den vorhandenen Inhalt der Datenbank ersetzen (in derselben Transaktion wie das Laden; "
                "alle Anmeldungen enden). Fragt vorher nach, außer mit --noinput."
            ),
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Nicht nachfragen.",
        )

    def handle(
        self, *args: Any, archive: str, replace: bool = False, interactive: bool = True, **options: Any
    ) -> None:
        confirm = self._confirm if replace and interactive else None
        try:
            restored = backup.restore_backup(archive=Path(archive), replace=replace, confirm=confirm)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self._report(restored)

    def _confirm(self, present: dict[str, int]) -> bool:
        answer = input(
            _(
                "Die Datenbank enthält %(rows)d Datensätze. Sie werden gelöscht und durch die Sicherung "
                "ersetzt. Geben Sie „ja“ ein, um fortzufahren: "
            )
            % {"rows": sum(present.values())}
        )
        return answer.strip().lower() == "ja"

    def _report(self, restored: backup.Restored) -> None:
        manifest = restored.manifest
        if restored.migrated:
            self.stdout.write(_("Die leere Datenbank wurde zuerst migriert."))
        if restored.replaced:
            self.stdout.write(_("Der bisherige Inhalt der Datenbank wurde ersetzt."))
        self.stdout.write(
            _("Sicherung vom %(created)s (aus %(database)s) wiederhergestellt:")
            % {"created": manifest.created_at, "database": manifest.database}
        )
        for label, count in sorted(restored.counts.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            _(
                "%(rows)d Datensätze, %(written)d Dateien abgelegt, %(unchanged)d Dateien waren schon "
                "vorhanden; alles stimmt mit dem Inhaltsverzeichnis der Sicherung überein."
            )
            % {
                "rows": sum(restored.counts.values()),
                "written": restored.files_written,
                "unchanged": restored.files_unchanged,
            }
        )
        if restored.foreign_files:
            self.stdout.write(
                _("%(count)d Dateien im Speicher gehören nicht zur Sicherung und wurden nicht gelöscht.")
                % {"count": len(restored.foreign_files)}
            )
        self.stdout.write(
            _("Nicht in der Sicherung (neu anzumelden bzw. neu zu starten): %(models)s.")
            % {"models": ", ".join(sorted(manifest.left_out))}
        )
