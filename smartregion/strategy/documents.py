"""The strategy paper: one content, built from a version's snapshot, rendered as PDF and as DOCX.

The current paper uses the latest version's snapshot, which equals the current text, so the
current and an earlier version go through the same path. Phases are not part of a snapshot;
they always come from the strategy.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartregion.core.documents import DocxWriter, render_pdf
from smartregion.strategy import selectors
from smartregion.strategy.models import Phase, PhaseStatus, Strategy, StrategyVersion
from smartregion.strategy.snapshots import snapshot_of

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DEFAULT_COLOUR = "#1d4f91"


@dataclass(frozen=True)
class Heading:
    number: str
    title: str
    anchor: str
    level: int = 1

    @property
    def text(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class PaperValue:
    name: str
    description: str


@dataclass(frozen=True)
class PaperGoal:
    text: str
    target: str  # e.g. "bis 31.12.2025", or ""


@dataclass(frozen=True)
class PaperField:
    heading: Heading
    colour: str
    priority: str  # e.g. "Priorität I", or ""
    priority_source: str  # e.g. "Quelle: Bürgermeisterkonferenz, November 2019", or ""
    description: str  # Markdown
    goals: tuple[PaperGoal, ...]


@dataclass(frozen=True)
class PaperPhase:
    name: str
    period: str
    status: str
    status_label: str
    description: str


@dataclass(frozen=True)
class StrategyPaper:
    """Everything the paper shows, already worded; PDF and DOCX only lay it out."""

    region: str
    title: str
    edition: str  # e.g. "Fassung vom 20.06.2022" or "Fassung 24"
    edition_lines: tuple[str, ...]
    created_on: str
    vision: str  # Markdown
    values: tuple[PaperValue, ...]
    fields: tuple[PaperField, ...]
    phases: tuple[PaperPhase, ...]
    vision_heading: Heading
    values_heading: Heading | None
    fields_heading: Heading
    process_heading: Heading

    @property
    def contents(self) -> list[Heading]:
        """The table of contents: chapters, and the fields of action under theirs."""
        chapters = [self.vision_heading, self.values_heading, self.fields_heading]
        entries = [heading for heading in chapters if heading is not None]
        entries.extend(field.heading for field in self.fields)
        entries.append(self.process_heading)
        return entries

    @property
    def running_header(self) -> str:
        return f"{self.region} · {self.edition}"

    @property
    def field_colours(self) -> list[str]:
        return [field.colour for field in self.fields]


def strategy_paper(strategy: Strategy, *, number: int | None = None) -> StrategyPaper:
    """The paper of version ``number``, or of the current text; an unknown number raises Http404.

    ``strategy`` should come from ``selectors.strategy_of`` (phases prefetched): 1 more query.
    """
    if number is None and strategy.current_version == 0:
        return _paper(strategy, None, snapshot_of(strategy))  # made outside the services: no version yet
    version = selectors.version(strategy, strategy.current_version if number is None else number)
    return _paper(strategy, version, version.snapshot)


def _paper(strategy: Strategy, version: StrategyVersion | None, snapshot: dict[str, Any]) -> StrategyPaper:
    values = tuple(PaperValue(v["name"], v.get("description", "")) for v in snapshot.get("values", []))
    chapter = iter(range(1, 10))
    vision_heading = Heading(str(next(chapter)), _("Leitbild"), "leitbild")
    values_heading = Heading(str(next(chapter)), _("Werte"), "werte") if values else None
    fields_number = str(next(chapter))
    fields = tuple(
        _field(item, f"{fields_number}.{index}") for index, item in enumerate(snapshot.get("fields", []), 1)
    )
    return StrategyPaper(
        region=strategy.region.name,
        title=snapshot.get("title") or strategy.title,
        edition=_edition(version),
        edition_lines=_edition_lines(strategy, version),
        created_on=_("Erstellt am %(date)s") % {"date": date_format(timezone.localdate(), "j. F Y")},
        vision=snapshot.get("vision", ""),
        values=values,
        fields=fields,
        phases=tuple(_phase(phase) for phase in strategy.phases.all()),
        vision_heading=vision_heading,
        values_heading=values_heading,
        fields_heading=Heading(fields_number, _("Handlungsfelder und Ziele"), "handlungsfelder"),
        process_heading=Heading(str(next(chapter)), _("Der Strategieprozess"), "prozess"),
    )


def _edition(version: StrategyVersion | None) -> str:
    if version is None:
        return _("Aktuelle Fassung")
    if version.is_fixed:
        return version.fixed_name
    return _("Fassung %(number)s") % {"number": version.number}


def _edition_lines(strategy: Strategy, version: StrategyVersion | None) -> tuple[str, ...]:
    """What the title page says about the version: its name and decision, or its number and date."""
    if version is None:
        return (_edition(version),)
    if version.is_fixed:
        decided = ""
        if version.fixed_on:
            decided = _("Beschluss vom %(date)s") % {"date": date_format(version.fixed_on, "j. F Y")}
        lines = [version.fixed_name, version.fixed_note, decided]
    else:
        current = version.number == strategy.current_version
        lines = [_edition(version), _("aktuelle Fassung") if current else ""]
        lines.append(
            _("Stand: %(date)s") % {"date": date_format(timezone.localtime(version.created_at), "j. F Y")}
        )
    return tuple(line for line in lines if line)


def _field(item: dict[str, Any], number: str) -> PaperField:
    priority = item.get("priority")
    source = item.get("priority_source", "") if priority else ""
    source = _("Quelle: %(source)s") % {"source": source} if source else ""
    return PaperField(
        heading=Heading(number, item["name"], f"feld-{item['slug']}", level=2),
        colour=item["colour"] if _COLOUR.match(item.get("colour") or "") else _DEFAULT_COLOUR,
        priority=_("Priorität %(tier)s") % {"tier": priority} if priority else "",
        priority_source=source,
        description=item.get("description", ""),
        goals=tuple(
            PaperGoal(goal["text"], _target(goal.get("target_date"))) for goal in item.get("goals", [])
        ),
    )


def _target(iso_date: str | None) -> str:
    if not iso_date:
        return ""
    target = datetime.date.fromisoformat(iso_date)
    return _("bis %(date)s") % {"date": date_format(target, "SHORT_DATE_FORMAT")}


def _phase(phase: Phase) -> PaperPhase:
    return PaperPhase(
        name=phase.name,
        period=_period(phase.start, phase.end),
        status=phase.status,
        status_label=str(PhaseStatus(phase.status).label),
        description=phase.description,
    )


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    """Months of a phase, worded like the timeline on the strategy page."""
    if start and end:
        first, last = date_format(start, "F Y"), date_format(end, "F Y")
        return first if first == last else f"{first} – {last}"
    if start:
        return _("ab %(month)s") % {"month": date_format(start, "F Y")}
    if end:
        return _("bis %(month)s") % {"month": date_format(end, "F Y")}
    return _("offen")


# Rendering ------------------------------------------------------------------------------


def paper_pdf(paper: StrategyPaper) -> bytes:
    return render_pdf("strategy/paper.html", {"paper": paper})


def paper_docx(paper: StrategyPaper) -> bytes:
    writer = DocxWriter(title=paper.title, running_header=paper.running_header, author=paper.region)
    writer.title_page(
        kicker=paper.region, title=paper.title, lines=paper.edition_lines, note=paper.created_on
    )
    writer.table_of_contents(_("Inhalt"))
    writer.heading(paper.vision_heading.text)
    writer.markdown(paper.vision, heading_level=2)
    if paper.values_heading:
        writer.heading(paper.values_heading.text)
        for value in paper.values:
            writer.paragraph(value.description, label=f"{value.name}: " if value.description else value.name)
    writer.page_break()
    writer.heading(paper.fields_heading.text)
    for field in paper.fields:
        _field_docx(writer, field)
    writer.page_break()
    writer.heading(paper.process_heading.text)
    header = [_("Phase"), _("Zeitraum"), _("Stand"), _("Beschreibung")]
    rows = [(p.name, p.period, p.status_label, p.description) for p in paper.phases]
    writer.table(header, rows, widths=(34, 33, 30, 68))
    return writer.to_bytes()


def _field_docx(writer: DocxWriter, field: PaperField) -> None:
    writer.heading(field.heading.text, level=2)
    if field.priority:
        writer.paragraph(" · ".join(filter(None, (field.priority, field.priority_source))), muted=True)
    writer.markdown(field.description, heading_level=3)
    if field.goals:
        writer.paragraph(label=_("Ziele"))
        writer.bullets(f"{goal.text} ({goal.target})" if goal.target else goal.text for goal in field.goals)
