"""The municipalities × fields heatmap as SVG shapes, the same in page and PDF.

Colour alone never carries the value: every cell prints its number, and the page shows the
same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from smartregion.analysis.consolidation import Consolidation

# Five steps from light to KERN blue; text colours keep a contrast of at least 4.5:1.
PALETTE = ("#eef3fa", "#c9d8ee", "#93b1da", "#3f6fb0", "#1d4f91")
TEXT = ("#131525", "#131525", "#131525", "#ffffff", "#ffffff")
EMPTY = "#f2f2f2"
CELL_W, CELL_H = 78, 30
LABEL_W, HEADER_H = 150, 118


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    fill: str
    text_colour: str
    label: str


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class HeatmapSvg:
    width: int
    height: int
    cells: list[Cell]
    rows: list[Label]
    columns: list[Label]
    legend: list[Cell]
    legend_title: Label
    table: list[tuple[str, list[tuple[str, int]]]]  # per municipality: (label, colour step or -1)
    cell_w: int = CELL_W
    cell_h: int = CELL_H


def _step(value: float, low: float, high: float) -> int:
    share = (value - low) / (high - low) if high > low else 1.0
    return max(0, min(len(PALETTE) - 1, int(share * len(PALETTE) - 1e-9)))


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def build_heatmap(result: Consolidation, *, low: float, high: float) -> HeatmapSvg:
    columns = [
        Label(LABEL_W + i * CELL_W + CELL_W // 2, HEADER_H - 8, item.name)
        for i, item in enumerate(result.fields)
    ]
    rows, cells = [], []
    table: list[tuple[str, list[tuple[str, int]]]] = []
    for r, row in enumerate(result.heatmap):
        table.append(
            (row.name, [("–", -1) if v is None else (_number(v), _step(v, low, high)) for v in row.cells])
        )
        y = HEADER_H + r * CELL_H
        rows.append(Label(LABEL_W - 8, y + CELL_H // 2 + 5, row.name))
        for c, value in enumerate(row.cells):
            x = LABEL_W + c * CELL_W
            if value is None:
                cells.append(Cell(x, y, EMPTY, "#131525", "–"))
            else:
                step = _step(value, low, high)
                cells.append(Cell(x, y, PALETTE[step], TEXT[step], _number(value)))
    height = HEADER_H + max(1, len(result.heatmap)) * CELL_H + 50
    step_width = (high - low) / len(PALETTE)
    legend = [
        Cell(
            LABEL_W + i * CELL_W,
            height - 34,
            PALETTE[i],
            TEXT[i],
            f"{_number(low + i * step_width)}–{_number(low + (i + 1) * step_width)}",
        )
        for i in range(len(PALETTE))
    ]
    legend_title = Label(LABEL_W - 8, height - 17, "")
    width = LABEL_W + max(len(result.fields), len(PALETTE)) * CELL_W + 10
    return HeatmapSvg(width, height, cells, rows, columns, legend, legend_title, table)


def svg_markup(heatmap: HeatmapSvg) -> SafeString:
    """The heatmap as inline SVG; built in Python because a round may have thousands of cells."""
    half = heatmap.cell_w // 2
    columns = format_html_join(
        "",
        '<text x="{0}" y="{1}" transform="rotate(-35 {0} {1})" fill="#131525">{2}</text>',
        ((c.x, c.y, c.text) for c in heatmap.columns),
    )
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" fill="#131525">{}</text>',
        ((r.x, r.y, r.text) for r in heatmap.rows),
    )
    cells = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" stroke-width="2"/>'
        '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
        (
            (c.x, c.y, heatmap.cell_w, heatmap.cell_h, c.fill, c.x + half, c.y + 20, c.text_colour, c.label)
            for c in heatmap.cells
        ),
    )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="24" fill="{}" stroke="#4d5160" stroke-width="0.5"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
        (
            (c.x, c.y, heatmap.cell_w, c.fill, c.x + half, c.y + 16, c.text_colour, c.label)
            for c in heatmap.legend
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="heatmap-title heatmap-desc" '
        'font-family="Fira Sans, Arial, sans-serif" font-size="13">'
        '<title id="heatmap-title">{title}</title><desc id="heatmap-desc">{desc}</desc>'
        "{columns}{rows}{cells}"
        '<text x="{lx}" y="{ly}" text-anchor="end" font-size="12" fill="#131525">{legend_title}</text>'
        "{legend}"
        "</svg>",
        w=heatmap.width,
        h=heatmap.height,
        title=_("Heatmap: Punktwert je Kommune und Handlungsfeld"),
        desc=_("Dunkler heißt höherer Punktwert. Dieselben Zahlen stehen in der Tabelle darunter."),
        columns=columns,
        rows=rows,
        cells=cells,
        lx=heatmap.legend_title.x,
        ly=heatmap.legend_title.y,
        legend_title=_("Punktwert"),
        legend=legend,
    )
