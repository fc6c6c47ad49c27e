"""What a region's legal pages say, built from its ``LegalDetails`` and the modules it uses.

Pure reads: ``defaults`` gives the starting values of a new region (the authorities of its federal
state where they are known, the platform's own barriers), ``privacy_sections`` the
Datenschutzerklärung's sections, one per processing the platform performs for the region, and
``missing_fields`` what a page still lacks. The storage periods stated are what the platform does
(events: the period set per event, after which ``events.services.delete_expired_personal_data``
blanks the registrations) or, where the platform deletes nothing by itself (ideas, logs, the change
log), the period the region sets in its legal details and keeps itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from smartregion.regions.models import FederalState, LegalDetails, Region

Label = str


@dataclass(frozen=True)
class Arbitration:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""


@dataclass(frozen=True)
class StateDefaults:
    """What is known of a federal state's authorities; the coordinator checks and completes it."""

    accessibility_law: str = ""
    arbitration: Arbitration | None = None
    data_protection_authority: str = ""
    state_data_protection_law: str = ""


# The federal arbitration body (§ 16 BGG). It handles disputes with federal bodies and tells
# everyone else which body of their state is responsible, so every statement names it.
FEDERAL_ARBITRATION = Arbitration(
    name="Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG) bei dem Beauftragten der "
    "Bundesregierung für die Belange von Menschen mit Behinderungen",
    address="Mauerstraße 53\n10117 Berlin",
    email="info@schlichtungsstelle-bgg.de",
    url="https://www.schlichtungsstelle-bgg.de",
)

STATE_DEFAULTS: dict[str, StateDefaults] = {
    FederalState.NW: StateDefaults(
        accessibility_law="§ 10b Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und "
        "Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW)",
        arbitration=Arbitration(
            name="Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der "
            "Beauftragten für die Belange der Menschen mit Behinderung",
            email="ombudsstelle-barrierefreie-it@mags.nrw.de",
            url="https://www.lbbp.nrw.de/ombudsstelle",
        ),
        data_protection_authority="Landesbeauftragte für Datenschutz und Informationsfreiheit "
        "Nordrhein-Westfalen\nKavalleriestraße 2–4\n40213 Düsseldorf",
        state_data_protection_law="§ 3 Datenschutzgesetz Nordrhein-Westfalen (DSG NRW)",
    ),
    FederalState.SH: StateDefaults(
        accessibility_law="Gesetz zur Gleichstellung von Menschen mit Behinderungen in Schleswig-Holstein "
        "(Landesbehindertengleichstellungsgesetz – LBGG)",
        arbitration=Arbitration(
            name="Schlichtungsstelle bei der Landesbeauftragten für Menschen mit Behinderungen "
            "Schleswig-Holstein",
            phone="0431 988-1272",
            email="schlichtung@landtag.ltsh.de",
        ),
        data_protection_authority="Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein\n"
        "Holstenstraße 98\n24103 Kiel",
        state_data_protection_law="§ 3 Landesdatenschutzgesetz Schleswig-Holstein (LDSG)",
    ),
}
# What is not yet accessible on the platform itself, for every region: a new region's statement
# starts with this list, and its coordinators add what their own content lacks.
PLATFORM_BARRIERS: tuple[dict[str, str], ...] = (
    {
        "barrier": "Informationen zu Inhalt und Bedienung in Leichter Sprache und in Deutscher "
        "Gebärdensprache fehlen noch.",
        "alternative": "Wir erklären Ihnen die Inhalte gern am Telefon, per E-Mail oder persönlich; "
        "schreiben Sie uns, welche Form Sie brauchen.",
    },
    {
        "barrier": "PDF-Dateien (Strategie, Fahrplan, Sachstandsberichte) sind mit Strukturinformationen "
        "erzeugt, aber nicht nach PDF/UA geprüft.",
        "alternative": "Dieselben Inhalte stehen als Webseite und als bearbeitbare DOCX-Datei bereit.",
    },
    {
        "barrier": "Bilder, die Bürgerinnen und Bürger zu ihren Ideen hochladen, haben nicht immer eine "
        "aussagekräftige Bildbeschreibung.",
        "alternative": "Jede Idee ist zusätzlich als Text beschrieben; das Bild ergänzt sie nur.",
    },
)
GENERIC_ACCESSIBILITY_LAW = (
    "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und das Gesetz des Landes"
)


