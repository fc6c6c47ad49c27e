"""A closed round's results for page and committee paper (Sitzungsvorlage, PDF and DOCX).

``results_context`` gathers everything once; the page, the PDF template and the DOCX writer only
lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from smartregion.assessment import matrix, selectors
from smartregion.assessment.models import AssessmentRound, Candidate, Decision, Outcome
from smartregion.assessment.scoring import CandidateResult, RoundResult
from smartregion.core.documents import DocxWriter, render_pdf


def number(value: float | None, digits: int = 1, separator: str = ",") -> str:
    """A figure as text with the language's decimal separator; "–" for none. Formatted here once
    rather than by template filters: a round may show thousands of figures."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", separator)


@dataclass(frozen=True)
class Figure:
    """One criterion of one candidate, as text."""

    name: str
    mean: str
    median: str
    spread: str
    range: str
    n: int
    disagreement: bool


@dataclass(frozen=True)
class ResultRow:
    result: CandidateResult
    candidate_obj: Candidate
    decision: Decision | None
    comments: list[str]
    score: str
    relevance: str
    feasibility: str
    figures: list[Figure]
    quadrant_label: str
    project_url: str

    @property
    def proposal(self) -> str:
        return self.result.proposal

    @property
    def proposal_label(self) -> str:
        return str(Outcome(self.proposal).label) if self.proposal else ""


def _row(
    item: CandidateResult,
    candidate: Candidate,
    decision: Decision | None,
    comments: list[str],
    quadrants: dict[str, str],
    separator: str,
    projects_url: str,
) -> ResultRow:
    figures = [
        Figure(
            c.criterion.name,
            number(c.mean, 2, separator),
            "–" if c.median is None else number(c.median, 0 if c.median.is_integer() else 1, separator),
            number(c.spread, 2, separator),
            f"{c.minimum}–{c.maximum}" if c.n else "–",
            c.n,
            c.disagreement,
        )
        for c in item.criteria
    ]
    return ResultRow(
        item,
        candidate,
        decision,
        comments,
        score=number(item.weighted_score, 1, separator),
        relevance=number(item.relevance, 1, separator),
        feasibility=number(item.feasibility, 1, separator),
        figures=figures,
        quadrant_label=quadrants.get(matrix.quadrant_of(item), ""),
        project_url=f"{projects_url}{candidate.project.slug}/",
    )


@dataclass(frozen=True)
class WhatIfRow:
    result: CandidateResult
    recorded_rank: int | None

    @property
    def change(self) -> int | None:
        """Places gained (positive) or lost against the recorded ranking."""
        if self.result.rank is None or self.recorded_rank is None:
            return None
        return self.recorded_rank - self.result.rank

    @property
    def places_lost(self) -> int:
        return max(0, -(self.change or 0))


def results_context(assessment_round: AssessmentRound) -> dict[str, Any]:
    result = selectors.results_of(assessment_round)
    candidates = {c.pk: c for c in assessment_round.candidates.select_related("project")}
    # The profiles' address, reversed once: "/r/<region>/projekte/" + slug + "/".
    projects_url = reverse("portfolio:overview", kwargs={"region_slug": assessment_round.region.slug})
    decisions = selectors.decisions_by_candidate(assessment_round)
    comments = selectors.comments_by_candidate(assessment_round)
    quadrants, separator = matrix.quadrant_labels(), str(get_format("DECIMAL_SEPARATOR"))
    rows = [
        _row(
            item,
            candidates[item.candidate.id],
            decisions.get(item.candidate.id),
            comments.get(item.candidate.id, []),
            quadrants,
            separator,
            projects_url,
        )
        for item in result.candidates
    ]
    raters = list(assessment_round.raters.all())
    return {
        "round": assessment_round,
        "criteria": selectors.criteria_of(assessment_round),
        "result": result,
        "rows": rows,
        "decisions": decisions,
        "matrix_svg": matrix.svg_markup(result.candidates) if result.has_matrix else "",
        "rater_count": len(raters),
        "submitted_count": sum(1 for r in raters if r.submitted_at),
        "abstentions": result.abstentions,
        "disagreements": sum(1 for item in result.candidates if item.disagreement),
        "revision_count": selectors.revision_count(assessment_round),
    }


