"""Import of a project list from CSV or XLSX: read the file, check every row, create all or none.

``read_table`` turns the bytes of an upload into rows of text cells (or raises ImportFileError);
``parse_table`` checks those cells against the region and reports every problem per row and
column, never raising for bad content; ``check_file`` does both. ``import_projects`` checks the
cells again and creates every project in one transaction, or refuses and creates nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

import openpyxl
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.core.spreadsheets import original_text
from smartregion.portfolio.columns import (
    COLUMNS,
    EXAMPLE_TITLE,
    HEADERS,
    LIST_SEPARATOR,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Column,
    Kind,
    format_date,
    normalise_name,
    parse_choice,
    parse_date,
)
from smartregion.portfolio.models import Maturity, Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction

Table = list[list[str]]  # rows of cell texts; empty rows stay as [] so row numbers match the file
MAX_SCANNED_ROWS = 20_000  # rows including empty ones
MAX_COLUMNS = 60
MAX_CHARACTERS = 5_000_000  # kept in the session between preview and import
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip archive; refuse archives that unpack huge
MAX_MESSAGES = 50
# Columns of earlier templates whose content is now planned in the roadmap, not in the profile.
RETIRED_HEADERS = frozenset(normalise_name(name) for name in ("Kosten", "Personalbedarf", "Finanzierung"))
SHOWN_NAMES = 12  # known names listed after an unknown one
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
DELIMITERS = (";", ",", "\t")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DEFAULTS: dict[Kind, str] = {Kind.MATURITY: Maturity.IDEA, Kind.STATUS: ProjectStatus.IDEA}


class ImportFileError(ValidationError):
    """The file as a whole cannot be read: its format, encoding or size."""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str  # the header, or "" for the whole row
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.column:
            return _("Zeile %(row)s, Spalte „%(column)s“: %(message)s") % values
        return _("Zeile %(row)s: %(message)s") % values


@dataclass
class ImportRow:
    """One row of the file: its cells as written, and what create_project will get."""

    number: int
    cells: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    status: str = ProjectStatus.IDEA
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(CellError(self.number, column, message))


@dataclass
class ImportCheck:
    """The result of checking a table: its rows, errors about the file as a whole, the cells read."""

    rows: list[ImportRow]
    errors: list[str]
    table: Table = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows) and not self.rows_with_errors

    @property
    def rows_with_errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    def messages(self) -> list[str]:
        return [*self.errors, *(str(error) for row in self.rows for error in row.errors)]


# Reading files --------------------------------------------------------------------------


def read_table(content: bytes) -> Table:
    """The cells of an uploaded CSV or XLSX file as text.

    Raises ImportFileError with a German message if the file is too large, empty, neither CSV
    nor XLSX, in an unknown encoding, or has more rows or columns than allowed.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Die Datei ist größer als %(megabytes)s MB. Bitte teilen Sie sie auf.")
            % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content)
    if content.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("Dateien im alten Excel-Format (.xls) werden nicht unterstützt. Bitte speichern Sie als .xlsx.")
        )
    return _read_csv(_decode(content))


def _not_a_table() -> ImportFileError:
    return ImportFileError(
        _("Die Datei ist weder eine CSV- noch eine XLSX-Datei. Bitte verwenden Sie die Vorlage.")
    )


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_CHARACTERS.search(text):
            raise _not_a_table()
        return text
    raise ImportFileError(
        _(
            "Die Zeichenkodierung der Datei wurde nicht erkannt. Bitte speichern Sie sie in Excel als "
            "„CSV UTF-8 (durch Trennzeichen getrennt)“."
        )
    )


