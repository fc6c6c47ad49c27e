"""The region's progress (public) and how it is weighted (coordinators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartregion.core.forms import add_service_errors
from smartregion.core.permissions import authorize
from smartregion.portfolio.models import Project
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.reporting import charts, selectors, services
from smartregion.reporting.forms import SettingsForm, WeightForm
from smartregion.reporting.models import ProjectWeight
from smartregion.reporting.progress import rule

MANAGE = "reporting.manage_reports"


@require_GET
@region_view
def progress_page(request: HttpRequest, region: Region) -> HttpResponse:
    progress = selectors.progress_for_region(region, request.user)
    member = request.user.has_perm("reporting.view_unpublished_reports", region)
    context = {
        "region": region,
        "progress": progress,
        "chart": charts.progress_bars(progress, _("Fortschritt je Handlungsfeld")),
        "rule": rule(progress.basis),
        "settings": selectors.settings_of(region),
        "updates": selectors.latest_updates(region, request.user, limit=10),
        "overdue": list(selectors.overdue_projects(region)) if member else None,
        "gaps": list(selectors.indicator_gaps(region)) if member else None,
        "can_manage": request.user.has_perm(MANAGE, region),
    }
    return render(request, "reporting/progress.html", context)


@login_required
@region_view
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    current = selectors.settings_of(region)
    projects = list(
        Project.objects.filter(region=region, status__in=selectors.MONITORED).order_by("title", "pk")
    )
    weights = dict(ProjectWeight.objects.filter(region=region).values_list("project_id", "weight"))
    data = request.POST if request.method == "POST" else None
    form = SettingsForm(
        data, initial={"basis": current.basis, "update_every_days": current.update_every_days}
    )
    weight_forms = [
        (project, WeightForm(data, prefix=f"p{project.pk}", initial={"weight": weights.get(project.pk)}))
        for project in projects
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for _p, f in weight_forms):
        try:
            with transaction.atomic():
                services.change_settings(region=region, actor=request.user, **form.cleaned_data)
                for project, weight_form in weight_forms:
                    if weight_form.has_changed():
                        services.set_project_weight(
                            project=project, actor=request.user, weight=weight_form.cleaned_data["weight"]
                        )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Gewichtung ist gespeichert."))
            return redirect(reverse("reporting:progress", kwargs={"region_slug": region.slug}))
    context = {"region": region, "form": form, "weight_forms": weight_forms}
    invalid = form.errors or any(f.errors for _p, f in weight_forms)
    return render(request, "reporting/settings.html", context, status=400 if invalid else 200)
