"""Charts of monitoring as SVG, the same in the page and the report; a table beside each gives the
figures, so nothing is said by the chart alone."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from smartregion.reporting.models import Indicator, Measurement
from smartregion.reporting.progress import Progress

WIDTH = 640
LABEL_WIDTH = 250
ROW = 30
ACCENT = "#1d4f91"
TEXT = "#131525"
MUTED = "#4d5160"
TARGET = "#0b6b3a"


def _svg(height: int, title: str, body: Sequence[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="monitoring-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="Fira Sans, Arial, sans-serif" font-size="15">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def progress_bars(progress: Progress, title: str) -> SafeString:
    """One bar per field of action, 0 to 100 %, with the percent written after it."""
    rows = [f for f in progress.fields if f.progress is not None]
    height = max(1, len(rows)) * ROW + 8
    room = WIDTH - LABEL_WIDTH - 70
    body = []
    for index, item in enumerate(rows):
        y = index * ROW + 4
        length = room * (item.progress or 0) / 100
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_short(item.name))}</text>"
        )
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{room}" height="{ROW - 10}" fill="#e8ebf1"/>'
        )
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW - 10}" fill="{ACCENT}"/>'
        )
        label = f"{number_format(item.progress or 0, 0)} %"
        body.append(f'<text x="{LABEL_WIDTH + room + 6}" y="{y + 17}" fill="{TEXT}">{escape(label)}</text>')
    return _svg(height, title, body)


def indicator_line(indicator: Indicator, measurements: Sequence[Measurement], title: str) -> SafeString:
    """The measurements over time as a line, with the baseline and the target as dashed lines."""
    height, left, right, top, bottom = 260, 70, 20, 16, 40
    values = [m.value for m in measurements] + [indicator.baseline, indicator.target]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def y_of(value: Decimal) -> float:
        return top + float((high - value) / span) * plot_h

    days = [m.measured_on.toordinal() for m in measurements]
    first, last = (min(days), max(days)) if days else (0, 0)

    def x_of(day: int) -> float:
        return left + (plot_w * (day - first) / (last - first) if last > first else plot_w / 2)

    body = [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{MUTED}"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{MUTED}"/>',
    ]
    for value, colour, name in (
        (indicator.baseline, MUTED, _("Ausgang")),
        (indicator.target, TARGET, _("Ziel")),
    ):
        y = y_of(value)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}" '
            'stroke-dasharray="6 4"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end" fill="{colour}" font-size="13">'
            f"{escape(number_format(value, 0))}</text>"
        )
        body.append(
            f'<text x="{left + plot_w}" y="{y - 4:.1f}" text-anchor="end" fill="{colour}" font-size="13">'
            f"{escape(name)}</text>"
        )
    points = [(x_of(d), y_of(m.value)) for d, m in zip(days, measurements, strict=True)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
    for x, y in points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{ACCENT}"/>')
    if measurements:
        for day, anchor in ((measurements[0].measured_on, "start"), (measurements[-1].measured_on, "end")):
            if anchor == "end" and len(measurements) == 1:
                break
            x = x_of(day.toordinal())
            body.append(
                f'<text x="{x:.1f}" y="{height - 12}" text-anchor="{anchor}" fill="{TEXT}" font-size="13">'
                f"{escape(date_format(day, 'd.m.Y'))}</text>"
            )
    return _svg(height, title, body)
