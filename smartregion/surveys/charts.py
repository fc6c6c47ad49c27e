"""Bar charts as SVG, the same in the page and the PDF; a table beside each gives the data.

Each answer's label stands on its own line above its bar (a stacked layout), so the chart is narrow
enough to keep its text readable on a phone: drawn 340 units wide with 15-unit text and shown at
most 25.5rem (408 px) wide, its text is 18 px on a desktop, 15 px on a 390 px phone and still 12 px
at 320 px. Labels beside the bars needed twice the width and shrank to 8 px on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from smartregion.surveys.selectors import Bar

WIDTH = 340
FONT_SIZE = 15
ROW = 48  # label line, bar and the gap to the next answer
BAR_HEIGHT = 16
VALUE_ROOM = 58  # right of the longest bar: "100,0%"
LABEL_LIMIT = 42  # characters of a label that fit the width; the table beside shows it whole
BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#131525"


def _short(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str, *, unit: str = "%") -> SafeString:
    """Bars scaled to the longest, labelled with the percent (or with the count when ``unit`` is empty).

    The title names the chart for screen readers; the table beside it holds the same figures.
    """
    height = max(1, len(bars)) * ROW + 4
    room = WIDTH - VALUE_ROOM
    top = max((bar.percent if unit else bar.count for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart__svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="Fira Sans, Arial, sans-serif" '
        f'font-size="{FONT_SIZE}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = index * ROW
        length = max(0.0, (bar.percent if unit else bar.count) / top) * room
        parts.append(f'<text x="0" y="{y + 16}" fill="{TEXT_COLOUR}">{escape(_short(bar.label))}</text>')
        parts.append(
            f'<rect x="0" y="{y + 22}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
        value = f"{bar.percent:.1f}".replace(".", ",") + unit if unit else str(bar.count)
        parts.append(f'<text x="{length + 6:.1f}" y="{y + 35}" fill="{TEXT_COLOUR}">{escape(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