def _delimiter(text: str) -> str:
    """The delimiter under which the first line holds the most known headers."""
    lines = io.StringIO(text, newline="")
    first_line = next((line for line in lines if line.strip()), "").rstrip("\r\n")
    known = {normalise_name(header) for header in HEADERS}

    def score(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # the full read below reports it with its line
            return 0, 0
        return sum(normalise_name(cell) in known for cell in cells), len(cells)

    return max(DELIMITERS, key=score)


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _collect([_clean(original_text(cell)) for cell in cells] for cells in reader)
    except csv.Error as error:
        raise ImportFileError(
            _("Die CSV-Datei ist in Zeile %(line)s fehlerhaft (z. B. ein Anführungszeichen zu viel).")
            % {"line": reader.line_num}
        ) from error


def _read_xlsx(content: bytes) -> Table:
    _check_archive(content)
    # openpyxl raises many kinds of exceptions on broken files; each means "cannot read it".
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable_xlsx() from error
    try:
        sheet = workbook["Projekte"] if "Projekte" in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        return _collect([_xlsx_text(value) for value in values] for values in rows)
    except ImportFileError:
        raise
    except Exception as error:
        raise _unreadable_xlsx() from error
    finally:
        workbook.close()


def _unreadable_xlsx() -> ImportFileError:
    return ImportFileError(_("Die XLSX-Datei ist beschädigt und konnte nicht gelesen werden."))


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:  # zipfile, too, has many ways to say "broken"
        raise _not_a_table() from error
    if "xl/workbook.xml" not in names:
        raise _not_a_table()
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("Die XLSX-Datei ist entpackt zu groß. Bitte teilen Sie sie auf."))


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, datetime.datetime):
        return format_date(value.date())
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    return _clean(original_text(str(value)))  # without the "'" the export puts before a formula


