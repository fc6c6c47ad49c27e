"""Rounds under /r/<region>/bewertung/: overview, opening, a round's page and its buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregion.assessment import selectors, services
from smartregion.assessment.forms import DeadlineForm, RoundForm, criteria_formset
from smartregion.assessment.models import AssessmentRound
from smartregion.assessment.views.access import MANAGE, get_round, get_round_to_manage
from smartregion.core import pagecache
from smartregion.core.forms import add_service_errors, run_service, save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


@require_GET
@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    rounds = list(selectors.rounds_for_region(region=region, viewer=request.user))
    invited = selectors.invited_assessment_ids(request.user, rounds)
    context = {
        "region": region,
        "rounds": [(r, r.pk in invited) for r in rounds],
        "can_manage": request.user.has_perm(MANAGE, region),
        "decision_count": selectors.decisions_for_region(region).count(),
    }
    return render(request, "assessment/overview.html", context)


@login_required
@region_view
def create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    data = request.POST if request.method == "POST" else None
    form = RoundForm(data, region=region)
    criteria = criteria_formset(data)
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        chosen = [f.criterion() for f in criteria.forms]
        try:
            assessment_round = services.open_round(
                region=region,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                deadline=form.cleaned_data["deadline"],
                blind=form.cleaned_data["blind"],
                candidates=list(form.cleaned_data["candidates"]),
                raters=list(form.cleaned_data["raters"]),
                criteria=[c for c in chosen if c is not None],
            )
        except ValidationError as error:
            # The criteria's errors (weights, names, scales) go to the summary above the form.
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Die Bewertungsrunde ist eröffnet; die Eingeladenen können bewerten.")
            )
            return redirect(assessment_round.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"region": region, "form": form, "criteria": criteria}
    return render(request, "assessment/create.html", context, status=status)


@require_GET
@region_view
def round_detail(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    return _round_page(request, region, get_round(request, region, assessment_id))


def _round_page(
    request: HttpRequest,
    region: Region,
    assessment_round: AssessmentRound,
    deadline_form: DeadlineForm | None = None,
) -> HttpResponse:
    """The round's page; with a refused deadline form, that form with its errors (status 400)."""
    user = request.user
    can_manage = user.has_perm(MANAGE, assessment_round)
    rater = selectors.rater_of(assessment_round, user)
    context: dict[str, Any] = {
        "region": region,
        "round": assessment_round,
        "criteria": selectors.criteria_of(assessment_round),
        "candidates": selectors.candidates_of(assessment_round),
        "can_manage": can_manage,
        "rater": rater,
        "can_view_results": user.has_perm("assessment.view_results", assessment_round),
    }
    progress = selectors.progress_of(assessment_round) if can_manage or rater is not None else []
    if can_manage:
        context["progress"] = progress
        context["submitted_count"] = sum(1 for p in progress if p.rater.submitted_at)
        context["deadline_form"] = deadline_form or DeadlineForm(auto_id="frist_%s")
    if rater is not None:
        context["own_progress"] = next((p for p in progress if p.rater.pk == rater.pk), None)
    return render(request, "assessment/round.html", context, status=400 if deadline_form else 200)


@require_POST
@login_required
@region_view
def change_deadline(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_round_to_manage(request, region, assessment_id)
    form = DeadlineForm(request.POST, auto_id="frist_%s")
    if save_valid(
        request, form, services.change_deadline, assessment_round=assessment_round, actor=request.user
    ):
        messages.success(request, _("Die Frist ist geändert."))
        return redirect(assessment_round.get_absolute_url())
    return _round_page(request, region, assessment_round, deadline_form=form)


@require_POST
@login_required
@region_view
def close(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_round_to_manage(request, region, assessment_id)
    closed = run_service(
        request,
        lambda: services.close_round(assessment_round=assessment_round, actor=request.user),
        _("Die Runde ist abgeschlossen; die Mitglieder der Region sehen jetzt das Ergebnis."),
    )
    if closed:
        return redirect("assessment:results", region_slug=region.slug, assessment_id=assessment_round.pk)
    return redirect(assessment_round.get_absolute_url())


@require_POST
@login_required
@region_view
def publish(request: HttpRequest, region: Region, assessment_id: int) -> HttpResponse:
    assessment_round = get_round_to_manage(request, region, assessment_id)
    run_service(
        request,
        lambda: services.publish_round(assessment_round=assessment_round, actor=request.user),
        _("Das Ergebnis ist veröffentlicht."),
    )
    return redirect("assessment:results", region_slug=region.slug, assessment_id=assessment_round.pk)


@require_GET
@region_view
def decision_log(request: HttpRequest, region: Region) -> HttpResponse:
    """Every recorded decision of the region, public."""
    decisions = selectors.decisions_for_region(region)
    page = pagecache.CountedPaginator(decisions, 50, path=request.path).get_page(request.GET.get("seite"))
    return render(request, "assessment/decisions.html", {"region": region, "page": page})
