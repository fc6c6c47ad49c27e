"""The portfolio matrix (relevance × feasibility) as SVG, the same in page and PDF.

Each candidate is a numbered dot (its rank); the table beside it names every number, so the
chart never carries information that the table does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from smartregion.assessment.scoring import MIDPOINT, CandidateResult

SIZE = 420  # plot area, points 0–100 on both axes
PAD = 14  # between the frame and the dots at 0 or 100 points
LEFT, TOP, BOTTOM = 56, 16, 48
ACCENT = "#1d4f91"
QUADRANT_FILL = ("#eef3fa", "#f7f9fc")


def _quadrants() -> dict[str, tuple[str, str]]:
    """Each field of the matrix: where it is, and what it suggests."""
    return {
        "lead": (_("hohe Relevanz, gut realisierbar"), _("Leitprojekt")),
        "relevant": (_("hohe Relevanz, schwer realisierbar"), _("Potenzialprojekt")),
        "feasible": (_("geringere Relevanz, gut realisierbar"), _("Potenzialprojekt")),
        "deferred": (_("geringere Relevanz, schwer realisierbar"), _("zurückstellen")),
    }


def quadrant_labels() -> dict[str, str]:
    return {key: f"{where}: {what}" for key, (where, what) in _quadrants().items()}


def quadrant_of(result: CandidateResult) -> str:
    if result.relevance is None or result.feasibility is None:
        return ""
    high_relevance, high_feasibility = result.relevance >= MIDPOINT, result.feasibility >= MIDPOINT
    if high_relevance and high_feasibility:
        return "lead"
    if high_relevance:
        return "relevant"
    if high_feasibility:
        return "feasible"
    return "deferred"


def _x(points: float) -> float:
    """Horizontal position of a point; the dots keep PAD from the frame so none is cut off."""
    return round(LEFT + PAD + points / 100 * (SIZE - 2 * PAD), 1)


def _y(points: float) -> float:
    return round(TOP + PAD + (100 - points) / 100 * (SIZE - 2 * PAD), 1)


def svg_markup(results: Sequence[CandidateResult], *, element_id: str = "matrix") -> SafeString:
    placed = [r for r in results if r.relevance is not None and r.feasibility is not None]
    half = SIZE / 2
    labels = _quadrants()
    right, bottom = LEFT + SIZE - 6, TOP + SIZE - 22
    places = (
        ("lead", LEFT + half, TOP, QUADRANT_FILL[0], right, TOP + 14, "end"),
        ("relevant", LEFT, TOP, QUADRANT_FILL[1], LEFT + 6, TOP + 14, "start"),
        ("feasible", LEFT + half, TOP + half, QUADRANT_FILL[1], right, bottom, "end"),
        ("deferred", LEFT, TOP + half, QUADRANT_FILL[0], LEFT + 6, bottom, "start"),
    )
    quadrants = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="#4d5160">{}'
        '<tspan x="{}" dy="14" font-weight="bold">{}</tspan></text>',
        (
            (qx, qy, half, half, fill, tx, ty, anchor, labels[key][0], tx, labels[key][1])
            for key, qx, qy, fill, tx, ty, anchor in places
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#131525">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#131525">{}</text>',
        ((_x(p), TOP + SIZE + 16, p, LEFT - 6, _y(p) + 4, p) for p in (0, 25, 50, 75, 100)),
    )
    dots = format_html_join(
        "",
        '<g><title>{}</title><circle cx="{}" cy="{}" r="11" fill="{}" stroke="#ffffff" stroke-width="1.5"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="10" font-weight="bold" '
        'fill="#ffffff">{}</text></g>',
        (
            (
                r.candidate.title,
                _x(r.feasibility or 0),
                _y(r.relevance or 0),
                ACCENT,
                _x(r.feasibility or 0),
                _y(r.relevance or 0) + 3.5,
                r.rank or "–",
            )
            for r in placed
        ),
    )
    width, height = LEFT + SIZE + 12, TOP + SIZE + BOTTOM
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="Fira Sans, Arial, sans-serif" font-size="13">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{quadrants}"
        '<line x1="{mx}" y1="{top}" x2="{mx}" y2="{bottom}" stroke="#4d5160" stroke-dasharray="4 3"/>'
        '<line x1="{left}" y1="{my}" x2="{right}" y2="{my}" stroke="#4d5160" stroke-dasharray="4 3"/>'
        '<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#131525"/>'
        "{ticks}"
        '<text x="{mx}" y="{xlabel_y}" text-anchor="middle" fill="#131525">{xlabel}</text>'
        '<text x="14" y="{my}" text-anchor="middle" transform="rotate(-90 14 {my})" '
        'fill="#131525">{ylabel}</text>'
        "{dots}</svg>",
        w=width,
        h=height,
        id=element_id,
        title=_("Portfoliomatrix: Relevanz und Realisierbarkeit"),
        desc=_(
            "Jeder Punkt ist ein Projekt, beschriftet mit seinem Rang; waagerecht die Realisierbarkeit, "
            "senkrecht die Relevanz, je 0 bis 100 Punkte. Die Tabelle darunter nennt dieselben Werte."
        ),
        quadrants=quadrants,
        mx=_x(50),
        my=_y(50),
        top=TOP,
        bottom=TOP + SIZE,
        left=LEFT,
        right=LEFT + SIZE,
        size=SIZE,
        ticks=ticks,
        xlabel_y=TOP + SIZE + 36,
        xlabel=_("Realisierbarkeit (Punkte)"),
        ylabel=_("Relevanz (Punkte)"),
        dots=dots,
    )