def _number_text(value: int | float | Decimal) -> str:
    """A number cell in German notation, so that 1.5 is not read as 15 (1.500) or a date."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return format(number, "f").replace(".", ",")


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text; line breaks are stored as "\n".
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _collect(rows: Iterable[list[str]]) -> Table:
    """Rows without trailing empty cells, within the limits of rows, columns and characters."""
    table: Table = []
    filled = characters = 0
    for cells in rows:
        while cells and not cells[-1]:
            cells.pop()
        table.append(cells)
        filled += bool(cells)
        characters += sum(len(cell) for cell in cells)
        _check_limits(len(table), filled, len(cells), characters)
    while table and not table[-1]:
        table.pop()
    return table


def _too_many_rows() -> str:
    rows = number_format(MAX_ROWS, force_grouping=True)
    return _("Die Datei hat mehr als %(rows)s Projektzeilen. Bitte teilen Sie sie auf.") % {"rows": rows}


def _check_limits(scanned: int, filled: int, columns: int, characters: int) -> None:
    if filled > MAX_ROWS + 1 or scanned > MAX_SCANNED_ROWS:
        raise ImportFileError(_too_many_rows())
    if columns > MAX_COLUMNS:
        raise ImportFileError(
            _("Die Datei hat mehr Spalten als die Vorlage. Bitte verwenden Sie die Vorlage.")
        )
    if characters > MAX_CHARACTERS:
        raise ImportFileError(_("Die Datei enthält zu viel Text. Bitte teilen Sie sie auf."))


# Checking rows ---------------------------------------------------------------------------

T = TypeVar("T", bound=models.Model)


class NameIndex(Generic[T]):
    """Objects of the region by name, compared without case and extra spaces."""

    def __init__(self, objects: Iterable[T], name: Callable[[T], str], unknown: str) -> None:
        self._by_name: dict[str, list[T]] = {}
        for obj in objects:
            self._by_name.setdefault(normalise_name(name(obj)), []).append(obj)
        self._names = sorted(name(matches[0]) for matches in self._by_name.values())
        self._unknown = unknown

    def resolve(self, text: str) -> T:
        matches = self._by_name.get(normalise_name(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(
                _("Mehrere Einträge der Region heißen „%(name)s“; bitte benennen Sie sie eindeutig.")
                % {"name": text}
            )
        raise ValueError(f"{self._unknown % {'name': text}} {self._known()}")

    def resolve_all(self, text: str) -> list[T]:
        found: list[T] = []
        problems: list[str] = []
        for name in text.split(LIST_SEPARATOR):
            if not name.strip():
                continue
            try:
                obj = self.resolve(name.strip())
            except ValueError as error:
                problems.append(str(error))
            else:
                found += [] if obj in found else [obj]
        if problems:
            raise ValueError(" ".join(problems))
        return found

    def _known(self) -> str:
        if not self._names:
            return _("Die Region hat dafür noch keine Einträge.")
        names = ", ".join(f"„{name}“" for name in self._names[:SHOWN_NAMES])
        if len(self._names) > SHOWN_NAMES:
            return _(
                "Vorhanden sind unter anderem: %(names)s. Alle stehen im Blatt „Auswahlwerte“ der Vorlage."
            ) % {"names": names}
        return _("Vorhanden: %(names)s.") % {"names": names}


@dataclass(frozen=True)
class RegionNames:
    fields: NameIndex[FieldOfAction]
    municipalities: NameIndex[Municipality]
    organisations: NameIndex[Organisation]

    @classmethod
    def of(cls, region: Region) -> RegionNames:
        return cls(
            fields=NameIndex(
                FieldOfAction.objects.filter(strategy__region=region).select_related("strategy"),
                lambda f: f.name,
                _("Das Handlungsfeld „%(name)s“ gibt es in der Strategie dieser Region nicht."),
            ),
            municipalities=NameIndex(
                Municipality.objects.filter(region=region),
                lambda m: m.name,
                _("Die Kommune „%(name)s“ gehört nicht zu dieser Region."),
            ),
            organisations=NameIndex(
                Organisation.objects.filter(region=region),
                lambda o: o.name,
                _("Die Organisation „%(name)s“ ist in dieser Region nicht eingetragen."),
            ),
        )


def check_file(*, region: Region, content: bytes) -> ImportCheck:
    """Read and check an uploaded file; every problem, including an unreadable file, becomes an error."""
    try:
        table = read_table(content)
    except ImportFileError as error:
        return ImportCheck(rows=[], errors=error.messages)
    return parse_table(region=region, table=table)


def parse_table(*, region: Region, table: Table) -> ImportCheck:
    """Check every row of ``table`` against the region's names; bad content becomes errors, never raises.

    A row without errors has ``data`` ready for create_project and, if it has both dates,
    an end that is not before its start.
    """
    header_at = next((index for index, cells in enumerate(table) if cells), None)
    if header_at is None:
        return ImportCheck(rows=[], errors=[_("Die Datei enthält keine Daten.")])
    positions, errors = _column_positions(table[header_at])
    if errors:
        return ImportCheck(rows=[], errors=errors)
    names = RegionNames.of(region)
    rows = [
        _parse_row(index + 1, cells, positions, names)
        for index, cells in enumerate(table)
        if index > header_at and cells
    ]
    if not rows:
        errors.append(_("Die Datei enthält unter den Spaltenüberschriften keine Projekte."))
    elif len(rows) > MAX_ROWS:
        errors.append(_too_many_rows())
    _warn_about_duplicates(region, rows)
    return ImportCheck(rows=rows, errors=errors, table=table)


def _column_positions(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each column is, by its header; errors if headers are missing, unknown or doubled."""
    by_name = {normalise_name(column.header): column for column in COLUMNS}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    retired: list[str] = []
    for index, text in enumerate(header):
        column = by_name.get(normalise_name(text))
        if column is None and normalise_name(text) in RETIRED_HEADERS:
            retired.append(text)
        elif column is None:
            unknown += [text] if text else []
        elif column.key in positions:
            unknown.append(text)
        else:
            positions[column.key] = index
    missing = [column.header for column in COLUMNS if column.key not in positions]
    errors = []
    if retired:
        errors.append(
            _(
                "Die Spalten %(names)s gibt es nicht mehr: Kosten, Personal und Finanzierung werden im "
                "Fahrplan jedes Projekts geplant. Bitte entfernen Sie diese Spalten oder nehmen Sie die "
                "aktuelle Vorlage."
            )
            % {"names": _quoted(retired)}
        )
    if missing:
        errors.append(_("Es fehlen die Spalten %(names)s.") % {"names": _quoted(missing)})
    if unknown:
        errors.append(_("Unbekannte oder doppelte Spalten: %(names)s.") % {"names": _quoted(unknown)})
    if errors:
        errors.append(
            _("Die erste Zeile muss genau diese Überschriften enthalten: %(names)s.")
            % {"names": _quoted(HEADERS)}
        )
    return positions, errors


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"„{name}“" for name in names)


