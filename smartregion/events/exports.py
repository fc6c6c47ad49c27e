"""Participant lists as CSV (for German Excel), XLSX and a printable signature list (PDF)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.core.documents import render_pdf
from smartregion.core.spreadsheets import XlsxWriter, csv_bytes
from smartregion.events.models import Event, Registration


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


def _rows(event: Event, registrations: Sequence[Registration]) -> list[list[Any]]:
    rows = []
    position = 0
    for number, registration in enumerate(registrations, start=1):
        waiting = registration.status == "waitlisted"
        position += waiting
        row: list[Any] = [
            number,
            registration.name,
            registration.email,
            str(registration.get_status_display()),
            position if waiting else None,
            timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
        ]
        row += [str(registration.answers.get(q, "")) for q in event.questions]
        if event.ask_accessibility:
            row.append(registration.accessibility_needs)
        checked = registration.checked_in_at
        row.append(timezone.localtime(checked).strftime("%H:%M") if checked else "")
        rows.append(row)
    return rows


def participants_csv(event: Event, registrations: Sequence[Registration]) -> bytes:
    return csv_bytes([_headers(event), *_rows(event, registrations)])


def participants_xlsx(event: Event, registrations: Sequence[Registration]) -> bytes:
    workbook = XlsxWriter()
    sheet = workbook.sheet(_("Teilnehmende"), header=_headers(event), widths=(6, 28, 32, 20, 12, 18))
    sheet.extend(_rows(event, registrations))
    return workbook.to_bytes()


def signature_list_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """A4 list of the people with a seat, with an empty column to sign, and blank rows for walk-ins."""
    return render_pdf(
        "events/signature_list.html",
        {"event": event, "registrations": registrations, "blank_rows": range(5)},
    )
