"""A region's projects as CSV (for German Excel) and XLSX, and the XLSX template for the import.

Both files use the columns of ``columns.py``, so an export imports again unchanged.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from smartregion.portfolio.columns import (
    CHOICES,
    COLUMNS,
    FORMULA_START,
    HEADERS,
    LIST_SEPARATOR,
    Column,
    Kind,
    choice_label,
    choice_labels,
    example_value,
    file_notes,
    format_date,
    format_money,
)
from smartregion.portfolio.models import Project
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction

PROJECT_SHEET = "Projekte"  # the importer reads this sheet
CHOICES_SHEET = "Auswahlwerte"  # named in the column explanations
Cell = str | datetime.date | Decimal | None
_WIDE = {Kind.TEXT: 40, Kind.FIELDS: 32, Kind.MUNICIPALITIES: 28, Kind.ORGANISATION: 28}


def with_columns(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with what the columns read, in the order of the export."""
    return (
        projects.select_related("lead_organisation")
        .prefetch_related("fields", "municipalities")
        .order_by("title", "pk")
    )


def cell_value(column: Column, project: Project) -> Cell:
    """A project's value in one column: text, a date, an amount or None."""
    kind = column.kind
    if kind in (Kind.FIELDS, Kind.MUNICIPALITIES):
        return f" {LIST_SEPARATOR} ".join(item.name for item in getattr(project, column.key).all())
    if kind is Kind.ORGANISATION:
        return project.lead_organisation.name if project.lead_organisation else ""
    if kind in CHOICES:
        return choice_label(kind, getattr(project, column.key))
    value: Cell = getattr(project, column.key)
    return value


def project_row(project: Project) -> list[Cell]:
    return [cell_value(column, project) for column in COLUMNS]


# CSV -------------------------------------------------------------------------------------


def projects_csv(projects: Iterable[Project]) -> bytes:
    """UTF-8 with BOM and ";" between cells: German Excel opens it with umlauts and columns intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([_csv_text(value) for value in project_row(project)] for project in projects)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_money(value)
    # Excel would run "=…" as a formula; the "'" makes it text and the importer removes it.
    return f"'{value}" if FORMULA_START.match(value) else value


# XLSX ------------------------------------------------------------------------------------


def projects_xlsx(projects: Iterable[Project]) -> bytes:
    """One sheet "Projekte": a header row, then one row per project with real dates and amounts."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PROJECT_SHEET
    _write_header(sheet, HEADERS)
    for number, project in enumerate(projects, start=2):
        _write_row(sheet, number, project_row(project))
    _set_widths(sheet)
    return _saved(workbook)


def import_template_xlsx(region: Region) -> bytes:
    """The import template: header and example row, explanations, and the region's valid values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PROJECT_SHEET
    _write_header(sheet, HEADERS)
    _write_row(sheet, 2, _example_row(region))
    _set_widths(sheet)
    _write_explanations(workbook.create_sheet("Erläuterungen"))
    _write_choices(workbook.create_sheet(CHOICES_SHEET), region)
    return _saved(workbook)


def _write_header(sheet: Any, headers: Sequence[str]) -> None:
    for number, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=number, value=header)
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _write_row(sheet: Any, row: int, values: Sequence[Cell]) -> None:
    for number, value in enumerate(values, start=1):
        _write_cell(sheet.cell(row=row, column=number), value)


def _write_cell(cell: Any, value: Cell) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, even if it starts with "=": never a formula
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    cell.value = value
    cell.alignment = Alignment(vertical="top")
    if isinstance(value, datetime.date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"


def _set_widths(sheet: Any) -> None:
    for number, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=number).column_letter
        sheet.column_dimensions[letter].width = _WIDE.get(column.kind, 16)


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_row(region: Region) -> list[Cell]:
    """The example values, with names that exist in the region where it has some."""
    names = {
        Kind.FIELDS: _names(FieldOfAction.objects.filter(strategy__region=region), 2),
        Kind.MUNICIPALITIES: _names(Municipality.objects.filter(region=region), 2),
        Kind.ORGANISATION: _names(Organisation.objects.filter(region=region), 1),
    }
    return [names.get(column.kind) or example_value(column) for column in COLUMNS]


def _names(objects: QuerySet[Any], count: int) -> str:
    return f" {LIST_SEPARATOR} ".join(item.name for item in objects[:count])


def _write_explanations(sheet: Any) -> None:
    headers = [_("Spalte"), _("Pflichtangabe"), _("Erläuterung"), _("Beispiel")]
    _write_header(sheet, headers)
    for row, column in enumerate(COLUMNS, start=2):
        required = _("ja") if column.required else _("nein")
        _write_row(sheet, row, [column.header, required, str(column.explanation), example_value(column)])
    notes_start = len(COLUMNS) + 3
    sheet.cell(row=notes_start, column=1, value=_("Hinweise")).font = Font(bold=True)
    for offset, note in enumerate(file_notes(), start=1):
        _write_row(sheet, notes_start + offset, [note])
    for letter, width in zip("ABCD", (18, 14, 70, 40), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_choices(sheet: Any, region: Region) -> None:
    """The values this region accepts, one column per column of the project sheet."""
    lists = {
        "Handlungsfelder": [f.name for f in FieldOfAction.objects.filter(strategy__region=region)],
        "Kommunen": [m.name for m in Municipality.objects.filter(region=region)],
        "Federführung": [o.name for o in Organisation.objects.filter(region=region)],
        "Reifegrad": choice_labels(Kind.MATURITY),
        "Stand": choice_labels(Kind.STATUS),
    }
    _write_header(sheet, list(lists))
    for number, values in enumerate(lists.values(), start=1):
        for row, value in enumerate(values, start=2):
            _write_cell(sheet.cell(row=row, column=number), value)
        sheet.column_dimensions[sheet.cell(row=1, column=number).column_letter].width = 32