def _parse_row(number: int, cells: list[str], positions: dict[str, int], names: RegionNames) -> ImportRow:
    row = ImportRow(number=number, cells={c.header: _cell(cells, positions[c.key]) for c in COLUMNS})
    for column in COLUMNS:
        try:
            value = _parse_cell(column, row.cells[column.header], names)
        except ValueError as error:
            row.fail(column.header, str(error))
            continue
        if column.kind is Kind.STATUS:
            row.status = value
        else:
            row.data[column.key] = value
    _check_row(row, cells, set(positions.values()))
    return row


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _parse_cell(column: Column, text: str, names: RegionNames) -> Any:
    """The value of one cell; ValueError with a German message if it cannot be used."""
    kind = column.kind
    if kind is Kind.TEXT:
        return _parse_text(column, text)
    if kind is Kind.FIELDS:
        return names.fields.resolve_all(text)
    if kind is Kind.MUNICIPALITIES:
        return names.municipalities.resolve_all(text)
    if not text:
        return _DEFAULTS.get(kind)
    if kind is Kind.ORGANISATION:
        return names.organisations.resolve(text)
    if kind is Kind.DATE:
        return parse_date(text)
    return parse_choice(kind, text)


def _parse_text(column: Column, text: str) -> str:
    limit = column.max_length
    if limit is not None and len(text) > limit:
        raise ValueError(
            _("Der Text hat %(length)s Zeichen; erlaubt sind höchstens %(limit)s.")
            % {"length": len(text), "limit": limit}
        )
    if column.required and not text:
        raise ValueError(_("Bitte geben Sie einen Titel an."))
    return text


def _check_row(row: ImportRow, cells: list[str], known_positions: set[int]) -> None:
    """Checks across cells: the example row, the order of dates, values outside any column."""
    if row.cells["Titel"] == EXAMPLE_TITLE:
        row.fail("Titel", _("Das ist die Beispielzeile der Vorlage. Bitte löschen Sie sie."))
    start, end = row.data.get("start_date"), row.data.get("end_date")
    if start and end and end < start:
        row.fail(
            "Ende",
            _("Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).")
            % {"end": format_date(end), "start": format_date(start)},
        )
    stray = [index + 1 for index, cell in enumerate(cells) if cell and index not in known_positions]
    if stray:
        row.fail("", _("Werte in Spalten ohne Überschrift (Spalte %(columns)s).") % {"columns": stray[0]})


def _warn_about_duplicates(region: Region, rows: list[ImportRow]) -> None:
    existing = {
        normalise_name(t) for t in Project.objects.filter(region=region).values_list("title", flat=True)
    }
    first_row: dict[str, int] = {}
    for row in rows:
        title = normalise_name(row.cells["Titel"])
        if not title:
            continue
        if title in existing:
            row.warnings.append(
                _("Ein Projekt mit diesem Titel gibt es schon; es wird ein weiteres angelegt.")
            )
        if title in first_row:
            row.warnings.append(_("Derselbe Titel steht schon in Zeile %(row)s.") % {"row": first_row[title]})
        first_row.setdefault(title, row.number)


# Importing -------------------------------------------------------------------------------


def import_projects(*, region: Region, actor: Any, table: Table) -> list[Project]:
    """Check ``table`` again and create all its projects in one transaction, or none.

    Raises ValidationError with German messages (row and column named) if the file or any row
    has an error; nothing is saved then.
    """
    try:
        with transaction.atomic():
            check = parse_table(region=region, table=table)
            if not check.is_valid:
                raise ValidationError(check.messages()[:MAX_MESSAGES])
            projects = [_create(region, actor, row) for row in check.rows]
            record_event(
                action="project.imported",
                obj=region,
                actor=actor,
                region=region,
                details={"count": len(projects)},
            )
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Die Daten der Region haben sich während des Imports geändert. Es wurde nichts "
                "gespeichert; bitte versuchen Sie es erneut."
            )
        ) from error
    return projects


def _create(region: Region, actor: Any, row: ImportRow) -> Project:
    try:
        return create_project(region=region, actor=actor, data=row.data, status=row.status)
    except ValidationError as error:
        messages = [str(CellError(row.number, "", message)) for message in error.messages]
        raise ValidationError(messages) from error
