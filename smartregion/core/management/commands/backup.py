"""Write a backup of the whole installation: every row and every uploaded file (``core/backup.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartregion.core import backup


class Command(BaseCommand):
    help = (
        "Schreibt eine Sicherung (Datenbank und hochgeladene Dateien) als "
        "smartregion-backup-<Zeitpunkt>.tar.gz in das angegebene Verzeichnis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            default=".",
            help="Verzeichnis, in das die Sicherung geschrieben wird (Vorgabe: das aktuelle).",
        )

    def handle(self, *args: Any, directory: str = ".", **options: Any) -> None:
        try:
            path, manifest = backup.write_backup(directory=Path(directory))
        except OSError as error:
            raise CommandError(
                _("Die Sicherung konnte nicht geschrieben werden: %(error)s") % {"error": error}
            ) from error
        self.stdout.write(
            _("Sicherung geschrieben: %(path)s (%(size)s)")
            % {"path": path, "size": _megabytes(path.stat().st_size)}
        )
        self.stdout.write(
            _("%(rows)d Datensätze aus %(models)d Tabellen, %(files)d Dateien (%(bytes)s).")
            % {
                "rows": manifest.rows,
                "models": sum(1 for count in manifest.counts.values() if count),
                "files": len(manifest.files),
                "bytes": _megabytes(manifest.file_bytes),
            }
        )
        self.stdout.write(
            _("Nicht enthalten: %(models)s (siehe manifest.json).")
            % {"models": ", ".join(sorted(backup.LEFT_OUT))}
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
