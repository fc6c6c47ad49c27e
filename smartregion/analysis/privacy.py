"""What the needs analysis processes, for the region's privacy notice and record (``Module.privacy``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from smartregion.core.privacy import Processing, public_task
from smartregion.regions.models import LegalDetails


def processing(details: LegalDetails) -> Iterator[Processing]:
    yield Processing(
        key="bedarfsanalyse",
        title=_("Bedarfsanalyse der Kommunen"),
        data=_(
            "Die Antworten der Kommunen auf den Fragebogen, mit dem Konto der Person, die sie zuletzt "
            "geändert hat, und dem Zeitpunkt der Abgabe."
        ),
        purpose=_("Prioritäten der Handlungsfelder gemeinsam mit allen Kommunen festlegen."),
        legal_basis=public_task(details),
        retention=_("Als Teil der Unterlagen der Strategie, solange die Region die Strategie fortschreibt."),
        subjects=_("Digitalisierungsbeauftragte der Kommunen"),
        recipients=_("Koordination und Mitglieder der Region; der Betrieb als Auftragsverarbeiter"),
        position=30,
    )
