"""Financing and personnel as XLSX, through the one writer (``core.spreadsheets``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartregion.core.spreadsheets import XlsxWriter
from smartregion.roadmap import figures
from smartregion.roadmap.models import FundingSource


def financing_xlsx(financing: figures.Financing, sources: list[FundingSource]) -> bytes:
    """Sheets: per project, per field, per year, every source; amounts are numbers (EUR)."""
    workbook = XlsxWriter()
    money = [_("Kosten gesamt (EUR)"), _("gedeckt (EUR)"), _("davon bewilligt (EUR)"), _("offen (EUR)")]
    projects = workbook.sheet(
        _("Projekte"),
        header=[_("Projekt"), _("Investitionen (EUR)"), _("Laufende Kosten (EUR)"), *money],
        widths=(44, 16, 16, 16, 16, 16, 16),
    )
    for row in financing.projects:
        projects.append(
            [row.title, row.investment, row.running, row.total_costs, row.covered, row.secured, row.gap]
        )
    region = financing.region
    projects.append(
        [_("Region gesamt"), None, None, region.total_costs, region.covered, region.secured, region.gap],
        bold=True,
    )
    fields = workbook.sheet(
        _("Handlungsfelder"),
        header=[_("Handlungsfeld"), _("Projekte"), *money],
        widths=(44, 10, 16, 16, 16, 16),
    )
    for group in financing.fields:
        fields.append(
            [group.name, group.project_count, group.total_costs, group.covered, group.secured, group.gap]
        )
    years = workbook.sheet(
        _("Jahre"),
        header=[_("Jahr"), _("Investitionen (EUR)"), _("Laufende Kosten (EUR)")],
        widths=(10, 18, 18),
    )
    years.extend([year, investment, running] for year, investment, running in financing.years)
    listed = workbook.sheet(
        _("Quellen"),
        header=[
            _("Projekt"),
            _("Art"),
            _("Quelle"),
            _("Haushaltsstelle"),
            _("Betrag (EUR)"),
            _("Förderquote (%)"),
            _("Stand"),
            _("Beantragt am"),
            _("Entschieden am"),
            _("Hinweis"),
        ],
        widths=(40, 16, 36, 18, 16, 14, 12, 14, 14, 30),
    )
    listed.extend(
        [
            source.project.title,
            source.get_kind_display(),
            source.name,
            source.budget_line,
            source.amount,
            source.funding_rate,
            source.get_status_display(),
            source.applied_on,
            source.decided_on,
            source.note,
        ]
        for source in sources
    )
    return workbook.to_bytes()


def personnel_xlsx(lines: list[figures.StaffLine]) -> bytes:
    workbook = XlsxWriter()
    sheet = workbook.sheet(
        _("Personal"),
        header=[
            _("Organisation"),
            _("Jahr"),
            _("Bedarf (VZÄ)"),
            _("besetzt (VZÄ)"),
            _("unbesetzt (VZÄ)"),
            _("Lücke (VZÄ)"),
            _("Projekte"),
        ],
        widths=(40, 8, 14, 14, 14, 14, 60),
        wrap=True,
    )
    sheet.extend(
        [
            line.organisation,
            line.year,
            line.need,
            line.filled,
            line.vacant,
            line.gap,
            ", ".join(line.projects),
        ]
        for line in lines
    )
    return workbook.to_bytes()