def defaults(region: Region, *, today: datetime.date | None = None) -> LegalDetails:
    """Unsaved legal details for ``region``: its name, and what is known of its state."""
    state = STATE_DEFAULTS.get(region.federal_state, StateDefaults())
    arbitration = state.arbitration or Arbitration(name="")
    return LegalDetails(
        region=region,
        body_name=region.name,
        accessibility_law=state.accessibility_law or GENERIC_ACCESSIBILITY_LAW,
        data_protection_authority=state.data_protection_authority,
        state_data_protection_law=state.state_data_protection_law,
        arbitration_name=arbitration.name,
        arbitration_address=arbitration.address,
        arbitration_phone=arbitration.phone,
        arbitration_email=arbitration.email,
        arbitration_url=arbitration.url,
        barriers=[dict(item) for item in PLATFORM_BARRIERS],
        statement_date=today or timezone.localdate(),
    )


# ---- Impressum -----------------------------------------------------------------------------------

IMPRINT_REQUIRED = ("body_name", "legal_form", "representative", "street", "postal_code", "city", "email")
# What each page needs besides what the platform fills in: § 5 DDG for the Impressum, the controller
# and the data protection officer (Art. 13 DSGVO) for the privacy page, a contact for barriers and
# the enforcement body for the accessibility statement.
REQUIRED = {
    "impressum": IMPRINT_REQUIRED,
    "datenschutz": ("body_name", "street", "postal_code", "city", "email", "dpo_name", "dpo_email"),
    "barrierefreiheit": ("feedback_email", "arbitration_name"),
}


