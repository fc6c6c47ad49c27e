"""Run the due background sweeps of events now (for cron, beside the task worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smartregion.events import services


class Command(BaseCommand):
    help = (
        "Gibt unbestätigte Plätze frei, verschickt fällige Erinnerungen und löscht abgelaufene Personendaten."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        released = services.release_unconfirmed_seats()
        reminded = services.send_due_reminders()
        deleted = services.delete_expired_personal_data()
        self.stdout.write(
            f"Freigegeben: {released}; Erinnerungen: {reminded}; anonymisierte Anmeldungen: {deleted}"
        )
