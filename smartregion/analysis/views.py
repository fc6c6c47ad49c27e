"""Pages of the needs analysis under /r/<region>/bedarfsanalyse/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregion.analysis import documents, selectors, services
from smartregion.analysis.consolidation import consolidate
from smartregion.analysis.forms import (
    ConfirmForm,
    DeadlineForm,
    QuestionnaireForm,
    RoundForm,
    RuleForm,
    initial_for,
)
from smartregion.analysis.models import AnalysisRound, Questionnaire
from smartregion.analysis.tasks import send_analysis_reminders
from smartregion.core.downloads import XLSX_CONTENT_TYPE, download
from smartregion.core.forms import add_service_errors, run_service, save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

MANAGE = "analysis.manage_round"


def get_round(request: HttpRequest, region: Region, round_id: int) -> AnalysisRound:
    """The round of this region, if the viewer may see it; else 404 (another region's id as well)."""
    analysis_round = AnalysisRound.objects.filter(pk=round_id, region=region).select_related("region").first()
    if analysis_round is None or not request.user.has_perm("analysis.view_round", analysis_round):
        raise Http404
    return analysis_round


def get_questionnaire(
    request: HttpRequest, analysis_round: AnalysisRound, municipality_slug: str
) -> Questionnaire:
    """The municipality's questionnaire if the viewer may see it: 404 for an unknown one, 403 otherwise."""
    questionnaire = (
        Questionnaire.objects.filter(round=analysis_round, municipality__slug=municipality_slug)
        .select_related("municipality", "round__region")
        .first()
    )
    if questionnaire is None:
        raise Http404
    authorize(request, "analysis.view_questionnaire", questionnaire)
    return questionnaire


@require_GET
@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    rounds = list(selectors.rounds_for_region(region=region, viewer=request.user))
    own_id = selectors.own_municipality_id(request.user, region)
    own = {}
    if own_id is not None:
        own = {
            q.round_id: q
            for q in Questionnaire.objects.filter(round__in=rounds, municipality_id=own_id).select_related(
                "municipality"
            )
        }
    context = {
        "region": region,
        "rounds": [(r, own.get(r.pk)) for r in rounds],
        "can_manage": request.user.has_perm(MANAGE, region),
    }
    return render(request, "analysis/overview.html", context)


@login_required
@region_view
def create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    form = RoundForm(request.POST or None, region=region)
    analysis_round = save_valid(
        request,
        form,
        lambda data: services.open_round(region=region, actor=request.user, **form.service_arguments()),
        data_as="data",
    )
    if analysis_round is not None:
        messages.success(request, _("Die Bedarfsanalyse ist eröffnet; die Kommunen können antworten."))
        return redirect(analysis_round.get_absolute_url())
    return render(request, "analysis/create.html", {"region": region, "form": form})


@require_GET
@region_view
def round_detail(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    return _round_page(request, region, get_round(request, region, round_id))


def _round_page(
    request: HttpRequest,
    region: Region,
    analysis_round: AnalysisRound,
    deadline_form: DeadlineForm | None = None,
) -> HttpResponse:
    """The round's page; with a refused deadline form, that form with its errors (status 400)."""
    user = request.user
    can_manage = user.has_perm(MANAGE, analysis_round)
    own_id = selectors.own_municipality_id(user, region)
    context: dict[str, Any] = {
        "region": region,
        "round": analysis_round,
        "fields": list(analysis_round.fields.order_by("order", "pk")),
        "can_manage": can_manage,
        "can_view_results": user.has_perm("analysis.view_results", analysis_round),
        "own": Questionnaire.objects.filter(round=analysis_round, municipality_id=own_id)
        .select_related("municipality")
        .first()
        if own_id
        else None,
    }
    if can_manage:
        progress = selectors.progress_of(analysis_round)
        context["progress"] = progress
        context["submitted_count"] = sum(1 for q in progress if q.is_submitted)
        context["deadline_form"] = deadline_form or DeadlineForm(auto_id="frist_%s")
    may_see_tiers = user.has_perm("analysis.view_tiers", analysis_round) or context["can_view_results"]
    if analysis_round.is_confirmed and may_see_tiers:
        context["result"] = consolidate(analysis_round)
        context["tiers_confirmed"] = context["result"].by_tier("tier")
    return render(request, "analysis/round.html", context, status=400 if deadline_form else 200)


@login_required
@region_view
def questionnaire_view(
    request: HttpRequest, region: Region, round_id: int, municipality_slug: str
) -> HttpResponse:
    analysis_round = get_round(request, region, round_id)
    questionnaire = get_questionnaire(request, analysis_round, municipality_slug)
    may_fill = request.user.has_perm("analysis.fill_questionnaire", questionnaire)
    editable = (
        may_fill
        and analysis_round.is_open
        and not analysis_round.deadline_passed
        and not questionnaire.is_submitted
    )
    fields = list(analysis_round.fields.order_by("order", "pk"))
    answers = selectors.answers_of(questionnaire)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        initial=initial_for(questionnaire, answers),
        analysis_round=analysis_round,
        fields=fields,
    )
    stale = False
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.save_questionnaire(
                    questionnaire=questionnaire,
                    actor=request.user,
                    answers=form.answers(),
                    comments=form.comments(),
                    text_answers=form.text_answers(),
                    expected_version=form.cleaned_data["version"],
                    submit=submit,
                )
            except services.MissingAnswers as error:
                form.mark_missing(error)
            except services.StaleQuestionnaire as error:
                stale = True
                add_service_errors(form, error)
                questionnaire.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(questionnaire.version)
                form.data = data
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Der Fragebogen ist abgegeben. Vielen Dank!")
                    if submit
                    else _("Ihr Entwurf ist gespeichert."),
                )
                return redirect(request.path)
    context = {
        "region": region,
        "round": analysis_round,
        "questionnaire": questionnaire,
        "form": form,
        "editable": editable,
        "may_fill": may_fill,
        "stale": stale,
        "answers": [
            (
                field,
                [(d["label"], answers.get((field.pk, d["key"]), "")) for d in analysis_round.dimensions],
                questionnaire.comments.get(str(field.pk), ""),
            )
            for field in fields
        ],
        "has_answers": bool(answers),
        "text_answers": list(zip(analysis_round.questions, questionnaire.text_answers, strict=False)),
        "can_manage": request.user.has_perm(MANAGE, analysis_round),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "analysis/questionnaire.html", context, status=status)


