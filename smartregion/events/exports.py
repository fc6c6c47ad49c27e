"""Participant lists as CSV (for German Excel), XLSX and a printable signature list (PDF)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from smartregion.core.documents import render_pdf
from smartregion.events.models import Event, Registration

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    """A text a spreadsheet will not run as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _headers(event: Event) -> list[str]:
    headers = [
        _("Nr."),
        _("Name"),
        _("E-Mail-Adresse"),
        _("Status"),
        _("Position Warteliste"),
        _("Angemeldet am"),
    ]
    headers += list(event.questions)
    if event.ask_accessibility:
        headers.append(_("Bedarf an Barrierefreiheit"))
    headers.append(_("Eingelassen"))
    return headers


def _rows(event: Event, registrations: Sequence[Registration]) -> list[list[str]]:
    rows = []
    position = 0
    for number, registration in enumerate(registrations, start=1):
        waiting = registration.status == "waitlisted"
        position += waiting
        row = [
            str(number),
            registration.name,
            registration.email,
            str(registration.get_status_display()),
            str(position) if waiting else "",
            timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
        ]
        row += [str(registration.answers.get(q, "")) for q in event.questions]
        if event.ask_accessibility:
            row.append(registration.accessibility_needs)
        checked = registration.checked_in_at
        row.append(timezone.localtime(checked).strftime("%H:%M") if checked else "")
        rows.append([_safe(cell) for cell in row])
    return rows


def participants_csv(event: Event, registrations: Sequence[Registration]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_headers(event))
    writer.writerows(_rows(event, registrations))
    # With a BOM, Excel opens the UTF-8 file with umlauts intact.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def participants_xlsx(event: Event, registrations: Sequence[Registration]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = _("Teilnehmende")
    sheet.append(_headers(event))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(event, registrations):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (6, 28, 32, 20, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def signature_list_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """A4 list of the people with a seat, with an empty column to sign, and blank rows for walk-ins."""
    return render_pdf(
        "events/signature_list.html",
        {"event": event, "registrations": registrations, "blank_rows": range(5)},
    )
