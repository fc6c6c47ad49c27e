"""The columns of the project list file, shared by export, import and the template.

The headers and the value formats are a file format, not interface text: they stay German in
every interface language, so a file exported by anyone imports anywhere. Only the explanations
go through gettext.
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregion.portfolio.models import Maturity, Project, ProjectStatus

# Names in the columns Handlungsfelder and Kommunen are separated by a vertical bar: ";" and ","
# already separate the cells of a CSV file, and "/" occurs in names ("Innenstadt/Dorfmitte").
LIST_SEPARATOR = "|"
# The example row of the template; a row with this title is refused, so it is never imported.
EXAMPLE_TITLE = "Beispiel: Digitales Rathaus (Zeile vor dem Import löschen)"
MAX_FILE_BYTES = 5 * 1024 * 1024
# Projects per file. create_project costs ~20-50 ms per project; 500 stay well within a request's
# 30 s (gunicorn's default) and keep the one import transaction short.
MAX_ROWS = 500


class Kind(enum.Enum):
    TEXT = "text"
    FIELDS = "fields"
    MUNICIPALITIES = "municipalities"
    ORGANISATION = "organisation"
    DATE = "date"
    MATURITY = "maturity"
    STATUS = "status"


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # the key in create_project's data; "status" is passed to create_project on its own
    kind: Kind
    explanation: str | Promise
    example: str
    required: bool = False

    @property
    def max_length(self) -> int | None:
        if self.kind is not Kind.TEXT:
            return None
        model_field = Project._meta.get_field(self.key)
        return model_field.max_length if isinstance(model_field, models.Field) else None


COLUMNS: tuple[Column, ...] = (
    Column(
        "Titel",
        "title",
        Kind.TEXT,
        gettext_lazy("Name des Projekts, höchstens 200 Zeichen."),
        EXAMPLE_TITLE,
        required=True,
    ),
    Column(
        "Kurzbeschreibung",
        "summary",
        Kind.TEXT,
        gettext_lazy("Worum geht es? Freier Text."),
        "Alle Anträge online.",
    ),
    Column(
        "Ausgangslage", "starting_point", Kind.TEXT, gettext_lazy("Freier Text."), "Viele Wege ins Rathaus."
    ),
    Column("Ziele", "goals", Kind.TEXT, gettext_lazy("Freier Text."), "Anträge rund um die Uhr stellen."),
    Column("Maßnahmen", "measures", Kind.TEXT, gettext_lazy("Freier Text."), "Onlinedienste einführen."),
    Column("Zielgruppen", "target_groups", Kind.TEXT, gettext_lazy("Freier Text."), "Bürgerinnen und Bürger"),
    Column(
        "Handlungsfelder",
        "fields",
        Kind.FIELDS,
        gettext_lazy(
            "Namen von Handlungsfeldern der Strategie dieser Region, getrennt durch einen senkrechten "
            "Strich „|“. Groß- und Kleinschreibung spielt keine Rolle. Darf leer bleiben."
        ),
        "Verwaltung | Bildung",
    ),
    Column(
        "Kommunen",
        "municipalities",
        Kind.MUNICIPALITIES,
        gettext_lazy("Namen von Kommunen dieser Region, getrennt durch „|“. Darf leer bleiben."),
        "Greven | Emsdetten",
    ),
    Column(
        "Federführung",
        "lead_organisation",
        Kind.ORGANISATION,
        gettext_lazy("Name einer Organisation, die in dieser Region eingetragen ist. Darf leer bleiben."),
        "Smart Region Büro",
    ),
    Column(
        "Ansprechperson",
        "lead_person",
        Kind.TEXT,
        gettext_lazy("Name der Ansprechperson, höchstens 200 Zeichen."),
        "Erika Mustermann",
    ),
    Column("Partner", "partners", Kind.TEXT, gettext_lazy("Freier Text."), "Kommunales Rechenzentrum"),
    Column(
        "Beginn",
        "start_date",
        Kind.DATE,
        gettext_lazy("Datum als TT.MM.JJJJ. Darf leer bleiben."),
        "01.03.2025",
    ),
    Column(
        "Ende",
        "end_date",
        Kind.DATE,
        gettext_lazy("Datum als TT.MM.JJJJ, nicht vor dem Beginn. Darf leer bleiben."),
        "31.12.2026",
    ),
    Column("Indikatoren", "indicators", Kind.TEXT, gettext_lazy("Freier Text."), "Zahl der Onlineanträge"),
    Column("Risiken", "risks", Kind.TEXT, gettext_lazy("Freier Text."), "Fachverfahren ohne Schnittstelle"),
    Column(
        "Reifegrad",
        "maturity",
        Kind.MATURITY,
        gettext_lazy("Eine der Angaben im Blatt „Auswahlwerte“. Leer bedeutet „Idee“."),
        Maturity.CONCEPT.value,  # a key: the template shows its label
    ),
    Column(
        "Stand",
        "status",
        Kind.STATUS,
        gettext_lazy("Eine der Angaben im Blatt „Auswahlwerte“. Leer bedeutet „Idee“."),
        ProjectStatus.DRAFTING.value,
    ),
)
HEADERS = tuple(column.header for column in COLUMNS)
CHOICES: dict[Kind, type[models.TextChoices]] = {Kind.MATURITY: Maturity, Kind.STATUS: ProjectStatus}


def normalise_name(name: str) -> str:
    """The form in which names and headers are compared: single spaces, case folded."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


