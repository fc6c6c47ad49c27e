"""A region's projects as CSV (for German Excel) and XLSX, and the XLSX template for the import.

Both files use the columns of ``columns.py``, so an export imports again unchanged. They are written
by ``core.spreadsheets``, which quotes text that a spreadsheet would run as a formula; the importer
takes the quote off again.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from smartregion.core.spreadsheets import Value, XlsxSheet, XlsxWriter, csv_bytes
from smartregion.portfolio.columns import (
    CHOICES,
    COLUMNS,
    HEADERS,
    LIST_SEPARATOR,
    Column,
    Kind,
    choice_label,
    choice_labels,
    example_value,
    file_notes,
    format_date,
)
from smartregion.portfolio.models import Project
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction

PROJECT_SHEET = "Projekte"  # the importer reads this sheet
CHOICES_SHEET = "Auswahlwerte"  # named in the column explanations
Cell = str | datetime.date | None
_WIDE = {Kind.TEXT: 40, Kind.FIELDS: 32, Kind.MUNICIPALITIES: 28, Kind.ORGANISATION: 28}


def with_columns(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with what the columns read, in the order of the export."""
    return (
        projects.select_related("lead_organisation")
        .prefetch_related("fields", "municipalities")
        .order_by("title", "pk")
    )


def cell_value(column: Column, project: Project) -> Cell:
    """A project's value in one column: text, a date or None."""
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
    rows = itertools.chain([HEADERS], (project_row(project) for project in projects))
    return csv_bytes(rows, value_text=_german_value)


def _german_value(value: Value) -> str:
    """Dates as German Excel shows them and the importer reads them."""
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


# XLSX ------------------------------------------------------------------------------------


def projects_xlsx(projects: Iterable[Project]) -> bytes:
    """One sheet "Projekte": a header row, then one row per project with real dates."""
    workbook = XlsxWriter()
    _project_sheet(workbook).extend(project_row(project) for project in projects)
    return workbook.to_bytes()


def import_template_xlsx(region: Region) -> bytes:
    """The import template: header and example row, explanations, and the region's valid values."""
    workbook = XlsxWriter()
    _project_sheet(workbook).append(_example_row(region))
    _write_explanations(workbook)
    _write_choices(workbook, region)
    return workbook.to_bytes()


def _project_sheet(workbook: XlsxWriter) -> XlsxSheet:
    widths = [_WIDE.get(column.kind, 16) for column in COLUMNS]
    return workbook.sheet(PROJECT_SHEET, header=HEADERS, widths=widths, wrap=True)


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


def _write_explanations(workbook: XlsxWriter) -> None:
    headers = [_("Spalte"), _("Pflichtangabe"), _("Erläuterung"), _("Beispiel")]
    sheet = workbook.sheet("Erläuterungen", header=headers, widths=(18, 14, 70, 40), wrap=True)
    for column in COLUMNS:
        required = _("ja") if column.required else _("nein")
        sheet.append([column.header, required, str(column.explanation), example_value(column)])
    sheet.append([])
    sheet.append([_("Hinweise")], bold=True)
    sheet.extend([note] for note in file_notes())


def _write_choices(workbook: XlsxWriter, region: Region) -> None:
    """The values this region accepts, one column per column of the project sheet."""
    lists = {
        "Handlungsfelder": [f.name for f in FieldOfAction.objects.filter(strategy__region=region)],
        "Kommunen": [m.name for m in Municipality.objects.filter(region=region)],
        "Federführung": [o.name for o in Organisation.objects.filter(region=region)],
        "Reifegrad": choice_labels(Kind.MATURITY),
        "Stand": choice_labels(Kind.STATUS),
    }
    sheet = workbook.sheet(CHOICES_SHEET, header=list(lists), widths=[32] * len(lists))
    sheet.extend(itertools.zip_longest(*lists.values()))
