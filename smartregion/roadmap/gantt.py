"""The roadmap's timeline (Gantt) as SVG, the same in page and PDF.

One row per project (a thin bar over its whole span, in its field's colour) and one per
milestone beneath it: a phase is a bar, a milestone a diamond on its date. Late milestones are
drawn dark red with a hatch and an exclamation mark; a dependency conflict gets a warning sign.
Neither is told by colour alone, and the table beside the chart carries every fact it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from functools import partial

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from smartregion.roadmap.models import MilestoneKind
from smartregion.roadmap.selectors import Entry, Group, PlannedProject, Roadmap

WIDTH = 1040
LABEL = 300  # the names on the left
RIGHT = 24
ROW = 22
AXIS = 34  # the years on top
LATE = "#8b1a12"
LINE = "#5a6572"
TEXT = "#1b1f24"


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class _Scale:
    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start = datetime.date(start.year, 1, 1)
        self.end = datetime.date(end.year + 1, 1, 1)
        self.days = max((self.end - self.start).days, 1)

    def x(self, day: datetime.date) -> float:
        span = WIDTH - LABEL - RIGHT
        return round(LABEL + (day - self.start).days / self.days * span, 1)

    def years(self) -> Iterator[int]:
        yield from range(self.start.year, self.end.year)


def _axis(scale: _Scale, height: float, today: datetime.date) -> SafeString:
    parts = []
    for year in scale.years():
        x = scale.x(datetime.date(year, 1, 1))
        middle = scale.x(datetime.date(year, 7, 1))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c9d1da"/>'
                '<text x="{}" y="20" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                x,
                AXIS - 6,
                x,
                height,
                middle,
                TEXT,
                year,
            )
        )
    if scale.start <= today < scale.end:
        x = scale.x(today)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" '
                'stroke-dasharray="4 3"/>'
                '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="middle">{}</text>',
                x,
                AXIS - 4,
                x,
                height,
                LATE,
                x,
                AXIS - 8,
                LATE,
                _("heute"),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308  (every piece went through format_html)


def _entry(entry: Entry, scale: _Scale, y: float, *, colour: str, pattern: str) -> SafeString:
    milestone = entry.milestone
    x1, x2 = scale.x(milestone.start), scale.x(milestone.end + datetime.timedelta(days=1))
    fill = f"url(#{pattern})" if entry.late else colour
    stroke = LATE if entry.late else colour
    when = f"{milestone.start:%d.%m.%Y} – {milestone.end:%d.%m.%Y}"
    tip = f"{milestone.title}: {when}, {milestone.get_status_display()}"
    if entry.late:
        tip += ", " + _("verspätet")
    if entry.conflicts:
        tip += "; " + "; ".join(entry.conflicts)
    if milestone.kind == MilestoneKind.MILESTONE:
        cx, cy = scale.x(milestone.end), y + ROW / 2
        shape = format_html(
            '<path d="M{} {} l6 -6 l6 6 l-6 6 z" fill="{}" stroke="{}"><title>{}</title></path>',
            cx - 6,
            cy,
            fill,
            stroke,
            tip,
        )
        x2 = cx + 6
    else:
        shape = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}" stroke="{}" opacity="0.9">'
            "<title>{}</title></rect>",
            x1,
            y + 5,
            max(x2 - x1, 2),
            ROW - 10,
            fill,
            stroke,
            tip,
        )
    marks = []
    if entry.late:
        marks.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">!</text>',
                x2 + 4,
                y + 16,
                LATE,
            )
        )
    if entry.conflicts:
        marks.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}">⚠</text>',
                x2 + (14 if entry.late else 4),
                y + 16,
                LATE,
            )
        )
    label = format_html(
        '<text x="22" y="{}" font-size="11" fill="{}">{}</text>', y + 15, TEXT, _short(milestone.title, 44)
    )
    return format_html("{}{}{}", label, shape, mark_safe("".join(marks)))  # noqa: S308


def _project(planned: PlannedProject, scale: _Scale, y: float, *, colour: str, pattern: str) -> SafeString:
    label = format_html(
        '<text x="10" y="{}" font-size="12" font-weight="bold" fill="{}">{}</text>',
        y + 15,
        TEXT,
        _short(planned.project.title, 40),
    )
    if planned.start is None or planned.end is None:
        return label
    x1, x2 = scale.x(planned.start), scale.x(planned.end + datetime.timedelta(days=1))
    bar = format_html(
        '<rect x="{}" y="{}" width="{}" height="6" fill="{}"><title>{}</title></rect>',
        x1,
        y + 8,
        max(x2 - x1, 2),
        colour,
        planned.project.title,
    )
    mark = ""
    if planned.conflicts:
        mark = format_html('<text x="{}" y="{}" font-size="12" fill="{}">⚠</text>', x2 + 4, y + 16, LATE)
    return format_html("{}{}{}", label, bar, mark)


Row = Callable[..., SafeString]  # draws one row: row(y, pattern=id of the hatch for late bars)


def _group_row(group: Group, continued: bool = False) -> Row:
    name = group.name + (" " + _("(Fortsetzung)") if continued else "")
    return lambda y, pattern: format_html(
        '<rect x="0" y="{}" width="{}" height="{}" fill="#eef3fa"/>'
        '<text x="6" y="{}" font-size="12" font-weight="bold" fill="{}">{}</text>',
        y,
        WIDTH,
        ROW,
        y + 15,
        TEXT,
        name,
    )


def _rows(plan: Roadmap, scale: _Scale) -> list[tuple[Group, Row]]:
    """Every row of the chart in order, each with the group it belongs to."""
    rows: list[tuple[Group, Row]] = []
    for group in plan.groups:
        rows.append((group, _group_row(group)))
        for planned in group.projects:
            rows.append((group, partial(_project, planned, scale, colour=group.colour)))
            rows.extend(
                (group, partial(_entry, entry, scale, colour=group.colour)) for entry in planned.entries
            )
    return rows


def _svg(plan: Roadmap, scale: _Scale, rows: list[Row], element_id: str) -> SafeString:
    pattern = f"{element_id}-verspaetet"
    drawn = [row(float(AXIS + number * ROW), pattern=pattern) for number, row in enumerate(rows)]
    height = AXIS + len(rows) * ROW + 8
    description = _(
        "Zeitplan von %(start)s bis %(end)s: %(projects)s Projekte, %(count)s Meilensteine und Phasen, "
        "davon %(late)s verspätet. Dieselben Angaben stehen in der Tabelle unter dem Zeitplan."
    ) % {
        "start": scale.start.year,
        "end": scale.end.year - 1,
        "projects": sum(len(g.projects) for g in plan.groups),
        "count": len(plan.entries),
        "late": sum(1 for e in plan.entries if e.late),
    }
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="gantt" viewBox="0 0 {w} {h}" width="{w}" '
        'role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<defs><pattern id="{id}-verspaetet" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{late}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        "</pattern></defs>{axis}{rows}</svg>",
        id=element_id,
        w=WIDTH,
        h=height,
        title=_("Zeitplan (Gantt-Diagramm)"),
        desc=description,
        late=LATE,
        axis=_axis(scale, height, plan.today),
        rows=format_html_join("", "{}", ((row,) for row in drawn)),
    )


def svg_markup(plan: Roadmap, *, element_id: str = "zeitplan") -> SafeString:
    """The timeline of one page of the roadmap; empty when nothing on it has a date."""
    if plan.start is None or plan.end is None:
        return SafeString("")
    scale = _Scale(plan.start, plan.end)
    return _svg(plan, scale, [row for _group, row in _rows(plan, scale)], element_id)


def svg_pages(plan: Roadmap, *, rows_per_chart: int = 18, element_id: str = "zeitplan") -> list[SafeString]:
    """The timeline cut into charts of at most ``rows_per_chart`` rows on the same time axis, so
    that each fits a printed page; a group cut in two is named again with "(Fortsetzung)"."""
    if plan.start is None or plan.end is None:
        return []
    scale = _Scale(plan.start, plan.end)
    rows = _rows(plan, scale)
    openings = {id(group): row for group, row in reversed(rows)}  # each group's first row
    charts = []
    step = rows_per_chart - 1  # room for a group's name repeated at the top
    for number, first in enumerate(range(0, len(rows), step)):
        chunk = rows[first : first + step]
        group, opening = chunk[0]
        if opening is not openings[id(group)]:
            chunk = [(group, _group_row(group, continued=True)), *chunk]
        charts.append(_svg(plan, scale, [row for _group, row in chunk], f"{element_id}-{number + 1}"))
    return charts
