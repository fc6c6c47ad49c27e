"""The rating grid of one rater: candidates × criteria, a comment and a declaration per candidate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartregion.assessment import selectors, services
from smartregion.assessment.forms import parse_rating, score_name
from smartregion.assessment.models import AssessmentRound, Conflict, Criterion
from smartregion.assessment.views.access import get_round
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


@dataclass(frozen=True)
class Cell:
    criterion: Criterion
    name: str
    value: str
    others: float | None  # the other raters' mean, only in a round that is not blind


@dataclass(frozen=True)
class Row:
    grid: selectors.GridRow
    cells: list[Cell]
    comment: str
    conflict: str

    @property
    def candidate_id(self) -> int:
        return int(self.grid.candidate.pk)


def _rows(
    assessment_round: AssessmentRound,
    grid: list[selectors.GridRow],
    criteria: list[Criterion],
    others: dict[tuple[int, int], float],
    posted: QueryDict | None,
) -> list[Row]:
    rows = []
    for item in grid:
        pk = item.candidate.pk
        cells = []
        for criterion in criteria:
            name = score_name(pk, criterion.pk)
            stored = item.scores.get(criterion.pk)
            value = posted.get(name, "") if posted is not None else ("" if stored is None else str(stored))
            cells.append(Cell(criterion, name, value, others.get((pk, criterion.pk))))
        comment = posted.get(f"c-{pk}", "") if posted is not None else item.comment
        conflict = posted.get(f"b-{pk}", "") if posted is not None else item.conflict
        rows.append(Row(item, cells, comment, conflict))
    return rows


@login_required
@region_view
def rate(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_round(request, region, assessment_id)
    rater = selectors.rater_of(assessment_round, request.user)
    if rater is None:  # only the invited rate, each on their own grid
        raise PermissionDenied(_("Sie sind zu dieser Bewertungsrunde nicht eingeladen."))
    posted: QueryDict | None = None
    errors: list[str] = []
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            scores, comments, conflicts = parse_rating(request.POST)
            services.save_rating(
                assessment_round=assessment_round,
                user=request.user,
                scores=scores,
                comments=comments,
                conflicts=conflicts,
                submit=submit,
            )
        except ValidationError as error:
            errors = error.messages
            posted = request.POST
        else:
            messages.success(
                request,
                _("Ihre Bewertung ist abgegeben. Bis zum Abschluss der Runde können Sie sie noch ändern.")
                if submit
                else _("Ihr Entwurf ist gespeichert."),
            )
            return redirect(request.path)
    criteria = selectors.criteria_of(assessment_round)
    candidates = selectors.candidates_of(assessment_round)
    grid = selectors.grid_of(rater, candidates)
    others = selectors.others_means(assessment_round, rater)
    progress = next(p for p in selectors.progress_of(assessment_round) if p.rater.pk == rater.pk)
    context: dict[str, Any] = {
        "region": region,
        "round": assessment_round,
        "rater": rater,
        "criteria": criteria,
        "rows": _rows(assessment_round, grid, criteria, others, posted),
        "progress": progress,
        "errors": errors,
        "editable": assessment_round.is_open and not assessment_round.deadline_passed,
        "conflict_choices": Conflict.choices,
        "flagged": sum(1 for row in grid if row.involvement),
    }
    return render(request, "assessment/rate.html", context, status=400 if errors else 200)
