"""Send the reminders before funding programme deadlines that are due today (for a daily cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from smartregion.core import scoping
from smartregion.roadmap.services import programmes


class Command(BaseCommand):
    help = "Erinnert Projektleitung und Koordination an geplante Förderanträge vor der Frist."

    def handle(self, *args: Any, **options: Any) -> None:
        with scoping.scopes_disabled():
            sent = programmes.send_reminders(today=timezone.localdate())
        self.stdout.write(f"Erinnerungen verschickt: {sent}")
