"""Umfragen: a region's surveys, one survey with its questions, answering, and aggregated results.

Answering needs no login and gives back nothing that identifies the answerer. Results are public
once the coordinators publish them, before that for the region's members only.
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

from smartregion.api.errors import ERROR_RESPONSES, ErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import ensure_module, region_or_404
from smartregion.core import pagecache, ratelimit
from smartregion.surveys import selectors, services
from smartregion.surveys.models import Survey

router = Router(tags=["Umfragen"])


class SurveyOut(Schema):
    id: int
    title: str
    status: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_url(obj: Survey) -> str:
        return obj.get_absolute_url()


class OptionOut(Schema):
    id: int
    label: str


class QuestionOut(Schema):
    id: int
    type: str
    text: str
    help_text: str
    page: int
    required: bool
    options: list[OptionOut]
    rows: list[OptionOut] | None = None
    max_choices: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    show_if_option: int | None = None


class SurveyDetailOut(Schema):
    id: int
    title: str
    status: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: str
    description: str
    privacy_notice: str
    requires_code: bool
    questions: list[QuestionOut]


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(..., description="Antworten nach Frage-ID")
    access_code: str | None = Field(None, max_length=40)
    submission_key: str | None = Field(None, max_length=64, description="Zufallswert gegen Doppelsendungen")


class AnswerErrorOut(Schema):
    detail: str
    questions: dict[str, str] = Field(default_factory=dict, description="Meldung je Frage-ID")


class ResultOptionOut(Schema):
    id: int | None
    label: str
    count: int
    percent: float


class ResultRowOut(Schema):
    label: str
    options: list[ResultOptionOut]


class QuestionResultOut(Schema):
    id: int
    type: str
    text: str
    answered: int
    suppressed: bool
    options: list[ResultOptionOut]
    rows: list[ResultRowOut]
    numbers: dict[str, float]


class ResultsOut(Schema):
    id: int
    title: str
    response_count: int
    suppressed: bool
    completion_rate: float | None
    median_minutes: float | None
    questions: list[QuestionResultOut]


def _survey(
    request: HttpRequest, survey_id: int, perm: str = "surveys.view_survey", *, kept: bool = False
) -> Survey:
    """The survey, if this person may see it (``perm``: and do more). ``kept``: read through the
    page cache's versions (``pagecache.kept``), for answering, where the lookup was half the cost."""

    def lookup() -> Survey | None:
        return Survey.objects.with_scopes_disabled().select_related("region").filter(pk=survey_id).first()

    survey = pagecache.kept(f"survey:{survey_id}", request.path, lookup) if kept else lookup()
    if survey is None or not request.user.has_perm("surveys.view_survey", survey):
        raise HttpError(404, _("Diese Umfrage gibt es nicht, oder Sie dürfen sie nicht sehen."))
    ensure_module(survey.region, "surveys")
    if not request.user.has_perm(perm, survey):
        raise HttpError(403, _("Die Ergebnisse dieser Umfrage sind nicht öffentlich."))
    return survey


@router.get(
    "/regions/{slug}/surveys/",
    response={200: list[SurveyOut], **ERROR_RESPONSES},
    summary="Umfragen einer Region",
)
@paginate(LimitOffsetPagination)
def list_surveys(request: HttpRequest, slug: str) -> QuerySet[Survey]:
    region = region_or_404(slug, "surveys")
    return selectors.surveys_for_region(region=region, viewer=request.user)


@router.get(
    "/surveys/{survey_id}/", response={200: SurveyDetailOut, **ERROR_RESPONSES}, summary="Eine Umfrage"
)
def get_survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    survey = _survey(request, survey_id)
    questions = []
    for q in selectors.questions_of(survey):
        options = [{"id": o.pk, "label": o.label} for o in q.options.all() if not o.is_row]
        rows = [{"id": o.pk, "label": o.label} for o in q.options.all() if o.is_row]
        questions.append(
            {
                "id": q.pk,
                "type": q.type,
                "text": q.text,
                "help_text": q.help_text,
                "page": q.page,
                "required": q.required,
                "options": options,
                "rows": rows if q.type == "matrix" else None,
                "max_choices": q.max_choices,
                "min_value": q.min_value,
                "max_value": q.max_value,
                "show_if_option": q.show_if_option_id,
            }
        )
    return {
        "id": survey.pk,
        "title": survey.title,
        "status": survey.status,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "url": survey.get_absolute_url(),
        "description": survey.description,
        "privacy_notice": survey.privacy_notice,
        "requires_code": survey.requires_code,
        "questions": questions,
    }


@router.post(
    "/surveys/{survey_id}/responses/",
    response={201: None, 400: AnswerErrorOut, 409: ErrorOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="Eine Umfrage beantworten (anonym)",
)
def submit(request: HttpRequest, survey_id: int, payload: ResponseIn) -> Status[Any]:
    pagecache.pages_unchanged(request)  # answers show once counted (tasks.count_answers)
    survey = _survey(request, survey_id, kept=True)
    if not ratelimit.allow(request, ratelimit.SURVEY_RESPONSES):
        return Status(429, {"detail": str(ratelimit.MESSAGE)})
    try:
        services.submit_response(
            survey=survey,
            answers={str(k): v for k, v in payload.answers.items()},
            access_code=payload.access_code,
            submission_key=payload.submission_key,
        )
    except services.AnswerErrors as error:
        return Status(
            400,
            {
                "detail": _("Die Antworten passen nicht zu den Fragen."),
                "questions": {str(k): v for k, v in error.by_question.items()},
            },
        )
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    return Status(201, None)


def _options(bars: list[selectors.Bar]) -> list[dict[str, Any]]:
    return [{"id": b.option_id, "label": b.label, "count": b.count, "percent": b.percent} for b in bars]


@router.get(
    "/surveys/{survey_id}/results/",
    response={200: ResultsOut, 403: ErrorOut, **ERROR_RESPONSES},
    summary="Ergebnisse einer Umfrage (nur zusammengefasst)",
)
def results(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    survey = _survey(request, survey_id, "surveys.view_results")
    data = selectors.survey_results(survey=survey)
    return {
        "id": survey.pk,
        "title": survey.title,
        "response_count": data.response_count,
        "suppressed": data.suppressed,
        "completion_rate": data.completion_rate,
        "median_minutes": data.median_minutes,
        "questions": [
            {
                "id": item.question.pk,
                "type": item.type,
                "text": item.question.text,
                "answered": item.answered,
                "suppressed": item.suppressed,
                "options": _options(item.bars),
                "rows": [{"label": label, "options": _options(cells)} for label, cells in item.matrix],
                "numbers": item.numbers,
            }
            for item in data.questions
        ],
    }
