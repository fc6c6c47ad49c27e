"""A project's plan under /r/<region>/fahrplan/projekte/<project>/: milestones, personnel, costs
and sources. Each form posts to its own URL; a refusal shows the form again with its errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.core import confirm
from smartregion.core.forms import run_service, save_valid
from smartregion.portfolio.models import Project
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.roadmap import selectors
from smartregion.roadmap.forms import CostPlanForm, MilestoneForm, NeedForm, SourceForm, cost_years
from smartregion.roadmap.models import plan_url
from smartregion.roadmap.services import milestones as milestone_services
from smartregion.roadmap.services import resources
from smartregion.roadmap.views.access import PLAN, milestone_of, project_to_plan, project_to_view, source_of


def _plan_context(request: HttpRequest, region: Region, project: Project, **forms: Any) -> dict[str, Any]:
    plan = selectors.plan_of(project)
    may_plan = request.user.has_perm(PLAN, project)
    context: dict[str, Any] = {"region": region, "project": project, "plan": plan, "may_plan": may_plan}
    if may_plan:
        context["need_form"] = forms.get("need_form") or NeedForm(region=region, auto_id="personal_%s")
    return context


@require_GET
@region_view
def project_plan(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = project_to_view(request, region, project_slug)
    return render(request, "roadmap/plan.html", _plan_context(request, region, project))


@login_required
@region_view
def milestone_form(
    request: HttpRequest, region: Region, project_slug: str, milestone_id: int | None = None
) -> HttpResponse:
    project = project_to_plan(request, region, project_slug)
    milestone = milestone_of(project, milestone_id) if milestone_id is not None else None
    initial = {}
    if milestone is not None:
        initial = {name: getattr(milestone, name) for name in milestone_services.FIELDS}
        initial["depends_on"] = list(milestone.depends_on.all())
    data = request.POST if request.method == "POST" else None
    form = MilestoneForm(data, initial=initial, project=project, milestone=milestone)
    saved = save_valid(
        request,
        form,
        milestone_services.save_milestone,
        data_as="data",
        project=project,
        actor=request.user,
        milestone=milestone,
    )
    if saved is not None:
        messages.success(request, _("„%(title)s“ ist im Fahrplan gespeichert.") % {"title": saved.title})
        return redirect(plan_url(project) + "#meilensteine")
    context = {"region": region, "project": project, "milestone": milestone, "form": form}
    return render(request, "roadmap/milestone_form.html", context, status=400 if form.errors else 200)


@login_required
@region_view
@require_http_methods(["GET", "POST"])
def milestone_delete(
    request: HttpRequest, region: Region, project_slug: str, milestone_id: int
) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST removes the milestone."""
    project = project_to_plan(request, region, project_slug)
    milestone = milestone_of(project, milestone_id)
    if not confirm.is_confirmed(request):
        return confirm.page(
            request, _removal(project, milestone, milestone.title, plan_url(project) + "#meilensteine")
        )
    milestone_services.delete_milestone(milestone=milestone, actor=request.user)
    messages.success(request, _("„%(title)s“ ist aus dem Fahrplan entfernt.") % {"title": milestone.title})
    return redirect(plan_url(project) + "#meilensteine")


def _removal(project: Project, item: Model, name: str, back: str) -> confirm.Removal:
    return confirm.Removal(
        title=_("„%(name)s“ entfernen?") % {"name": name},
        cancel_url=back,
        back_label=_("Planung: %(title)s") % {"title": project.title},
        consequences=[
            _("Der Eintrag wird aus der Planung entfernt."),
            *confirm.cascade_consequences(item),
            _("Die bisherige Fassung des Steckbriefs bleibt in der Versionsgeschichte erhalten."),
        ],
    )


@require_POST
@login_required
@region_view
def personnel_need(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = project_to_plan(request, region, project_slug)
    form = NeedForm(request.POST, region=region, auto_id="personal_%s")
    saved = save_valid(request, form, _save_need, project=project, actor=request.user)
    if saved:
        messages.success(request, _("Der Personalbedarf ist gespeichert."))
        return redirect(plan_url(project) + "#personal")
    context = _plan_context(request, region, project, need_form=form)
    return render(request, "roadmap/plan.html", context, status=400)


def _save_need(*, project: Project, actor: Any, **data: Any) -> bool:
    resources.save_personnel_need(project=project, actor=actor, **data)
    return True


@login_required
@region_view
def cost_plan(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = project_to_plan(request, region, project_slug)
    lines = selectors.plan_of(project).cost_lines
    years = cost_years(project, [line.year for line in lines])
    initial = {f"investment_{line.year}": line.investment for line in lines}
    initial.update({f"running_{line.year}": line.running for line in lines})
    data = request.POST if request.method == "POST" else None
    form = CostPlanForm(data, initial=initial, years=years)
    if data is not None and form.is_valid():
        done = run_service(
            request,
            lambda: resources.save_cost_plan(project=project, actor=request.user, lines=form.lines()),
            _("Der Kostenplan ist gespeichert."),
        )
        if done:
            return redirect(plan_url(project) + "#kosten")
    context = {"region": region, "project": project, "form": form}
    return render(request, "roadmap/cost_plan.html", context, status=400 if data is not None else 200)


@login_required
@region_view
def source_form(
    request: HttpRequest, region: Region, project_slug: str, source_id: int | None = None
) -> HttpResponse:
    project = project_to_plan(request, region, project_slug)
    source = source_of(project, source_id) if source_id is not None else None
    initial = {name: getattr(source, name) for name in resources.SOURCE_FIELDS} if source else {}
    data = request.POST if request.method == "POST" else None
    form = SourceForm(data, initial=initial, region=region)
    saved = save_valid(
        request,
        form,
        resources.save_funding_source,
        data_as="data",
        project=project,
        actor=request.user,
        source=source,
    )
    if saved is not None:
        messages.success(request, _("Die Finanzierungsquelle ist gespeichert."))
        return redirect(plan_url(project) + "#finanzierung")
    context = {
        "region": region,
        "project": project,
        "source": source,
        "form": form,
        "money": selectors.plan_of(project).money,
    }
    return render(request, "roadmap/source_form.html", context, status=400 if form.errors else 200)


@login_required
@region_view
@require_http_methods(["GET", "POST"])
def source_delete(request: HttpRequest, region: Region, project_slug: str, source_id: int) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST removes the source."""
    project = project_to_plan(request, region, project_slug)
    source = source_of(project, source_id)
    if not confirm.is_confirmed(request):
        return confirm.page(
            request, _removal(project, source, source.name, plan_url(project) + "#finanzierung")
        )
    resources.delete_funding_source(source=source, actor=request.user)
    messages.success(request, _("Die Finanzierungsquelle ist entfernt."))
    return redirect(plan_url(project) + "#finanzierung")
