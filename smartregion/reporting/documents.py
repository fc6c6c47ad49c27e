"""The status report (Sachstandsbericht): one content, built once, written as PDF and as DOCX.

``build`` reads everything the report says at the moment it is generated; the report file keeps
it, so a later change of a project does not alter a report already given to a committee.
The content is plain sections of text and tables, so both formats show the same.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from smartregion.core.documents import DocxWriter, render_pdf
from smartregion.core.modules import is_on
from smartregion.events.models import Event, Visibility
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectStatus
from smartregion.reporting import selectors
from smartregion.reporting.models import Indicator, Measurement, StatusReport, StatusUpdate, Traffic
from smartregion.reporting.progress import Progress, rule
from smartregion.roadmap import selectors as roadmap
from smartregion.surveys.models import Survey


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    markdown: str = ""


@dataclass(frozen=True)
class ProjectPage:
    title: str
    facts: tuple[tuple[str, str], ...]  # label, value
    status: str  # "gelb, 40 % (Stand vom 01.03.2025)" or a note that there is none
    traffic: str  # the Traffic value, for the colour mark; "" without status
    text: str
    indicators: Table | None


@dataclass
class ReportContent:
    region: str
    title: str
    committee: str
    meeting: str
    period: str
    created_on: str
    sections: list[Section]
    projects: list[ProjectPage]

    @property
    def running_header(self) -> str:
        return f"{self.region} · {self.title} · {self.meeting}"


def _date(day: datetime.date | None) -> str:
    return date_format(day, "d.m.Y") if day else "–"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number_format(value, 0)} %"


def _number(value: Decimal | float) -> str:
    return number_format(value, 2, use_l10n=True, force_grouping=True)


def build(report: StatusReport) -> ReportContent:
    """Everything the report says, read now (about a dozen queries, whatever the size)."""
    region = report.region
    projects = list(
        selectors.with_latest_status(
            Project.objects.filter(region=region, status__in=PUBLIC_STATUSES)
            .select_related("lead_organisation")
            .prefetch_related("fields", "municipalities")
        ).order_by("title", "pk")
    )
    progress = selectors.progress_for_region(region, None)
    sections = [
        Section(_("Zusammenfassung"), markdown=report.summary or _("Keine Zusammenfassung angegeben.")),
        _progress_section(progress),
        _portfolio_section(region.pk),
        _lighthouse_section(projects),
        _changes_section(report),
    ]
    if is_on(region, "roadmap"):
        sections.extend(_resources_sections(report))
    sections.append(_participation_section(report))
    return ReportContent(
        region=region.name,
        title=report.title,
        committee=report.committee,
        meeting=date_format(report.meeting_date, "j. F Y"),
        period=f"{_date(report.period_start)} – {_date(report.period_end)}",
        created_on=date_format(timezone.localdate(), "j. F Y"),
        sections=sections,
        projects=_project_pages(projects),
    )


def _progress_section(progress: Progress) -> Section:
    rows = []
    for item in progress.fields:
        note = _("gleich gewichtet, da keine Kosten geplant") if item.equal_fallback else ""
        rows.append((item.name, _percent(item.progress), str(len(item.projects)), note))
    section = Section(
        _("Fortschritt der Strategie"),
        paragraphs=[
            _("Gesamtfortschritt: %(percent)s.") % {"percent": _percent(progress.strategy)},
            _("So wird gerechnet: %(rule)s") % {"rule": rule(progress.basis)},
        ],
        tables=[Table((_("Handlungsfeld"), _("Fortschritt"), _("Projekte"), _("Hinweis")), tuple(rows))],
    )
    if progress.unreported:
        section.paragraphs.append(
            _("Ohne Statusmeldung: %(titles)s.") % {"titles": ", ".join(progress.unreported)}
        )
    return section


def _portfolio_section(region_id: int) -> Section:
    """Every project of the region by field and status, then each with its status."""
    projects = list(
        Project.objects.filter(region_id=region_id)
        .exclude(status=ProjectStatus.DISCARDED)
        .prefetch_related("fields")
        .order_by("title", "pk")
    )
    statuses = [s for s in ProjectStatus.values if any(p.status == s for p in projects)]
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, None] = {}
    for project in projects:
        for item in project.fields.all() or [None]:
            name = item.name if item else _("Ohne Handlungsfeld")
            names.setdefault(name)
            counts[(name, project.status)] += 1
    header = (_("Handlungsfeld"), *(str(ProjectStatus(s).label) for s in statuses))
    rows = tuple((name, *(str(counts[(name, s)]) for s in statuses)) for name in names)
    listed = tuple(
        (p.title, p.get_status_display(), ", ".join(f.name for f in p.fields.all()) or "–") for p in projects
    )
    return Section(
        _("Projektportfolio nach Handlungsfeld und Stand"),
        paragraphs=[_("%(n)s Projekte im Portfolio (ohne verworfene).") % {"n": len(projects)}],
        tables=[
            Table(
                header,
                rows,
                _("Anzahl der Projekte; ein Projekt in mehreren Handlungsfeldern zählt in jedem."),
            ),
            Table((_("Projekt"), _("Stand"), _("Handlungsfelder")), listed),
        ],
    )


def _status_text(project: Project) -> str:
    traffic = getattr(project, "latest_traffic", None)
    if traffic is None:
        return _("noch keine Statusmeldung")
    return _("%(traffic)s, %(progress)s %% (Stand vom %(day)s)") % {
        "traffic": Traffic(traffic).label,
        "progress": project.latest_progress,  # type: ignore[attr-defined]
        "day": _date(project.latest_on),  # type: ignore[attr-defined]
    }


def _lighthouse_section(projects: list[Project]) -> Section:
    lighthouses = [p for p in projects if p.status == ProjectStatus.LEAD]
    rows = tuple(
        (p.title, p.lead_organisation.name if p.lead_organisation else "–", _status_text(p))
        for p in lighthouses
    )
    return Section(
        _("Leuchtturmprojekte"),
        paragraphs=[] if rows else [_("Keine Leitprojekte ausgewählt.")],
        tables=[Table((_("Projekt"), _("Federführung"), _("Stand")), rows)] if rows else [],
    )


def _changes_section(report: StatusReport) -> Section:
    since = selectors.previous_report(report)
    start = (
        max(report.period_start, since.period_end + datetime.timedelta(days=1))
        if since
        else report.period_start
    )
    updates = (
        StatusUpdate.objects.filter(region_id=report.region_id, reported_on__range=(start, report.period_end))
        .select_related("project")
        .order_by("reported_on", "pk")
    )
    # The messages themselves are on the projects' pages; here the table says who moved where.
    rows = tuple(
        (_date(u.reported_on), u.project.title, str(u.get_traffic_display()), f"{u.progress} %")
        for u in updates
    )
    new_projects = Project.objects.filter(
        region_id=report.region_id, created_at__date__range=(start, report.period_end)
    ).order_by("title")
    intro = (
        _("Seit dem letzten Bericht „%(title)s“ (Sitzung am %(day)s):")
        % {"title": since.title, "day": _date(since.meeting_date)}
        if since
        else _("Im Berichtszeitraum:")
    )
    paragraphs = [intro, _("%(n)s Statusmeldungen.") % {"n": len(rows)}]
    titles = [p.title for p in new_projects]
    if titles:
        paragraphs.append(_("Neu aufgenommene Projekte: %(titles)s.") % {"titles": ", ".join(titles)})
    header = (_("Datum"), _("Projekt"), _("Ampel"), _("Fortschritt"))
    return Section(
        _("Was sich geändert hat"), paragraphs=paragraphs, tables=[Table(header, rows)] if rows else []
    )


def _resources_sections(report: StatusReport) -> list[Section]:
    staff = roadmap.personnel_for_region(report.region)
    staff_rows = tuple(
        (
            line.organisation,
            str(line.year),
            _number(line.need),
            _number(line.filled),
            _number(line.vacant),
            _number(line.gap),
        )
        for line in staff
    )
    money = roadmap.financing_for_region(report.region, None)
    money_rows = tuple(
        (item.name, _number(item.total_costs) + " €", _number(item.covered) + " €", _number(item.gap) + " €")
        for item in money.fields
    )
    return [
        Section(
            _("Personal"),
            paragraphs=[] if staff_rows else [_("Kein Personalbedarf geplant.")],
            tables=[
                Table(
                    (_("Organisation"), _("Jahr"), _("Bedarf VZÄ"), _("besetzt"), _("vakant"), _("Lücke")),
                    staff_rows,
                )
            ]
            if staff_rows
            else [],
        ),
        Section(
            _("Finanzierung"),
            paragraphs=[
                _(
                    "Kosten gesamt %(total)s €, gedeckt %(covered)s €, davon bewilligt %(secured)s €, "
                    "offen %(gap)s €."
                )
                % {
                    "total": _number(money.region.total_costs),
                    "covered": _number(money.region.covered),
                    "secured": _number(money.region.secured),
                    "gap": _number(money.region.gap),
                }
            ],
            tables=[Table((_("Handlungsfeld"), _("Kosten"), _("gedeckt"), _("offen")), money_rows)]
            if money_rows
            else [],
        ),
    ]


def _participation_section(report: StatusReport) -> Section:
    region, period = report.region, (report.period_start, report.period_end)
    section = Section(_("Veranstaltungen und Beteiligung"))
    if is_on(region, "events"):
        events = Event.objects.filter(region=region, start__date__range=period, visibility=Visibility.PUBLIC)
        rows = tuple(
            (_date(e.start.date()), e.title, "–" if e.attendance_count is None else str(e.attendance_count))
            for e in events.order_by("start", "pk")
        )
        section.paragraphs.append(_("%(n)s Veranstaltungen im Berichtszeitraum.") % {"n": len(rows)})
        if rows:
            section.tables.append(Table((_("Datum"), _("Veranstaltung"), _("Teilnehmende")), rows))
    if is_on(region, "surveys"):
        surveys = (
            Survey.objects.filter(region=region, published=True, opens_at__date__lte=report.period_end)
            .exclude(closes_at__date__lt=report.period_start)
            .select_related("tally_state")
            .order_by("opens_at", "pk")
        )
        answered = tuple(
            (s.title, str(getattr(getattr(s, "tally_state", None), "response_count", 0))) for s in surveys
        )
        section.paragraphs.append(_("%(n)s Umfragen im Berichtszeitraum.") % {"n": len(answered)})
        if answered:
            section.tables.append(Table((_("Umfrage"), _("Antworten")), answered))
    return section


def _project_pages(projects: list[Project]) -> list[ProjectPage]:
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(project__in=projects).prefetch_related("measurements"):
        indicators.setdefault(indicator.project_id, []).append(indicator)
    latest_texts = _latest_texts(projects)
    pages = []
    for project in projects:
        facts = (
            (_("Stand im Portfolio"), project.get_status_display()),
            (_("Handlungsfelder"), ", ".join(f.name for f in project.fields.all()) or "–"),
            (_("Wo"), ", ".join(m.name for m in project.municipalities.all()) or "–"),
            (_("Federführung"), project.lead_organisation.name if project.lead_organisation else "–"),
            (_("Zeitraum"), project.period_label),
        )
        pages.append(
            ProjectPage(
                title=project.title,
                facts=facts,
                status=_status_text(project),
                traffic=getattr(project, "latest_traffic", None) or "",
                text=latest_texts.get(project.pk, ""),
                indicators=_indicator_table(indicators.get(project.pk, [])),
            )
        )
    return pages


def _latest_texts(projects: list[Project]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for project_id, text in (
        StatusUpdate.objects.filter(project__in=projects)
        .order_by("-reported_on", "-pk")
        .values_list("project_id", "text")
    ):
        texts.setdefault(project_id, text)
    return texts


def _indicator_table(indicators: list[Indicator]) -> Table | None:
    if not indicators:
        return None
    rows = []
    for indicator in indicators:
        measurements: list[Measurement] = list(indicator.measurements.all())
        last = measurements[-1] if measurements else None
        rows.append(
            (
                indicator.name,
                indicator.unit,
                _number(indicator.baseline),
                _number(last.value) if last else "–",
                _date(last.measured_on) if last else "–",
                _number(indicator.target),
            )
        )
    header = (_("Indikator"), _("Einheit"), _("Ausgang"), _("zuletzt"), _("am"), _("Ziel"))
    return Table(header, tuple(rows))


# Output -----------------------------------------------------------------------------------------


def report_pdf(content: ReportContent) -> bytes:
    return render_pdf("reporting/report_pdf.html", {"report": content})


def report_docx(content: ReportContent) -> bytes:
    writer = DocxWriter(title=content.title, running_header=content.running_header, author=content.region)
    writer.title_page(
        kicker=_("Sachstandsbericht"),
        title=content.title,
        lines=(
            content.region,
            _("%(committee)s, Sitzung am %(day)s") % {"committee": content.committee, "day": content.meeting},
            _("Berichtszeitraum %(period)s") % {"period": content.period},
        ),
        note=content.created_on,
    )
    writer.table_of_contents(_("Inhalt"))
    for section in content.sections:
        writer.heading(section.heading)
        if section.markdown:
            writer.markdown(section.markdown, heading_level=2)
        for text in section.paragraphs:
            writer.paragraph(text)
        for table in section.tables:
            if table.caption:
                writer.paragraph(table.caption, muted=True)
            writer.table(table.header, table.rows)
    writer.page_break()
    writer.heading(_("Die Projekte"))
    for page in content.projects:
        writer.heading(page.title, level=2)
        for label, value in page.facts:
            writer.paragraph(value, label=f"{label}: ")
        writer.paragraph(page.status, label=_("Letzter Stand: "))
        if page.text:
            writer.paragraph(page.text)
        if page.indicators:
            writer.table(page.indicators.header, page.indicators.rows)
    return writer.to_bytes()
