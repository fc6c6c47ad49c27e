"""Public pages: the region's surveys, answering (no account, no JavaScript), thanks, results."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from smartregion.core import pagecache, ratelimit
from smartregion.core.downloads import download
from smartregion.core.params import MAX_BIGINT, query_int
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.surveys import exports, selectors, services
from smartregion.surveys.answers import QuestionSpec, is_shown
from smartregion.surveys.forms import AccessCodeForm, answers_from_form
from smartregion.surveys.models import Draft, Option, Question, Survey

COOKIE_PREFIX = "sr_umfrage_"


def get_survey(
    request: HttpRequest, region: Region, survey_id: int, perm: str = "surveys.view_survey"
) -> Survey:
    """The survey of this region the user may see; another region's survey is a 404."""
    survey = get_object_or_404(Survey.objects.select_related("region", "phase"), pk=survey_id, region=region)
    if not request.user.has_perm(perm, survey):
        if perm == "surveys.view_survey":
            raise Http404
        authorize(request, perm, survey)
    return survey


@require_GET
@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    surveys = Paginator(selectors.surveys_for_region(region=region, viewer=request.user), 24).get_page(
        request.GET.get("seite")
    )
    try:
        events_url = reverse("events:list", kwargs={"region_slug": region.slug})
    except NoReverseMatch:
        events_url = ""
    return render(
        request,
        "surveys/overview.html",
        {
            "region": region,
            "surveys": surveys,
            "events_url": events_url,
            "can_manage": request.user.has_perm("surveys.manage_surveys", region),
        },
    )


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    # A short link names no region: found across regions, then shown on its region's page.
    survey = get_object_or_404(
        Survey.objects.with_scopes_disabled().select_related("region"),
        short_code=code.lower(),
        published=True,
    )
    return HttpResponseRedirect(survey.get_absolute_url())


class PageView:
    """One page of questions with the answers given so far."""

    def __init__(self, survey: Survey, specs: list[QuestionSpec], page: int, answers: dict[str, Any]) -> None:
        questions = {q.pk: q for q in selectors.questions_of(survey)}
        self.pages = sorted({spec.page for spec in specs}) or [1]
        self.page = page
        self.number = self.pages.index(page) + 1 if page in self.pages else 1
        self.count = len(self.pages)
        self.is_last = page == self.pages[-1]
        self.previous = (
            self.pages[self.pages.index(page) - 1] if page in self.pages and self.number > 1 else None
        )
        self.progress = round(100 * (self.number - 1) / self.count)
        self.items = [
            (questions[spec.id], answers.get(spec.key))
            for spec in specs
            if spec.page == page and is_shown(spec, answers)
        ]

    def next_page(self) -> int | None:
        return None if self.is_last else self.pages[self.pages.index(self.page) + 1]


def _given_as_answers(given: dict[str, Any]) -> dict[str, Any]:
    """Form input keyed like clean answers, to show it again after an error."""
    return {f"q{key}": value for key, value in given.items()}