def missing_fields(details: LegalDetails, page: str) -> list[str]:
    """The labels of the fields ``page`` needs that are still empty."""
    return [
        str(LegalDetails._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in REQUIRED[page]
        if not str(getattr(details, name) or "").strip()
    ]


def missing_imprint_fields(details: LegalDetails) -> list[str]:
    """The labels of the Impressum's required fields (§ 5 DDG) that are still empty."""
    return missing_fields(details, "impressum")


# ---- Datenschutzerklärung ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacySection:
    """One processing: what is processed, why, on which legal basis, and for how long."""

    key: str
    title: str
    data: str
    purpose: str
    legal_basis: str
    retention: str
    notes: tuple[str, ...] = field(default=())


def _public_task(details: LegalDetails) -> str:
    law = details.state_data_protection_law or _("dem Datenschutzgesetz des Landes")
    return _("Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit %(law)s") % {"law": law}


def _months(months: int) -> str:
    return ngettext("%(count)d Monat", "%(count)d Monate", months) % {"count": months}


def _hours(hours: float | int | None) -> str:
    count = int(hours or 0)
    return ngettext("eine Stunde", "%(count)d Stunden", count) % {"count": count}


def _days(days: int) -> str:
    return ngettext("%(count)d Tag", "%(count)d Tage", days) % {"count": days}


def _accounts(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="konten",
        title=_("Konten der Mitarbeitenden und Gremienmitglieder"),
        data=_(
            "E-Mail-Adresse, Name, Passwort (nur als Prüfwert), auf Wunsch ein zweiter Faktor für die "
            "Anmeldung, Ihre Rollen in der Region und die Kommune, für die Sie handeln."
        ),
        purpose=_(
            "Anmeldung und Zusammenarbeit an der Digitalisierungsstrategie: Strategie, Steckbriefe, "
            "Bewertungen und Berichte bearbeiten, je nach Rolle."
        ),
        legal_basis=_public_task(details),
        retention=_(
            "Bis das Konto gelöscht wird. Die Koordination entzieht Rollen, sobald jemand nicht mehr "
            "mitarbeitet; auf Wunsch löscht der Betrieb das Konto."
        ),
    )


def _audit(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="protokoll",
        title=_("Änderungsprotokoll"),
        data=_(
            "Wer wann was in der Region geändert hat: Konto, Zeitpunkt, Art der Änderung, "
            "betroffener Eintrag."
        ),
        purpose=_("Nachvollziehbarkeit der Arbeit an der Strategie und Schutz vor unbefugten Änderungen."),
        legal_basis=_public_task(details),
        retention=_("%(period)s; diese Frist legt die Region fest und löscht ältere Einträge.")
        % {"period": _months(details.audit_retention_months)},
    )


def _ideas(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
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
        % {"task": _public_task(details)},
        retention=_(
            "%(period)s ab dem Eingang; diese Frist legt die Region fest und löscht die Beiträge danach. "
            "Unterstützungen ohne bestätigte E-Mail-Adresse zählen nicht."
        )
        % {"period": _months(details.ideas_retention_months)},
    )


def _events(details: LegalDetails, default_days: int) -> PrivacySection:
    return PrivacySection(
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
        % {"task": _public_task(details)},
        retention=_(
            "Name, E-Mail-Adresse, Antworten und Hinweise werden automatisch gelöscht, wenn die für die "
            "Veranstaltung festgelegte Frist nach ihrem Ende abgelaufen ist (voreingestellt: %(period)s). "
            "Es bleibt nur die Zahl der Anmeldungen."
        )
        % {"period": _days(default_days)},
    )


def _surveys(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
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
        % {"task": _public_task(details)},
        retention=_(
            "Bis die Umfrage gelöscht wird. Unvollständige Antworten enthalten keine Angaben zu Ihrer Person."
        ),
        notes=(
            _(
                "Gegen Massen-Einsendungen wird Ihre IP-Adresse höchstens eine Stunde lang als "
                "verschlüsselter Prüfwert im Zwischenspeicher gezählt, getrennt von Ihren Antworten."
            ),
        ),
    )


def _analysis(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="bedarfsanalyse",
        title=_("Bedarfsanalyse der Kommunen"),
        data=_(
            "Die Antworten der Kommunen auf den Fragebogen, mit dem Konto der Person, die sie zuletzt "
            "geändert hat, und dem Zeitpunkt der Abgabe."
        ),
        purpose=_("Prioritäten der Handlungsfelder gemeinsam mit allen Kommunen festlegen."),
        legal_basis=_public_task(details),
        retention=_("Als Teil der Unterlagen der Strategie, solange die Region die Strategie fortschreibt."),
    )


def _mails(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="mails",
        title=_("E-Mails"),
        data=_("Ihre E-Mail-Adresse, Ihr Name und der Inhalt der Nachricht."),
        purpose=_(
            "Nachrichten, die Sie ausgelöst haben oder die Sie erwarten: Bestätigungen, Einladungen, "
            "Erinnerungen, Benachrichtigungen. Es gibt keinen Newsletter und keine Werbung."
        ),
        legal_basis=_("Wie die Verarbeitung, zu der die Nachricht gehört."),
        retention=_(
            "Die Plattform bewahrt keine Kopie versandter Nachrichten auf. Für den Versand gelten die "
            "Protokolle des Mailservers, den der Betrieb nutzt."
        ),
    )


def _logs(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="protokolle",
        title=_("Anmelde- und Fehlerprotokolle"),
        data=_(
            "Bei jeder Anmeldung und jedem fehlgeschlagenen Anmeldeversuch: Zeitpunkt, angegebene "
            "E-Mail-Adresse, IP-Adresse und Browserkennung. Bei einem Fehler der Plattform: die "
            "aufgerufene Adresse ohne darin enthaltene Geheimnisse, ohne IP-Adresse. Die Plattform "
            "protokolliert keine Seitenaufrufe und misst keine Reichweite."
        ),
        purpose=_(
            "Schutz der Konten vor dem Erraten von Passwörtern (nach %(failures)d Fehlversuchen wird die "
            "Anmeldung für %(hours)s gesperrt) und Beheben von Fehlern."
        )
        % {"failures": settings.AXES_FAILURE_LIMIT, "hours": _hours(settings.AXES_COOLOFF_TIME)},
        legal_basis=_("%(task)s und Art. 32 DSGVO (Sicherheit der Verarbeitung)")
        % {"task": _public_task(details)},
        retention=_(
            "Fehlversuche verfallen %(hours)s nach dem letzten Versuch und werden danach gelöscht. "
            "Das Anmeldeprotokoll: %(period)s; diese Frist legt die Region fest und löscht ältere Einträge."
        )
        % {"hours": _hours(settings.AXES_COOLOFF_TIME), "period": _days(details.log_retention_days)},
    )


def _cookies(details: LegalDetails) -> PrivacySection:
    return PrivacySection(
        key="cookies",
        title=_("Cookies"),
        data=_(
            "Nur technisch notwendige Cookies: „sessionid“ hält Sie angemeldet (bis zur Abmeldung, "
            "höchstens zwei Wochen) und merkt sich einen begonnenen Import; „csrftoken“ schützt Formulare "
            "vor Missbrauch (ein Jahr); „django_language“ merkt sich die gewählte Sprache, wenn Sie sie "
            "wechseln (bis Sie den Browser schließen); „messages“ zeigt einmalig eine Bestätigung wie "
            "„gespeichert“; „sr_umfrage_…“ merkt sich, "
            "dass Sie eine Umfrage beantwortet haben (ein Jahr; ein Zufallswert, der auf dem Server "
            "nirgends gespeichert ist)."
        ),
        purpose=_(
            "Die Funktionen bereitstellen, die Sie aufrufen. Es gibt kein Tracking und keine Dienste Dritter."
        ),
        legal_basis=_(
            "§ 25 Abs. 2 Nr. 2 Telekommunikation-Digitale-Dienste-Datenschutz-Gesetz (TDDDG): unbedingt "
            "erforderlich, daher ohne Einwilligung."
        ),
        retention=_("Wie bei jedem Cookie angegeben; Sie können Cookies jederzeit in Ihrem Browser löschen."),
    )


Builder = Callable[[LegalDetails], PrivacySection]

# (module key or "" for every region, builder) in the order of the page.
_SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("", _accounts),
    ("ideas", _ideas),
    ("surveys", _surveys),
    ("analysis", _analysis),
    ("", _audit),
    ("", _mails),
    ("", _logs),
    ("", _cookies),
)
MODULE_SECTIONS = {"ideas": "ideen", "surveys": "umfragen", "analysis": "bedarfsanalyse", "events": "termine"}


def privacy_sections(
    details: LegalDetails, modules_on: Iterable[str], *, event_retention_days: int = 90
) -> list[PrivacySection]:
    """One section per processing the platform performs for the region: those of the modules in
    ``modules_on`` and those every region has (accounts, the change log, mails, logs, cookies)."""
    on = set(modules_on)
    sections = [build(details) for module, build in _SECTIONS if not module or module in on]
    if "events" in on:
        # After the ideas and surveys: the participation comes first.
        position = next(i for i, s in enumerate(sections) if s.key == "protokoll")
        sections.insert(position, _events(details, event_retention_days))
    return sections


RIGHTS = gettext_lazy(
    "Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), "
    "Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch gegen eine "
    "Verarbeitung zur Erfüllung öffentlicher Aufgaben (Art. 21). Eine Einwilligung können Sie jederzeit "
    "für die Zukunft widerrufen (Art. 7 Abs. 3). Sie können sich bei der Datenschutz-Aufsichtsbehörde "
    "beschweren (Art. 77)."
)


def operator() -> str:
    """Who runs the installation for the region (processor under Art. 28 DSGVO)."""
    return str(settings.SITE_OPERATOR)
