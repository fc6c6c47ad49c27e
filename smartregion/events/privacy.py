"""What the events module processes, for the region's privacy notice and record (``Module.privacy``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from smartregion.core.privacy import Processing, days, public_task
from smartregion.events.models import Event
from smartregion.events.services import UNCONFIRMED_KEPT_DAYS
from smartregion.regions.models import LegalDetails


def processing(details: LegalDetails) -> Iterator[Processing]:
    default_days = Event._meta.get_field("retention_days").get_default()
    yield Processing(
        key="termine",
        title=_("Anmeldungen zu Veranstaltungen"),
        data=_(
            "Name, E-Mail-Adresse, Antworten auf die Fragen der Anmeldung und, wenn Sie sie angeben, "
            "Hinweise zur Barrierefreiheit (etwa eine Gebärdensprachdolmetschung); der Stand der "
            "Anmeldung (bestätigt, Warteliste) und der Einlass."
        ),
        purpose=_(
            "Planung und Durchführung der Veranstaltung: Plätze vergeben, Warteliste führen, Sie "
            "erinnern und benachrichtigen, Einlass prüfen."
        ),
        legal_basis=_(
            "%(task)s; Hinweise zur Barrierefreiheit, die Ihre Gesundheit betreffen: Art. 9 Abs. 2 "
            "lit. a DSGVO (ausdrückliche Einwilligung durch Ihre Angabe)."
        )
        % {"task": public_task(details)},
        retention=_(
            "Name, E-Mail-Adresse, Antworten und Hinweise werden automatisch gelöscht, wenn die für die "
            "Veranstaltung festgelegte Frist nach ihrem Ende abgelaufen ist (voreingestellt: %(period)s). "
            "Es bleibt nur die Zahl der Anmeldungen. Anmeldungen, deren E-Mail-Adresse nie bestätigt "
            "wurde, werden gelöscht, sobald nach ihrem Verfall %(unconfirmed)s vergangen sind."
        )
        % {"period": days(default_days), "unconfirmed": days(UNCONFIRMED_KEPT_DAYS)},
        subjects=_("Teilnehmende an Veranstaltungen"),
        recipients=_(
            "Koordination der Region und Personen, die die Veranstaltung betreuen (Teilnehmendenliste, "
            "Einlass); der Betrieb als Auftragsverarbeiter"
        ),
        position=40,
    )