def what_if(
    assessment_round: AssessmentRound, recorded: RoundResult, weights: Mapping[int, Decimal]
) -> list[WhatIfRow]:
    """The ranking with other weights, beside the recorded rank; nothing is stored."""
    ranks = {item.candidate.id: item.rank for item in recorded.candidates}
    changed = selectors.results_of(assessment_round, weights=weights)
    return [WhatIfRow(item, ranks.get(item.candidate.id)) for item in changed.candidates]


# The committee paper ------------------------------------------------------------------------


def _paper_context(assessment_round: AssessmentRound) -> dict[str, Any]:
    context = results_context(assessment_round)
    context["region"] = assessment_round.region
    context["created_on"] = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    context["closed_on"] = (
        date_format(timezone.localtime(assessment_round.closed_at), "SHORT_DATE_FORMAT")
        if assessment_round.closed_at
        else ""
    )
    return context


def paper_pdf(assessment_round: AssessmentRound) -> bytes:
    return render_pdf("assessment/paper_pdf.html", _paper_context(assessment_round))


def _decision_text(row: ResultRow) -> str:
    if row.decision is not None:
        return f"{row.decision.get_outcome_display()} ({row.decision.citation})"
    return _("Vorschlag: %(outcome)s") % {"outcome": row.proposal_label} if row.proposal else "–"


def paper_docx(assessment_round: AssessmentRound) -> bytes:
    context = _paper_context(assessment_round)
    region = assessment_round.region
    writer = DocxWriter(
        title=assessment_round.title,
        running_header=f"{region.name} · {_('Sitzungsvorlage')}",
        author=region.name,
    )
    writer.document.sections[0].different_first_page_header_footer = False
    writer.paragraph(f"{region.name} · {_('Sitzungsvorlage')}", muted=True)
    writer.title(assessment_round.title)
    writer.paragraph(
        _(
            "Bewertungsrunde, abgeschlossen am %(date)s; %(submitted)d von %(raters)d Bewertenden "
            "haben abgegeben."
        )
        % {
            "date": context["closed_on"],
            "submitted": context["submitted_count"],
            "raters": context["rater_count"],
        }
    )
    if assessment_round.description:
        writer.paragraph(assessment_round.description)
    writer.heading(_("Kriterien"), level=2)
    writer.table(
        [_("Kriterium"), _("Gewicht"), _("Skala"), _("Beschreibung")],
        [
            (c.name, f"{number(float(c.weight), 0)} %", f"{c.scale_min}–{c.scale_max}", c.description)
            for c in context["criteria"]
        ],
        widths=(35, 20, 20, 90),
    )
    writer.heading(_("Rangfolge und Beschlussvorschlag"), level=2)
    writer.table(
        [_("Rang"), _("Projekt"), _("Punkte"), _("Enthaltungen"), _("Beschluss / Vorschlag")],
        [
            (
                str(row.result.rank or "–"),
                row.result.candidate.title,
                number(row.result.weighted_score),
                str(row.result.abstained),
                _decision_text(row),
            )
            for row in context["rows"]
        ],
        widths=(14, 65, 18, 22, 46),
    )
    writer.heading(_("Kennzahlen je Kriterium"), level=2)
    writer.table(
        [_("Projekt"), _("Kriterium"), _("Mittel"), _("Median"), _("Streuung"), _("n")],
        [
            (
                row.result.candidate.title,
                item.criterion.name,
                number(item.mean, 2),
                number(item.median, 1),
                number(item.spread, 2) + (" !" if item.disagreement else ""),
                str(item.n),
            )
            for row in context["rows"]
            for item in row.result.criteria
        ],
        widths=(60, 35, 18, 18, 20, 14),
    )
    writer.paragraph(
        _(
            "Punkte: Mittel je Kriterium auf 0 bis 100 umgerechnet und nach den Gewichten gemittelt. "
            "Streuung: Standardabweichung; „!“ markiert Uneinigkeit (mindestens ein Viertel der "
            "Skalenbreite)."
        ),
        muted=True,
    )
    writer.paragraph(_("Erstellt am %(date)s") % {"date": context["created_on"]}, muted=True)
    return writer.to_bytes()
