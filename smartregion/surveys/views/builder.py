"""The coordinator's pages: build, preview, publish, duplicate, access codes, moderation, exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.core import confirm
from smartregion.core.downloads import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, as_attachment
from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.params import MAX_BIGINT, parse_int
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.surveys import exports, selectors, services
from smartregion.surveys.forms import (
    AccessCodesForm,
    ModerationForm,
    QuestionChangeForm,
    QuestionForm,
    SurveyForm,
)
from smartregion.surveys.models import Question, Survey, TextAnswer, TextAnswerStatus
from smartregion.surveys.views.public import PageView

MANAGE = "surveys.manage_surveys"
SURVEY_ACTIONS = (
    "veroeffentlichen",
    "zurueckziehen",
    "ergebnisse-veroeffentlichen",
    "ergebnisse-zurueckziehen",
    "kopieren",
)


def get_survey_for_edit(request: HttpRequest, region: Region, survey_id: int) -> Survey:
    authorize(request, MANAGE, region)
    return get_object_or_404(Survey.objects.select_related("region"), pk=survey_id, region=region)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    form = SurveyForm(request.POST or None, region=region)
    survey = save_valid(
        request, form, services.create_survey, data_as="data", region=region, actor=request.user
    )
    if survey is not None:
        messages.success(request, _("Die Umfrage ist angelegt. Fügen Sie nun Fragen hinzu."))
        return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)
    return render(
        request,
        "surveys/survey_form.html",
        {"region": region, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def edit(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    form = SurveyForm(request.POST or None, instance=survey, region=region)
    question_form = QuestionForm(survey=survey)
    saved = save_valid(
        request, form, services.change_survey, data_as="data", survey=survey, actor=request.user
    )
    if saved is not None:
        messages.success(request, _("Die Angaben sind gespeichert."))
        return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)
    return _edit_page(request, region, survey, form, question_form)


def _edit_page(
    request: HttpRequest, region: Region, survey: Survey, form: SurveyForm, question_form: QuestionForm
) -> HttpResponse:
    survey.refresh_from_db()
    return render(
        request,
        "surveys/edit.html",
        {
            "region": region,
            "survey": survey,
            "form": form,
            "question_form": question_form,
            "questions": selectors.questions_of(survey),
            "codes_form": AccessCodesForm(),
            "pending": selectors.texts_to_moderate(survey=survey).count(),
            "short_url": request.build_absolute_uri(survey.short_path()),
        },
        status=400 if form.errors or question_form.errors else 200,
    )


@login_required
@require_POST
@region_view
def add_question(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    question_form = QuestionForm(request.POST, survey=survey)
    saved = save_valid(
        request,
        question_form,
        lambda data: services.add_question(
            survey=survey, actor=request.user, **question_form.service_arguments()
        ),
        data_as="data",
    )
    if saved is not None:
        messages.success(request, _("Die Frage ist hinzugefügt."))
        return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)
    return _edit_page(request, region, survey, SurveyForm(instance=survey, region=region), question_form)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def change_question(request: HttpRequest, region: Region, survey_id: int, question_id: int) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    initial = {"text": question.text, "help_text": question.help_text, "page": question.page}
    form = QuestionChangeForm(request.POST or None, initial={**initial, "required": question.required})
    saved = save_valid(
        request,
        form,
        services.change_question,
        question=question,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Die Frage ist geändert."))
        return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"region": region, "survey": survey, "question": question, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@region_view
def question_action(
    request: HttpRequest, region: Region, survey_id: int, question_id: int, action: str
) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    if action not in ("hoch", "runter"):
        raise Http404
    try:
        services.move_question(question=question, actor=request.user, up=action == "hoch")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def delete_question(request: HttpRequest, region: Region, survey_id: int, question_id: int) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST deletes the question."""
    survey = get_survey_for_edit(request, region, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    edit_url = reverse("surveys:edit", kwargs={"region_slug": region.slug, "survey_id": survey.pk})
    if not confirm.is_confirmed(request):
        removal = confirm.Removal(
            title=_("Frage „%(text)s“ löschen?") % {"text": Truncator(question.text).chars(80)},
            cancel_url=edit_url + "#questions-heading",
            back_label=survey.title,
            consequences=[
                _("Die Frage verschwindet aus der Umfrage; das lässt sich nicht rückgängig machen."),
                *confirm.cascade_consequences(question),
            ],
            button=_("Ja, Frage löschen"),
        )
        return confirm.page(request, removal)
    try:
        services.delete_question(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Frage ist gelöscht."))
    return redirect(edit_url)


@login_required
@require_POST
@region_view
def survey_action(request: HttpRequest, region: Region, survey_id: int, action: str) -> HttpResponse:
    """Publish or withdraw the survey or its results, or duplicate it."""
    survey = get_survey_for_edit(request, region, survey_id)
    if action not in SURVEY_ACTIONS:
        raise Http404
    try:
        if action == "veroeffentlichen":
            services.publish_survey(survey=survey, actor=request.user)
            messages.success(request, _("Die Umfrage ist veröffentlicht."))
        elif action == "zurueckziehen":
            services.publish_survey(survey=survey, actor=request.user, published=False)
            messages.success(request, _("Die Umfrage ist nicht mehr öffentlich."))
        elif action == "ergebnisse-veroeffentlichen":
            services.publish_results(survey=survey, actor=request.user)
            messages.success(request, _("Die Ergebnisse sind öffentlich."))
        elif action == "ergebnisse-zurueckziehen":
            services.publish_results(survey=survey, actor=request.user, public=False)
            messages.success(request, _("Die Ergebnisse sind nicht mehr öffentlich."))
        elif action == "kopieren":
            copy = services.duplicate_survey(survey=survey, actor=request.user)
            messages.success(request, _("Die Kopie ist angelegt."))
            return redirect("surveys:edit", region_slug=region.slug, survey_id=copy.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:edit", region_slug=region.slug, survey_id=survey.pk)


@login_required
@require_GET
@region_view
def preview(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    specs = services.survey_specs(survey)
    pages = [PageView(survey, specs, page, {}) for page in sorted({spec.page for spec in specs})]
    for page in pages:
        # In the preview every question shows, conditions included.
        questions = {q.pk: q for q in selectors.questions_of(survey)}
        page.items = [(questions[s.id], None) for s in specs if s.page == page.page]
    return render(request, "surveys/preview.html", {"region": region, "survey": survey, "pages": pages})


@login_required
@require_POST
@region_view
def access_codes(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    form = AccessCodesForm(request.POST)
    codes: list[str] = []
    if form.is_valid():
        try:
            codes = services.create_access_codes(
                survey=survey, actor=request.user, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "surveys/codes.html",
        {"region": region, "survey": survey, "codes": codes, "form": form},
        status=200 if codes else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def moderation(request: HttpRequest, region: Region, survey_id: int) -> HttpResponse:
    """The free texts to check. No decision is chosen beforehand; a POST without one, or with an
    empty text, changes nothing and shows the page again with the error at that answer."""
    survey = get_survey_for_edit(request, region, survey_id)
    posted: ModerationForm | None = None
    if request.method == "POST":
        answer = get_object_or_404(
            TextAnswer, pk=_number(request.POST.get("answer")), question__survey=survey
        )
        posted = ModerationForm(request.POST, prefix=f"a{answer.pk}")
        if posted.is_valid():
            services.moderate_text(
                answer=answer,
                actor=request.user,
                status=posted.cleaned_data["status"],
                text=posted.cleaned_data["text"],
            )
            messages.success(request, _("Die Entscheidung ist gespeichert."))
            return redirect("surveys:moderation", region_slug=region.slug, survey_id=survey.pk)
        messages.error(request, _("Nichts wurde gespeichert. Bitte prüfen Sie die markierte Antwort."))
    status = request.GET.get("status", TextAnswerStatus.PENDING)
    if status not in TextAnswerStatus.values:
        status = TextAnswerStatus.PENDING
    answers = list(selectors.texts_to_moderate(survey=survey, status=status)[:50])
    if posted is not None and answer not in answers:
        answers.insert(0, answer)  # the answer with the error stays in view, whatever the filter
    items = [(a, posted if posted is not None and a == answer else _moderation_form(a)) for a in answers]
    return render(
        request,
        "surveys/moderation.html",
        {
            "region": region,
            "survey": survey,
            "items": items,
            "status": status,
            "statuses": TextAnswerStatus.choices,
            "uncounted": selectors.uncounted(survey),
        },
        status=400 if posted is not None else 200,
    )


def _moderation_form(answer: TextAnswer) -> ModerationForm:
    return ModerationForm(initial={"text": answer.text}, prefix=f"a{answer.pk}")


@login_required
@require_GET
@region_view
def export(request: HttpRequest, region: Region, survey_id: int, kind: str) -> HttpResponse:
    survey = get_survey_for_edit(request, region, survey_id)
    name = f"umfrage-{survey.pk}"
    response: HttpResponse | StreamingHttpResponse
    if kind == "csv":
        response = StreamingHttpResponse(
            exports.stream_csv(exports.answer_rows(survey)), content_type=CSV_CONTENT_TYPE
        )
        filename = f"{name}-antworten.csv"
    elif kind == "codebuch":
        response = StreamingHttpResponse(
            exports.stream_csv(exports.codebook_rows(survey)), content_type=CSV_CONTENT_TYPE
        )
        filename = f"{name}-codebuch.csv"
    else:
        response = HttpResponse(exports.xlsx(survey), content_type=XLSX_CONTENT_TYPE)
        filename = f"{name}-antworten.xlsx"
    return as_attachment(response, filename)  # type: ignore[return-value]


def _number(raw: str | None) -> int:
    return parse_int(raw, maximum=MAX_BIGINT) or 0