def _action(request: HttpRequest, region: Region, round_id: int) -> AnalysisRound:
    analysis_round = get_round(request, region, round_id)
    authorize(request, MANAGE, analysis_round)
    return analysis_round


@require_POST
@login_required
@region_view
def reopen(request: HttpRequest, region: Region, round_id: int, municipality_slug: str) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    questionnaire = get_questionnaire(request, analysis_round, municipality_slug)
    run_service(
        request,
        lambda: services.reopen_questionnaire(questionnaire=questionnaire, actor=request.user),
        _("Der Fragebogen von %(name)s ist wieder zur Bearbeitung geöffnet.")
        % {"name": questionnaire.municipality},
    )
    return redirect(analysis_round.get_absolute_url())


@require_POST
@login_required
@region_view
def remind(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    if not analysis_round.is_open or analysis_round.deadline_passed:
        messages.error(
            request, _("Erinnerungen gehen nur vor der Frist einer laufenden Bedarfsanalyse hinaus.")
        )
    else:
        missing = len(services.officers_missing(analysis_round))
        send_analysis_reminders.enqueue(analysis_round.pk, force=True)
        messages.success(
            request,
            _("Die Erinnerung an %(n)d Beauftragte der fehlenden Kommunen wird verschickt.") % {"n": missing},
        )
    return redirect(analysis_round.get_absolute_url())


@require_POST
@login_required
@region_view
def extend(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    form = DeadlineForm(request.POST, auto_id="frist_%s")
    if save_valid(request, form, services.extend_deadline, analysis_round=analysis_round, actor=request.user):
        messages.success(request, _("Die Frist ist verlängert."))
        return redirect(analysis_round.get_absolute_url())
    return _round_page(request, region, analysis_round, deadline_form=form)


@require_POST
@login_required
@region_view
def close(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    run_service(
        request,
        lambda: services.close_round(analysis_round=analysis_round, actor=request.user),
        _("Die Bedarfsanalyse ist abgeschlossen; die Mitglieder der Region sehen jetzt das Ergebnis."),
    )
    return redirect("analysis:results", region_slug=region.slug, round_id=analysis_round.pk)


@require_POST
@login_required
@region_view
def publish(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    run_service(
        request,
        lambda: services.publish_results(analysis_round=analysis_round, actor=request.user),
        _("Die bestätigten Prioritäten sind veröffentlicht."),
    )
    return redirect("analysis:results", region_slug=region.slug, round_id=analysis_round.pk)


@region_view
def results(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    """Consolidated results; the coordinator changes the rule and confirms the tiers here."""
    analysis_round = get_round(request, region, round_id)
    authorize(request, "analysis.view_results", analysis_round)
    can_manage = request.user.has_perm(MANAGE, analysis_round)
    result = consolidate(analysis_round)
    rule_form = RuleForm(analysis_round=analysis_round)
    confirm_form = ConfirmForm(suggestions=result.fields)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if request.POST.get("form") == "rule":
            rule_form = RuleForm(request.POST, analysis_round=analysis_round)
            saved = save_valid(
                request,
                rule_form,
                lambda data: services.set_rule(
                    analysis_round=analysis_round, actor=request.user, rule=rule_form.rule()
                ),
                data_as="data",
            )
            if saved is not None:
                messages.success(request, _("Die Regel ist geändert; die Vorschläge sind neu berechnet."))
                return redirect(request.path)
        else:
            confirm_form = ConfirmForm(request.POST, suggestions=result.fields)
            saved = save_valid(
                request,
                confirm_form,
                lambda data: services.confirm_tiers(
                    analysis_round=analysis_round, actor=request.user, overrides=confirm_form.overrides()
                ),
                data_as="data",
            )
            if saved is not None:
                messages.success(
                    request, _("Die Prioritäten sind bestätigt und in die Strategie übernommen.")
                )
                return redirect(request.path)
        status = 400
    context = documents.result_context(analysis_round, result)
    context.update(
        region=region,
        can_manage=can_manage,
        rule_form=rule_form,
        confirm_form=confirm_form,
    )
    return render(request, "analysis/results.html", context, status=status)


@require_GET
@region_view
def result_pdf(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = get_round(request, region, round_id)
    authorize(request, "analysis.view_results", analysis_round)
    return download(documents.result_pdf(analysis_round), "application/pdf", f"bedarfsanalyse-{round_id}.pdf")


@require_GET
@login_required
@region_view
def answers_xlsx(request: HttpRequest, region: Region, round_id: int) -> HttpResponse:
    analysis_round = _action(request, region, round_id)
    return download(
        documents.answers_xlsx(analysis_round),
        XLSX_CONTENT_TYPE,
        f"bedarfsanalyse-{round_id}-antworten.xlsx",
    )
