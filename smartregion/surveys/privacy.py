"""What the surveys module processes, for the region's privacy notice and record (``Module.privacy``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from smartregion.core.privacy import Processing, public_task
from smartregion.regions.models import LegalDetails


def processing(details: LegalDetails) -> Iterator[Processing]:
    yield Processing(
        key="umfragen",
        title=_("Umfragen"),
        data=_(
            "Nur Ihre Antworten, der Tag der Teilnahme und die gerundete Dauer. Es werden keine "
            "IP-Adresse, keine Angaben zu Ihrem Browser (User-Agent) und keine Verbindung zu einem Konto "
            "gespeichert; eine Antwort lässt sich keiner Person zuordnen. Zugangscodes geschlossener "
            "Umfragen werden nur als „benutzt“ markiert, nicht mit der Antwort verknüpft."
        ),
        purpose=_(
            "Meinungen und Bedarfe der Menschen in der Region für die Strategie erheben. Freitexte "
            "werden vor der Veröffentlichung geprüft und Angaben zu Personen entfernt; Ergebnisse sehr "
            "kleiner Gruppen werden nicht gezeigt."
        ),
        legal_basis=_(
            "Die Antworten sind anonym; die DSGVO gilt für sie nicht (Erwägungsgrund 26). Nennen Sie in "
            "einem Freitext doch eine Person: %(task)s."
        )
        % {"task": public_task(details)},
        retention=_(
            "Bis die Umfrage gelöscht wird. Unvollständige Antworten enthalten keine Angaben zu Ihrer Person."
        ),
        notes=(
            _(
                "Gegen Massen-Einsendungen wird Ihre IP-Adresse höchstens eine Stunde lang als "
                "verschlüsselter Prüfwert im Zwischenspeicher gezählt, getrennt von Ihren Antworten."
            ),
        ),
        subjects=_("Teilnehmende an Umfragen (anonym)"),
        recipients=_(
            "Koordination der Region; die Öffentlichkeit (Ergebnisse und geprüfte Freitexte); "
            "der Betrieb als Auftragsverarbeiter"
        ),
        position=20,
    )
