"""Load the demo regions from the seed documents, with one person per role. Idempotent.

Each installed module declares its demo loader in its ``AppConfig`` (``core.modules``); the
loaders run in an order that loads every module's dependencies first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregion.core import modules


class Command(BaseCommand):
    help = "Lädt die Demo-Regionen Kreis Steinfurt, Kreis Coesfeld und Kreis Dithmarschen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Auch mit DEBUG=0 laden (nur für Testsysteme)."
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Die Demodaten enthalten bekannte Passwörter und werden mit DEBUG=0 nur mit --force geladen."
            )
        for _module, load in modules.demo_loaders():
            for line in load() or ():
                self.stdout.write(line)