# Dates ---------------------------------------------------------------------------------

_GERMAN_DATE = re.compile(r"\A([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\Z")
_ISO_DATE = re.compile(r"\A([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def format_date(value: datetime.date) -> str:
    # Not strftime: %Y leaves years before 1000 unpadded on some platforms.
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def parse_date(text: str) -> datetime.date:
    """A date written TT.MM.JJJJ (or JJJJ-MM-TT); ValueError with a German message otherwise."""
    german, iso = _GERMAN_DATE.match(text), _ISO_DATE.match(text)
    if german:
        day, month, year = (int(part) for part in german.groups())
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValueError(_("„%(value)s“ ist kein Datum im Format TT.MM.JJJJ.") % {"value": text})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("Den Tag „%(value)s“ gibt es nicht.") % {"value": text}) from None


# Choices (Reifegrad, Stand) --------------------------------------------------------------


def choice_label(kind: Kind, value: str) -> str:
    """The German label the file uses for a stored choice."""
    with translation.override("de"):
        return str(CHOICES[kind](value).label)


def choice_labels(kind: Kind) -> list[str]:
    return [choice_label(kind, value) for value in CHOICES[kind].values]


def parse_choice(kind: Kind, text: str) -> str:
    """The stored value for a key or a label (German or in the current language), case-insensitive."""
    wanted = normalise_name(text)
    choices = CHOICES[kind]
    keys = {normalise_name(value): value for value in choices.values}
    german = {normalise_name(choice_label(kind, value)): value for value in choices.values}
    current = {normalise_name(str(label)): value for value, label in choices.choices}
    for candidates in (keys, german, current):
        if wanted in candidates:
            return str(candidates[wanted])
    labels = ", ".join(f"„{label}“" for label in choice_labels(kind))
    message = _("„%(value)s“ ist keine gültige Angabe. Möglich sind: %(labels)s.")
    raise ValueError(message % {"value": text, "labels": labels})


def example_value(column: Column) -> str:
    """The value of the template's example row in this column."""
    return choice_label(column.kind, column.example) if column.kind in CHOICES else column.example


def file_notes() -> list[str]:
    """What every import file must look like, for the upload page and the template."""
    return [
        _("Eine Zeile je Projekt. Die erste Zeile enthält die Spaltenüberschriften; ändern Sie sie nicht."),
        _(
            "Der Import gelingt ganz oder gar nicht: Erst wenn keine Zeile mehr einen Fehler hat, werden "
            "alle Projekte auf einmal angelegt."
        ),
        _("Mehrere Handlungsfelder oder Kommunen trennen Sie durch „|“, z. B. „Bildung | Mobilität“."),
        _(
            "Dateiformat XLSX oder CSV. CSV-Dateien in UTF-8 (mit oder ohne BOM) oder Windows-1252, "
            "Trennzeichen Semikolon oder Komma."
        ),
        _("Höchstens %(rows)s Projekte und %(megabytes)s MB je Datei.")
        % {
            "rows": number_format(MAX_ROWS, force_grouping=True),
            "megabytes": MAX_FILE_BYTES // (1024 * 1024),
        },
    ]
