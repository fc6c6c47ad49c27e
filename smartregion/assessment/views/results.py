"""Results of a closed round: ranking, figures per criterion, matrix, what-if, decisions, paper."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregion.accounts.http import HtmxHttpRequest
from smartregion.assessment import documents, services
from smartregion.assessment.forms import DecisionForm, WeightsForm
from smartregion.assessment.models import AssessmentRound
from smartregion.assessment.views.access import MANAGE, get_round, get_round_to_manage
from smartregion.core.documents import DOCX_CONTENT_TYPE
from smartregion.core.downloads import download
from smartregion.core.forms import save_valid
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


def get_closed_round(request: HttpRequest, region: Region, assessment_id: int) -> AssessmentRound:
    """The round if its results may be shown to the viewer: 404 if unknown, 403 before closing."""
    assessment_round = get_round(request, region, assessment_id)
    if not request.user.has_perm("assessment.view_results", assessment_round):
        raise PermissionDenied(_("Das Ergebnis ist erst nach Abschluss der Runde sichtbar."))
    return assessment_round


def _decision_form(data: QueryDict | None, context: dict[str, Any]) -> DecisionForm:
    decided = context["decisions"]
    undecided = [
        (row.candidate_obj, row.proposal) for row in context["rows"] if row.candidate_obj.pk not in decided
    ]
    return DecisionForm(data, candidates=undecided)


@require_GET
@region_view
def results(request: HtmxHttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    """The result; a coordinator also gets the what-if weights (htmx swaps only their table) and
    the decision form."""
    assessment_round = get_round(request, region, assessment_id)
    can_manage = request.user.has_perm(MANAGE, assessment_round)
    if assessment_round.is_open and can_manage:
        messages.info(
            request, _("Das Ergebnis gibt es nach dem Abschluss; bis dahin sehen Sie hier den Fortschritt.")
        )
        return redirect(assessment_round.get_absolute_url())
    assessment_round = get_closed_round(request, region, assessment_id)
    context = documents.results_context(assessment_round)
    context.update(
        region=region,
        can_manage=can_manage,
        show_comments=request.user.has_perm("assessment.view_comments", assessment_round),
    )
    status = 200
    if can_manage:
        weights_form = WeightsForm(request.GET or None, criteria=context["criteria"])
        if weights_form.is_bound and weights_form.is_valid():
            context["what_if"] = documents.what_if(
                assessment_round, context["result"], weights_form.weights()
            )
        elif weights_form.is_bound:
            status = 400
        context["weights_form"] = weights_form
        if request.htmx:
            return render(request, "assessment/partials/what_if.html", context, status=status)
        context["decision_form"] = _decision_form(None, context)
    return render(request, "assessment/results.html", context, status=status)


@require_POST
@login_required
@region_view
def record_decisions(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    get_round_to_manage(request, region, assessment_id)
    # Before closing even the coordinator sees no result, so the form is not shown (403) either.
    assessment_round = get_closed_round(request, region, assessment_id)
    context = documents.results_context(assessment_round)
    form = _decision_form(request.POST, context)
    saved = save_valid(
        request,
        form,
        lambda **data: services.record_decisions(
            assessment_round=assessment_round,
            actor=request.user,
            outcomes=form.outcomes(),
            body=data["body"],
            decided_on=data["decided_on"],
            reference=data["reference"],
            note=data["note"],
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("%(n)d Beschlüsse sind erfasst; die Projekte haben ihren neuen Stand.") % {"n": len(saved)},
        )
        return redirect("assessment:results", region_slug=region.slug, assessment_id=assessment_round.pk)
    context.update(
        region=region,
        can_manage=True,
        show_comments=True,
        weights_form=WeightsForm(criteria=context["criteria"]),
        decision_form=form,
    )
    return render(request, "assessment/results.html", context, status=400)


@require_GET
@region_view
def paper_pdf(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_closed_round(request, region, assessment_id)
    return download(
        documents.paper_pdf(assessment_round),
        "application/pdf",
        f"bewertung-{assessment_id}-sitzungsvorlage.pdf",
    )


@require_GET
@region_view
def paper_docx(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_closed_round(request, region, assessment_id)
    return download(
        documents.paper_docx(assessment_round),
        DOCX_CONTENT_TYPE,
        f"bewertung-{assessment_id}-sitzungsvorlage.docx",
    )
