"""Apply the retention periods: start the nightly sweep, or run its rules at once (``--now``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartregion.core import retention


class Command(BaseCommand):
    help = (
        "Löscht, was nur für eine Frist aufbewahrt wird (unbestätigte Beiträge, Anmeldungen vergangener "
        "Veranstaltungen, Protokolle), und plant den nächtlichen Lauf im Hintergrund."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Die Fristen sofort anwenden, ohne Worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            for retained in retention.apply_all():
                self.stdout.write(f"{retained.label}: {retained.count}")
        if retention.schedule():
            self.stdout.write("Der nächste Lauf ist für die kommende Nacht geplant.")
        elif not options["now"]:
            self.stdout.write("Das Task-Backend kann nicht planen; die Fristen werden sofort angewendet.")
            for retained in retention.apply_all():
                self.stdout.write(f"{retained.label}: {retained.count}")