@pagecache.leaves_pages_unchanged  # answers show once counted (tasks.count_answers)
@require_http_methods(["GET", "POST"])
@region_view
def detail(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    """The survey's start: privacy notice and the first page; single-page surveys finish here."""
    survey = get_survey(request, region, survey_id)
    specs = services.survey_specs(survey)
    first = min((spec.page for spec in specs), default=1)
    answered_before = COOKIE_PREFIX + str(survey.pk) in request.COOKIES
    code_form = AccessCodeForm(request.POST or None) if survey.requires_code else None
    errors: dict[int, str] = {}
    shown: dict[str, Any] = {}
    message = ""
    limited = request.method == "POST" and not ratelimit.allow(request, ratelimit.SURVEY_RESPONSES)
    if limited:
        message = str(ratelimit.MESSAGE)
    elif request.method == "POST":
        given = answers_from_form(specs, request.POST, first)
        shown = _given_as_answers(given)
        code = request.POST.get("access_code", "")
        view = PageView(survey, specs, first, {})
        try:
            if view.is_last:
                services.submit_response(
                    survey=survey,
                    answers=given,
                    submission_key=request.POST.get("submission_key", "")[:64] or None,
                    access_code=code,
                    specs=specs,
                )
                return _thanks_redirect(survey)
            draft = services.save_draft_page(
                survey=survey, draft=None, page=first, given=given, access_code=code, specs=specs
            )
            return redirect("surveys:resume", region_slug=region.slug, survey_id=survey.pk, token=draft.token)
        except services.AlreadyStored:
            return _thanks_redirect(survey)
        except services.AnswerErrors as error:
            errors = error.by_question
        except ValidationError as error:
            if code_form is not None and hasattr(error, "error_dict") and "access_code" in error.error_dict:
                code_form.add_error("access_code", error.error_dict["access_code"])
            else:
                message = " ".join(error.messages)
    view = PageView(survey, specs, first, shown)
    return render(
        request,
        "surveys/answer.html",
        {
            "region": region,
            "survey": survey,
            "view": view,
            "errors": errors,
            "form_error": errors.get(0, message),
            "code_form": code_form,
            "answered_before": answered_before,
            "submission_key": secrets.token_urlsafe(24),
            "action": request.path,
            "start": True,
        },
        status=429 if limited else 400 if errors or message else 200,
    )


@pagecache.leaves_pages_unchanged  # answers show once counted (tasks.count_answers)
@require_http_methods(["GET", "POST"])
@region_view
def resume(request: HttpRequest, region: Region, survey_id: int, token: str) -> HttpResponse:
    """A later page of a half-finished answer; the link can be kept to continue another time."""
    survey = get_survey(request, region, survey_id)
    draft = Draft.objects.filter(survey=survey, token=token[:64]).first()
    if draft is None:
        return render(
            request,
            "surveys/resume_invalid.html",
            {"region": region, "survey": survey},
            status=404,
        )
    if draft.finished:
        return _thanks_redirect(survey)
    specs = services.survey_specs(survey)
    pages = sorted({spec.page for spec in specs}) or [1]
    requested = query_int(request, "seite", minimum=1)
    page = requested if requested is not None and requested in pages else min(draft.page, pages[-1])
    if page not in pages:
        page = next((p for p in pages if p >= page), pages[-1])
    errors: dict[int, str] = {}
    message = ""
    shown = dict(draft.answers)
    if request.method == "POST":
        given = answers_from_form(specs, request.POST, page)
        try:
            view = PageView(survey, specs, page, shown)
            if view.is_last:
                services.save_draft_page(survey=survey, draft=draft, page=page, given=given, specs=specs)
                services.finish_draft(draft_token=draft.token, specs=specs)
                return _thanks_redirect(survey)
            services.save_draft_page(survey=survey, draft=draft, page=page, given=given, specs=specs)
            next_page = view.next_page()
            url = reverse(
                "surveys:resume", kwargs={"region_slug": region.slug, "survey_id": survey.pk, "token": token}
            )
            return HttpResponseRedirect(f"{url}?seite={next_page}")
        except services.AlreadyStored:
            return _thanks_redirect(survey)
        except services.AnswerErrors as error:
            errors = error.by_question
            shown.update(_given_as_answers(given))
        except ValidationError as error:
            message = " ".join(error.messages)
    view = PageView(survey, specs, page, shown)
    return render(
        request,
        "surveys/answer.html",
        {
            "region": region,
            "survey": survey,
            "view": view,
            "errors": errors,
            "form_error": errors.get(0, message),
            "action": f"{request.path}?seite={page}",
            "resume_url": request.build_absolute_uri(request.path),
            "back_url": f"{request.path}?seite={view.previous}" if view.previous else "",
            "start": False,
        },
        status=400 if errors or message else 200,
    )


def _thanks_redirect(survey: Survey) -> HttpResponse:
    response = redirect("surveys:thanks", region_slug=survey.region.slug, survey_id=survey.pk)
    # A random value, stored nowhere on the server: it only lets the browser say "already answered".
    response.set_cookie(
        COOKIE_PREFIX + str(survey.pk),
        secrets.token_urlsafe(8),
        max_age=60 * 60 * 24 * 365,
        samesite="Lax",
        httponly=True,
        secure=False,
    )
    return response


@require_GET
@region_view
def thanks(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey(request, region, survey_id)
    return render(request, "surveys/thanks.html", {"region": region, "survey": survey})


@require_GET
@region_view
def results(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey(request, region, survey_id, "surveys.view_results")
    question, option = _filter(request, survey)
    questions = selectors.questions_of(survey)
    if question is not None and option is not None:
        data = selectors.filtered_results(
            survey=survey, question=question, option=option, questions=questions
        )
    else:
        data = selectors.survey_results(survey=survey, questions=questions)
    search = request.GET.get("suche", "")[:100]
    texts = {}
    for item in data.questions:
        if item.is_text and not item.suppressed:
            paginator = Paginator(selectors.shown_texts(question=item.question, search=search), 20)
            texts[item.question.pk] = paginator.get_page(request.GET.get(f"seite{item.question.pk}"))
    return render(
        request,
        "surveys/results.html",
        {
            "region": region,
            "survey": survey,
            "results": data,
            "texts": texts,
            "search": search,
            "filter_choices": selectors.filter_choices(survey, questions),
            "selected_option": option.pk if option else None,
            "can_manage": request.user.has_perm("surveys.manage_surveys", region),
        },
    )


def _filter(request: HttpRequest, survey: Survey) -> tuple[Question | None, Option | None]:
    option_id = query_int(request, "filter", maximum=MAX_BIGINT)
    if option_id is None:
        return None, None
    option = (
        Option.objects.filter(pk=option_id, question__survey=survey, is_row=False)
        .select_related("question")
        .first()
    )
    if option is None:
        raise Http404
    return option.question, option


@require_GET
@region_view
def results_pdf(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey(request, region, survey_id, "surveys.view_results")
    content = exports.results_pdf(selectors.survey_results(survey=survey))
    return download(content, "application/pdf", f"umfrage-{survey.pk}-ergebnisse.pdf")


@require_GET
@region_view
def qr_code(request: HttpRequest, region: Region, survey_id: int, kind: str) -> HttpResponse:
    survey = get_survey(request, region, survey_id)
    url = request.build_absolute_uri(survey.short_path())
    if kind == "svg":
        content, content_type = exports.qr_svg(url), "image/svg+xml"
    else:
        content, content_type = exports.qr_png(url), "image/png"
    return download(content, content_type, f"umfrage-{survey.short_code}-qr.{kind}")
