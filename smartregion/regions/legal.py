"""What a region's legal pages say, built from its ``LegalDetails`` and the modules it uses.

Pure reads: ``defaults`` gives the starting values of a new region (the authorities of its federal
state where they are known, the platform's own barriers), ``privacy_sections`` the
Datenschutzerklärung's sections, one per processing the platform performs for the region (those every
region has are built here, those of its modules by the modules, ``Module.privacy``), ``processing_record``
the record of processing activities (Art. 30 DSGVO) from the same sections, and ``missing_fields`` what a
page still lacks. The storage periods stated are what the platform does: the nightly retention sweep
(``core.retention``) deletes what each module's rules and the region's periods say.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregion.core import modules as platform_modules
from smartregion.core.background import GAVE_UP_SHOWN_DAYS
from smartregion.core.privacy import Processing, days, declared, hours, months, public_task
from smartregion.core.retention import TASK_RESULTS_KEPT_DAYS
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


def _accounts(details: LegalDetails) -> Processing:
    return Processing(
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
        legal_basis=public_task(details),
        retention=_(
            "Bis das Konto gelöscht wird: Sie können es unter „Meine Daten“ selbst löschen und dort vorher "
            "alles herunterladen, was über Sie gespeichert ist. Die Koordination entzieht Rollen, sobald "
            "jemand nicht mehr mitarbeitet."
        ),
        subjects=_("Mitarbeitende der Region und der Kommunen, Gremienmitglieder, Projektverantwortliche"),
        recipients=_("Koordination der Region (Rollen); der Betrieb als Auftragsverarbeiter"),
    )


def _audit(details: LegalDetails) -> Processing:
    return Processing(
        key="protokoll",
        title=_("Änderungsprotokoll"),
        data=_(
            "Wer wann was in der Region geändert hat: Konto, Zeitpunkt, Art der Änderung, "
            "betroffener Eintrag."
        ),
        purpose=_("Nachvollziehbarkeit der Arbeit an der Strategie und Schutz vor unbefugten Änderungen."),
        legal_basis=public_task(details),
        retention=_(
            "%(period)s; diese Frist legt die Region fest, ältere Einträge löscht die Plattform jede Nacht. "
            "Wer das eigene Konto löscht, bleibt in den Einträgen ohne Namen und E-Mail-Adresse."
        )
        % {"period": months(details.audit_retention_months)},
        subjects=_("Alle, die in der Region etwas ändern oder einreichen"),
        recipients=_("Koordination der Region; der Betrieb als Auftragsverarbeiter"),
    )


def _mails(details: LegalDetails) -> Processing:
    return Processing(
        key="mails",
        title=_("E-Mails"),
        data=_("Ihre E-Mail-Adresse, Ihr Name und der Inhalt der Nachricht."),
        purpose=_(
            "Nachrichten, die Sie ausgelöst haben oder die Sie erwarten: Bestätigungen, Einladungen, "
            "Erinnerungen, Benachrichtigungen. Es gibt keinen Newsletter und keine Werbung."
        ),
        legal_basis=_("Wie die Verarbeitung, zu der die Nachricht gehört."),
        retention=_(
            "Die Plattform bewahrt keine Kopie versandter Nachrichten auf. Nimmt der Mailserver eine "
            "Nachricht nicht an, wird sie als Hintergrundaufgabe gespeichert und später zugestellt; "
            "erledigte Aufgaben löscht die Plattform, sobald %(kept)s vergangen sind, nicht zustellbare, "
            "sobald %(failed)s vergangen sind. "
            "Für den Versand gelten die Protokolle des Mailservers, den der Betrieb nutzt."
        )
        % {"kept": days(TASK_RESULTS_KEPT_DAYS), "failed": days(GAVE_UP_SHOWN_DAYS)},
        subjects=_("Alle, denen die Plattform schreibt"),
        recipients=_("Der Mailserver des Betriebs; der Betrieb als Auftragsverarbeiter"),
    )


def _logs(details: LegalDetails) -> Processing:
    return Processing(
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
        % {"failures": settings.AXES_FAILURE_LIMIT, "hours": hours(settings.AXES_COOLOFF_TIME)},
        legal_basis=_("%(task)s und Art. 32 DSGVO (Sicherheit der Verarbeitung)")
        % {"task": public_task(details)},
        retention=_(
            "Fehlversuche verfallen %(hours)s nach dem letzten Versuch und werden danach gelöscht. "
            "Das Anmeldeprotokoll: höchstens %(period)s; diese Frist legt die Region fest, ältere Einträge "
            "löscht die Plattform jede Nacht (gilt in einer Installation mit mehreren Regionen eine "
            "kürzere Frist, früher)."
        )
        % {"hours": hours(settings.AXES_COOLOFF_TIME), "period": days(details.log_retention_days)},
        subjects=_("Alle, die sich anmelden oder es versuchen"),
        recipients=_("Der Betrieb (Fehlersuche, Sicherheit); Auftragsverarbeiter nach Art. 28 DSGVO"),
    )


def _cookies(details: LegalDetails) -> Processing:
    return Processing(
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
        subjects=_("Alle Besucherinnen und Besucher"),
        recipients=_("Niemand; die Cookies bleiben zwischen Ihrem Browser und diesem Server"),
    )


def privacy_sections(details: LegalDetails, modules_on: Iterable[str]) -> list[Processing]:
    """One section per processing the platform performs for the region: those every region has (accounts,
    the change log, mails, logs, cookies) and those the modules in ``modules_on`` declare
    (``Module.privacy``, ``core.privacy``), participation first."""
    return [
        _accounts(details),
        *declared(details, modules_on),
        _audit(details),
        _mails(details),
        _logs(details),
        _cookies(details),
    ]


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


# ---- Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) -----------------------------------


# Names of the password hashers Django offers, as a reader of the record knows them.
HASHER_NAMES = {
    "pbkdf2_sha256": "PBKDF2",
    "pbkdf2_sha1": "PBKDF2",
    "argon2": "Argon2",
    "bcrypt_sha256": "bcrypt",
    "bcrypt": "bcrypt",
    "scrypt": "scrypt",
}


def _transport_measure() -> str:
    if (
        settings.SECURE_SSL_REDIRECT
        and settings.SECURE_HSTS_SECONDS
        and settings.SESSION_COOKIE_SECURE
        and settings.CSRF_COOKIE_SECURE
    ):
        return _(
            "Verschlüsselte Übertragung: Die Plattform antwortet nur über HTTPS (HSTS); Cookies nur über "
            "HTTPS."
        )
    return _(
        "Verschlüsselte Übertragung: Diese Installation leitet nicht selbst auf HTTPS um und sendet Cookies "
        "auch ohne HTTPS (Entwicklungs- oder Demobetrieb); im Betrieb muss der vorgeschaltete Webserver "
        "HTTPS sicherstellen."
    )


def _login_measures() -> list[str]:
    algorithm = str(get_hasher().algorithm)
    found = [
        _("Passwörter nur als Prüfwert (%(algorithm)s), nie im Klartext.")
        % {"algorithm": HASHER_NAMES.get(algorithm, algorithm)}
    ]
    if settings.REQUIRE_MFA_FOR_COORDINATORS:
        found.append(
            _(
                "Zweiter Anmeldefaktor (TOTP): für alle möglich, für die Koordination Pflicht; ohne ihn "
                "kann sie weder Seiten noch die Schnittstelle nutzen."
            )
        )
    else:
        found.append(
            _("Zweiter Anmeldefaktor (TOTP): für alle möglich; in dieser Installation für niemanden Pflicht.")
        )
    if settings.AXES_ENABLED:
        found.append(
            _("Anmeldesperre: nach %(failures)d Fehlversuchen wird die Anmeldung für %(hours)s gesperrt.")
            % {"failures": settings.AXES_FAILURE_LIMIT, "hours": hours(settings.AXES_COOLOFF_TIME)}
        )
    if settings.ANONYMOUS_WRITE_LIMITS:
        found.append(
            _(
                "Grenzen für anonyme Einsendungen je Anschluss (Ideen, Kommentare, Unterstützungen, "
                "Umfrageantworten, Anmeldungen); die IP-Adresse wird dafür nur kurz als Prüfwert gezählt, "
                "nicht gespeichert."
            )
        )
    return found


def measures() -> list[str]:
    """The technical and organisational measures (Art. 32 DSGVO) of this installation, as its settings
    make them: a measure a setting switches off is not claimed."""
    return [
        _transport_measure(),
        *_login_measures(),
        _(
            "Zugriff nach Rollen und Regionen: Jede Seite und jede Schnittstelle prüft Rolle und Region; die "
            "Berechtigungsmatrix aller Seiten und Rollen wird bei jeder Änderung automatisch geprüft."
        ),
        _("Änderungsprotokoll: wer wann was geändert hat, für die Koordination einsehbar."),
        _(
            "Datensparsamkeit: anonyme Umfrageantworten ohne IP-Adresse und Browserkennung; keine "
            "Reichweitenmessung, keine Dienste Dritter, keine Inhalte von fremden Servern."
        ),
        _("Löschfristen: Ein nächtlicher Lauf löscht, was nur für eine Frist aufbewahrt wird."),
        _(
            "Verfügbarkeit: Sicherung und Wiederherstellung aller Daten und Dateien mit manage.py backup und "
            "restore; wie oft gesichert wird und wo die Sicherungen liegen, legt der Betrieb fest. Bei "
            "Ausfall der Datenbank erscheint eine Hinweisseite, ohne Daten preiszugeben."
        ),
        _(
            "Betroffenenrechte: Auskunft und Kopie als PDF und JSON, Löschen des eigenen Kontos unter "
            "„Meine Daten“."
        ),
    ]


@dataclass(frozen=True)
class ProcessingRecord:
    """The record of processing activities of one region (Art. 30 Abs. 1 DSGVO)."""

    region: Region
    details: LegalDetails
    operator: str
    sections: list[Processing]
    modules: list[str]
    measures: tuple[str, ...]
    made_on: datetime.date


def processing_record(region: Region, details: LegalDetails, modules_on: Iterable[str]) -> ProcessingRecord:
    """The record from the same sections as the privacy notice: those of every region and of the modules
    the region uses, with the controller, the processor and the technical and organisational measures."""
    on = list(modules_on)
    labels = [str(module.label) for module in platform_modules.modules() if module.key in on]
    return ProcessingRecord(
        region=region,
        details=details,
        operator=operator(),
        sections=privacy_sections(details, on),
        modules=labels,
        measures=tuple(measures()),
        made_on=timezone.localdate(),
    )
