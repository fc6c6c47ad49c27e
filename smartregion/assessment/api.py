"""Bewertung und Auswahl: /regions/{slug}/assessments/, /assessments/{id}/results/,
/regions/{slug}/decisions/ (full paths; mounted at the API root).

What a caller sees follows the rules of the pages: members of the region see every round, the
public only published ones. Results exist once a round is closed: for members, and for everyone
once published. Before closing the results answer 403 to everyone but the coordinator, who gets
the progress only, never a score. The decision log is public.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from smartregion.api.errors import ERROR_RESPONSES, ErrorOut, ValidationErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import ensure_module, region_or_404
from smartregion.assessment import selectors
from smartregion.assessment.models import AssessmentRound, Decision, Outcome

router = Router(tags=["Bewertung und Auswahl"])
MODULE = "assessment"


class RoundOut(Schema):
    id: int
    title: str
    status: Literal["open", "closed"]
    candidates: int = Field(description="Zahl der Projekte in der Runde")
    deadline: datetime.datetime
    blind: bool
    published: bool
    url: str

    @staticmethod
    def resolve_candidates(obj: AssessmentRound) -> int:
        return int(getattr(obj, "candidate_count", 0))

    @staticmethod
    def resolve_published(obj: AssessmentRound) -> bool:
        return obj.is_published

    @staticmethod
    def resolve_url(obj: AssessmentRound) -> str:
        return obj.get_absolute_url()


class CriterionResultOut(Schema):
    name: str
    weight: float = Field(description="Gewicht in Prozent")
    mean: float | None
    median: float | None
    spread: float | None = Field(description="Standardabweichung")
    n: int = Field(description="Zahl der Bewertungen (ohne Enthaltungen)")
    disagreement: bool


class CandidateResultOut(Schema):
    project_id: int
    title: str
    weighted_score: float | None = Field(description="0 bis 100 Punkte")
    rank: int | None
    abstained: int = Field(description="Enthaltungen wegen Befangenheit")
    relevance: float | None
    feasibility: float | None
    criteria: list[CriterionResultOut]
    proposal: Outcome | None = Field(description="Vorschlag aus der Portfoliomatrix")
    decision: Outcome | None


class RaterProgressOut(Schema):
    rater: str
    rated: int
    total: int
    submitted: bool


class ResultsOut(Schema):
    id: int
    title: str
    status: Literal["open", "closed"]
    published: bool
    candidates: list[CandidateResultOut] | None = Field(description="null, solange die Runde läuft")
    progress: list[RaterProgressOut] | None = Field(
        description="Fortschritt je bewertender Person; nur für die Koordination, solange die Runde läuft"
    )


class DecisionOut(Schema):
    project_id: int
    title: str
    decision: Outcome
    body: str
    date: datetime.date
    reference: str

    @staticmethod
    def resolve_title(obj: Decision) -> str:
        return obj.project.title

    @staticmethod
    def resolve_decision(obj: Decision) -> str:
        return obj.outcome

    @staticmethod
    def resolve_date(obj: Decision) -> datetime.date:
        return obj.decided_on


@router.get(
    "/regions/{slug}/assessments/",
    response={200: list[RoundOut], **ERROR_RESPONSES},
    summary="Bewertungsrunden einer Region",
    description="Mitglieder der Region sehen alle Runden, alle anderen die veröffentlichten.",
)
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest, slug: str) -> QuerySet[AssessmentRound]:
    region = region_or_404(slug, MODULE)
    return selectors.rounds_for_region(region=region, viewer=request.user)


def _round(request: HttpRequest, assessment_id: int) -> AssessmentRound:
    assessment_round = (
        AssessmentRound.objects.with_scopes_disabled()
        .filter(pk=assessment_id)
        .select_related("region")
        .first()
    )
    if assessment_round is None:
        raise HttpError(404, _("Diese Bewertungsrunde gibt es nicht."))
    ensure_module(assessment_round.region, MODULE)
    return assessment_round


def _candidates(assessment_round: AssessmentRound) -> list[dict[str, Any]]:
    result = selectors.results_of(assessment_round)
    decisions = selectors.decisions_by_candidate(assessment_round)
    weights = {c.id: float(c.weight) for c in result.criteria}
    return [
        {
            "project_id": item.candidate.project_id,
            "title": item.candidate.title,
            "weighted_score": item.weighted_score,
            "rank": item.rank,
            "abstained": item.abstained,
            "relevance": item.relevance,
            "feasibility": item.feasibility,
            "criteria": [
                {
                    "name": c.criterion.name,
                    "weight": weights[c.criterion.id],
                    "mean": c.mean,
                    "median": c.median,
                    "spread": c.spread,
                    "n": c.n,
                    "disagreement": c.disagreement,
                }
                for c in item.criteria
            ],
            "proposal": item.proposal or None,
            "decision": decisions[item.candidate.id].outcome if item.candidate.id in decisions else None,
        }
        for item in result.candidates
    ]


@router.get(
    "/assessments/{assessment_id}/results/",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Ergebnis einer Bewertungsrunde",
    description=(
        "Nach dem Abschluss: je Projekt gewichtete Punkte, Rang und je Kriterium Mittel, Median, Streuung "
        "und Zahl der Bewertungen, dazu der Beschluss; für Mitglieder der Region, nach der Veröffentlichung "
        "für alle. Solange die Runde läuft, antwortet sie allen außer der Koordination mit 403; die "
        "Koordination sieht nur den Fortschritt. Bewertungen einzelner Personen enthält sie nie."
    ),
)
def get_results(request: HttpRequest, assessment_id: int) -> Any:
    assessment_round = _round(request, assessment_id)
    user = request.user
    base = {
        "id": assessment_round.pk,
        "title": assessment_round.title,
        "status": assessment_round.status,
        "published": assessment_round.is_published,
        "candidates": None,
        "progress": None,
    }
    if assessment_round.is_open:
        if not user.has_perm("assessment.manage_round", assessment_round):
            return Status(403, {"detail": _("Das Ergebnis ist erst nach Abschluss der Runde sichtbar.")})
        base["progress"] = [
            {
                "rater": str(p.rater),
                "rated": p.rated,
                "total": p.total,
                "submitted": p.rater.submitted_at is not None,
            }
            for p in selectors.progress_of(assessment_round)
        ]
        return base
    if not user.has_perm("assessment.view_results", assessment_round):
        return Status(403, {"detail": _("Das Ergebnis dieser Runde ist nicht veröffentlicht.")})
    base["candidates"] = _candidates(assessment_round)
    return base


@router.get(
    "/regions/{slug}/decisions/",
    response={200: list[DecisionOut], **ERROR_RESPONSES},
    summary="Beschlussprotokoll einer Region",
    description=(
        "Alle erfassten Beschlüsse (Leitprojekt, Potenzialprojekt, zurückgestellt, abgelehnt), "
        "neueste zuerst."
    ),
)
@paginate(LimitOffsetPagination)
def list_decisions(request: HttpRequest, slug: str) -> QuerySet[Decision]:
    region = region_or_404(slug, MODULE)
    return selectors.decisions_for_region(region)
