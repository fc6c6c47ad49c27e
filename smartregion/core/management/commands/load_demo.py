"""Load the demo regions from the seed documents, with one person per role. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregion.accounts import demo as accounts_demo
from smartregion.analysis import demo as analysis_demo
from smartregion.events import demo as events_demo
from smartregion.portfolio import demo as portfolio_demo
from smartregion.regions import demo as regions_demo
from smartregion.strategy import demo as strategy_demo
from smartregion.surveys import demo as surveys_demo


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
        regions = regions_demo.load()
        accounts = accounts_demo.load(regions)
        strategy_demo.load()
        portfolio_demo.load()
        analysis_demo.load()
        surveys_demo.load()
        events_demo.load()
        for region in regions:
            self.stdout.write(f"{region.name}: {region.municipalities.count()} Kommunen")
        self.stdout.write(f"\nDemo-Konten (Passwort für alle: {accounts_demo.DEMO_PASSWORD}):")
        for account in accounts:
            where = f" – {account.municipality}" if account.municipality else ""
            self.stdout.write(f"  {account.email:55} {account.region:20} {account.role}{where}")
