"""Horizontal bar charts as SVG, the same in the page and the PDF; a table beside each gives the data."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from smartregion.surveys.selectors import Bar

WIDTH = 640
LABEL_WIDTH = 250
ROW = 30
BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#131525"


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str, *, unit: str = "%") -> SafeString:
    """Bars scaled to the longest, labelled with the percent (or with the count when ``unit`` is empty).

    The title names the chart for screen readers; the table beside it holds the same figures.
    """
    height = max(1, len(bars)) * ROW + 8
    room = WIDTH - LABEL_WIDTH - 70
    top = max((bar.percent if unit else bar.count for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart__svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="Fira Sans, Arial, sans-serif" font-size="15">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = index * ROW + 4
        length = max(0.0, (bar.percent if unit else bar.count) / top) * room
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">'
            f"{escape(_short(bar.label))}</text>"
        )
        bar_height = ROW - 10
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" '
            f'height="{bar_height}" fill="{BAR_COLOUR}"/>'
        )
        value = f"{bar.percent:.1f}".replace(".", ",") + unit if unit else str(bar.count)
        x = LABEL_WIDTH + length + 6
        parts.append(f'<text x="{x:.1f}" y="{y + 17}" fill="{TEXT_COLOUR}">{escape(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
