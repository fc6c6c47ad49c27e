"""Create a region and invite its first coordinator by e-mail (for the operator of an installation)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from smartregion.accounts.models import Role, User
from smartregion.accounts.services import invite_member
from smartregion.regions.models import FederalState
from smartregion.regions.services import create_region


class Command(BaseCommand):
    help = "Legt eine Region an und lädt die erste Koordinatorin oder den ersten Koordinator ein."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="z. B. „Kreis Steinfurt“")
        parser.add_argument(
            "--state", required=True, choices=FederalState.values, help="Bundesland, z. B. NW"
        )
        parser.add_argument("--slug", default=None, help="Kurzname in der Adresse, z. B. kreis-steinfurt")
        parser.add_argument("--key", default="", help="Amtlicher Kreisschlüssel (5 Ziffern)")
        parser.add_argument("--coordinator", required=True, help="E-Mail-Adresse der Koordination")
        parser.add_argument("--invited-by", required=True, help="E-Mail-Adresse eines bestehenden Kontos")

    def handle(self, *args: Any, **options: Any) -> None:
        inviter = User.objects.filter(email__iexact=options["invited_by"]).first()
        if inviter is None:
            raise CommandError(f"Kein Konto mit der Adresse {options['invited_by']}.")
        try:
            with transaction.atomic():
                region = create_region(
                    name=options["name"],
                    federal_state=options["state"],
                    slug=options["slug"],
                    official_key=options["key"],
                    actor=inviter,
                )
                invite_member(
                    region=region, email=options["coordinator"], role=Role.COORDINATOR, invited_by=inviter
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"{region.name} angelegt (/r/{region.slug}/); Einladung an {options['coordinator']} verschickt."
        )
