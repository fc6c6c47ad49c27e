"""What the ideas module processes, for the region's privacy notice and record (``Module.privacy``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from smartregion.core.privacy import Processing, days, months, public_task
from smartregion.ideas.services import CONFIRMATION_DAYS
from smartregion.regions.models import LegalDetails


def processing(details: LegalDetails) -> Iterator[Processing]:
    yield Processing(
        key="ideen",
        title=_("Ideen, Kommentare und Unterstützungen"),
        data=_(
            "Titel und Text Ihrer Idee, Ort, Handlungsfeld, Kommune, auf Wunsch ein Bild mit "
            "Bildbeschreibung; Ihr Name, wenn Sie ihn angeben; Ihre E-Mail-Adresse (wird nicht "
            "veröffentlicht); bei Kommentaren der Text und der angegebene Name; bei Unterstützungen "
            "das Konto oder die bestätigte E-Mail-Adresse."
        ),
        purpose=_(
            "Beteiligung der Bürgerinnen und Bürger an der Digitalisierungsstrategie: Ideen sammeln, "
            "vor der Veröffentlichung prüfen, Unterstützungen zählen und Sie über die Entscheidung "
            "informieren. Die E-Mail-Adresse dient der Bestätigung (Double-Opt-in) und der Nachricht "
            "über die Entscheidung."
        ),
        legal_basis=_(
            "%(task)s; die Veröffentlichung Ihres Namens: Art. 6 Abs. 1 lit. a DSGVO (Einwilligung, "
            "jederzeit widerrufbar)."
        )
        % {"task": public_task(details)},
        retention=_(
            "%(period)s ab dem Eingang; diese Frist legt die Region fest und löscht die Beiträge danach. "
            "Ideen und Unterstützungen, deren E-Mail-Adresse nicht bestätigt wurde, löscht die Plattform, "
            "sobald %(unconfirmed)s vergangen sind. Wer das eigene Konto löscht, dessen Beiträge werden "
            "anonymisiert oder entfernt, wie die Region es festgelegt hat."
        )
        % {"period": months(details.ideas_retention_months), "unconfirmed": days(CONFIRMATION_DAYS)},
        subjects=_(
            "Bürgerinnen und Bürger, Mitarbeitende, die Ideen einreichen, kommentieren oder unterstützen"
        ),
        recipients=_(
            "Koordination der Region (Moderation); die Öffentlichkeit (veröffentlichte Ideen und Kommentare "
            "mit dem angegebenen Namen, nie die E-Mail-Adresse); der Betrieb als Auftragsverarbeiter"
        ),
        position=10,
    )
