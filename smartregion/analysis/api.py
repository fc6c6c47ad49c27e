"""Bedarfsanalyse: /regions/{slug}/analyses/, /analyses/{id}/… (full paths; mounted at the API root).

What a caller sees follows the rules of the pages: the public sees published rounds and their
confirmed tiers only; members of the region see every round, and the aggregates once it closed;
coordinators see everything. One municipality's answers go to its own officers and the
region's coordinators only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from smartregion.analysis import selectors, services
from smartregion.analysis.consolidation import consolidate
from smartregion.analysis.models import AnalysisRound, Questionnaire, QuestionnaireStatus, RoundStatus
from smartregion.api.auth import TOKEN_OR_SESSION
from smartregion.api.errors import ERROR_RESPONSES, ErrorOut, ValidationErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import ensure_module, region_or_404

router = Router(tags=["Bedarfsanalyse"])


class DimensionOut(Schema):
    key: str
    label: str


class RoundOut(Schema):
    id: int
    name: str
    region: str
    status: RoundStatus
    deadline: datetime.datetime
    dimensions: list[DimensionOut]
    fields: list[str] = Field(description="Namen der Handlungsfelder")
    invited: int
    submitted: int
    confirmed: bool
    published: bool
    url: str

    @staticmethod
    def resolve_region(obj: AnalysisRound) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_fields(obj: AnalysisRound) -> list[str]:
        return [f.name for f in obj.fields.all()]

    @staticmethod
    def resolve_invited(obj: AnalysisRound) -> int:
        return int(getattr(obj, "invited_count", 0))

    @staticmethod
    def resolve_submitted(obj: AnalysisRound) -> int:
        return int(getattr(obj, "submitted_count", 0))

    @staticmethod
    def resolve_confirmed(obj: AnalysisRound) -> bool:
        return obj.is_confirmed

    @staticmethod
    def resolve_published(obj: AnalysisRound) -> bool:
        return obj.is_published

    @staticmethod
    def resolve_url(obj: AnalysisRound) -> str:
        return obj.get_absolute_url()


class AggregateOut(Schema):
    dimension: str
    label: str
    mean: float | None
    median: float | None
    spread: float | None = Field(description="Standardabweichung")
    minimum: int | None
    maximum: int | None
    count: int
    unknown: int = Field(description="Antworten „kann ich nicht beurteilen“")


class FieldResultOut(Schema):
    name: str
    slug: str
    aggregates: list[AggregateOut] = Field(description="leer für die Öffentlichkeit")
    score: float | None
    suggested_tier: str | None = Field(description="I, II oder III; null für die Öffentlichkeit")
    tier: str | None = Field(description="bestätigte Priorität I, II oder III; null vor der Bestätigung")
    reason: str = ""


class HeatmapRowOut(Schema):
    municipality: str
    scores: list[float | None]


class ResultsOut(Schema):
    id: int
    name: str
    status: RoundStatus
    submitted: int
    invited: int
    rule: dict[str, Any]
    fields: list[FieldResultOut]
    municipalities: list[HeatmapRowOut] | None = Field(
        description="Punktwert je Kommune und Feld (Heatmap); nur für Mitglieder der Region nach Abschluss"
    )


class AnswerIn(Schema):
    field: str = Field(description="Kurzname des Handlungsfelds")
    dimension: str
    value: int | None = Field(description="Wert auf der Skala; null: kann ich nicht beurteilen")


class QuestionnaireIn(Schema):
    version: int = Field(description="Stand, auf dem die Änderung beruht (aus dem letzten GET)")
    answers: list[AnswerIn]
    comments: dict[str, str] = Field(default_factory=dict, description="Kurzname des Felds → Kommentar")
    text_answers: list[str] = Field(default_factory=list)
    submit: bool = False


class QuestionnaireOut(Schema):
    round: int
    municipality: str
    status: QuestionnaireStatus
    version: int
    answers: list[AnswerIn]
    comments: dict[str, str]
    text_answers: list[str]


def _round(request: HttpRequest, round_id: int) -> AnalysisRound:
    analysis_round = (
        AnalysisRound.objects.with_scopes_disabled().filter(pk=round_id).select_related("region").first()
    )
    if analysis_round is None or not request.user.has_perm("analysis.view_round", analysis_round):
        raise HttpError(404, _("Diese Bedarfsanalyse gibt es nicht, oder Sie dürfen sie nicht sehen."))
    ensure_module(analysis_round.region, "analysis")
    return analysis_round


@router.get(
    "/regions/{slug}/analyses/",
    response={200: list[RoundOut], **ERROR_RESPONSES},
    summary="Bedarfsanalysen einer Region",
    description="Mitglieder der Region sehen alle Runden, alle anderen die mit veröffentlichten Prioritäten.",
)
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest, slug: str) -> QuerySet[AnalysisRound]:
    region = region_or_404(slug, "analysis")
    return selectors.rounds_for_region(region=region, viewer=request.user).prefetch_related("fields")


@router.get(
    "/analyses/{round_id}/results/",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Konsolidiertes Ergebnis einer Bedarfsanalyse",
    description=(
        "Kennzahlen je Feld und Dimension, vorgeschlagene und bestätigte Priorität. Die Öffentlichkeit "
        "sieht nach der Veröffentlichung nur die bestätigten Prioritäten; Antworten einzelner Kommunen "
        "enthält diese Antwort nie."
    ),
)
def get_results(request: HttpRequest, round_id: int) -> Any:
    analysis_round = _round(request, round_id)
    user = request.user
    full = user.has_perm("analysis.view_results", analysis_round)
    tiers_only = not full and user.has_perm("analysis.view_tiers", analysis_round)
    if not full and not tiers_only:
        return Status(403, {"detail": _("Das Ergebnis ist erst nach Abschluss der Runde sichtbar.")})
    result = consolidate(analysis_round)
    fields = [
        {
            "name": item.name,
            "slug": item.slug,
            "aggregates": item.aggregates if full else [],
            "score": item.score if full else None,
            "suggested_tier": (item.suggested or None) if full else None,
            "tier": item.tier or None,
            "reason": item.reason,
        }
        for item in result.fields
    ]
    return {
        "id": analysis_round.pk,
        "name": analysis_round.name,
        "status": analysis_round.status,
        "submitted": result.submitted,
        "invited": result.invited,
        "rule": analysis_round.rule,
        "fields": fields,
        "municipalities": [{"municipality": r.name, "scores": list(r.cells)} for r in result.heatmap]
        if full
        else None,
    }


def _questionnaire(request: HttpRequest, round_id: int, municipality_slug: str) -> Questionnaire:
    analysis_round = _round(request, round_id)
    questionnaire = (
        Questionnaire.objects.filter(round=analysis_round, municipality__slug=municipality_slug)
        .select_related("municipality", "round__region")
        .first()
    )
    if questionnaire is None:
        raise HttpError(404, _("Diese Kommune ist zu dieser Bedarfsanalyse nicht eingeladen."))
    return questionnaire


def _out(questionnaire: Questionnaire) -> dict[str, Any]:
    slugs = dict(questionnaire.round.fields.values_list("pk", "slug"))
    return {
        "round": questionnaire.round_id,
        "municipality": questionnaire.municipality.slug,
        "status": questionnaire.status,
        "version": questionnaire.version,
        "answers": [
            {"field": slugs.get(field_id, ""), "dimension": dimension, "value": value}
            for (field_id, dimension), value in sorted(selectors.answers_of(questionnaire).items())
        ],
        "comments": {slugs.get(int(k), k): v for k, v in questionnaire.comments.items()},
        "text_answers": questionnaire.text_answers,
    }


QUESTIONNAIRE_RESPONSES: dict[int, Any] = {
    200: QuestionnaireOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


@router.get(
    "/analyses/{round_id}/questionnaires/{municipality_slug}/",
    auth=TOKEN_OR_SESSION,
    response=QUESTIONNAIRE_RESPONSES,
    summary="Der Fragebogen einer Kommune",
    description="Für die Beauftragten dieser Kommune und die Koordination der Region.",
)
def get_questionnaire(request: HttpRequest, round_id: int, municipality_slug: str) -> Any:
    questionnaire = _questionnaire(request, round_id, municipality_slug)
    if not request.user.has_perm("analysis.view_questionnaire", questionnaire):
        return Status(403, {"detail": _("Diesen Fragebogen sehen nur die Kommune und die Koordination.")})
    return _out(questionnaire)


def _invalid(message: str) -> Status[dict[str, Any]]:
    return Status(422, {"detail": [{"loc": ["body", "payload"], "msg": message, "type": "value_error"}]})


@router.put(
    "/analyses/{round_id}/questionnaires/{municipality_slug}/",
    auth=TOKEN_OR_SESSION,
    response=QUESTIONNAIRE_RESPONSES,
    summary="Fragebogen einer Kommune speichern oder abgeben",
    description=(
        "Nur für Digitalisierungsbeauftragte dieser Kommune, solange die Runde läuft und die Frist nicht "
        "abgelaufen ist. `version` muss dem gespeicherten Stand entsprechen, sonst 409 (nichts gespeichert)."
    ),
)
def put_questionnaire(
    request: HttpRequest, round_id: int, municipality_slug: str, payload: QuestionnaireIn
) -> Any:
    questionnaire = _questionnaire(request, round_id, municipality_slug)
    if not request.user.has_perm("analysis.fill_questionnaire", questionnaire):
        return Status(
            403, {"detail": _("Diesen Fragebogen dürfen nur die Beauftragten dieser Kommune ausfüllen.")}
        )
    analysis_round = questionnaire.round
    ids = {slug: pk for pk, slug in analysis_round.fields.values_list("pk", "slug")}
    answers: dict[tuple[int, str], int | None] = {}
    for answer in payload.answers:
        if answer.field not in ids:
            return _invalid(
                _("Das Handlungsfeld „%(field)s“ gehört nicht zu dieser Bedarfsanalyse.")
                % {"field": answer.field}
            )
        key = (ids[answer.field], answer.dimension)
        if key in answers:
            return _invalid(
                _("Eine Antwort steht doppelt: %(field)s / %(dim)s.")
                % {"field": answer.field, "dim": answer.dimension}
            )
        answers[key] = answer.value
    comments: dict[int, str] = {}
    for slug, text in payload.comments.items():
        if slug not in ids:
            return _invalid(
                _("Das Handlungsfeld „%(field)s“ gehört nicht zu dieser Bedarfsanalyse.") % {"field": slug}
            )
        comments[ids[slug]] = text
    try:
        saved = services.save_questionnaire(
            questionnaire=questionnaire,
            actor=request.user,
            answers=answers,
            comments=comments,
            text_answers=payload.text_answers,
            expected_version=payload.version,
            submit=payload.submit,
        )
    except services.StaleQuestionnaire as error:
        return Status(409, {"detail": " ".join(error.messages)})
    except ValidationError as error:
        message = " ".join(error.messages)
        state = not analysis_round.is_open or analysis_round.deadline_passed or questionnaire.is_submitted
        return Status(409, {"detail": message}) if state else _invalid(message)
    return _out(saved)
