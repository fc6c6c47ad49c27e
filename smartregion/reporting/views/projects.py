"""A project's status and indicators under /r/<region>/fortschritt/projekte/<project>/: everyone who
may see the project reads them; whoever may change its profile reports and measures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregion.core.forms import save_valid
from smartregion.core.permissions import authorize
from smartregion.portfolio.models import Project
from smartregion.portfolio.selectors import visible_project
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.reporting import charts, selectors, services
from smartregion.reporting.forms import IndicatorForm, MeasurementForm, StatusUpdateForm
from smartregion.reporting.models import Indicator

REPORT = "reporting.report_status"


def _project(request: HttpRequest, region: Region, slug: str) -> Project:
    project = visible_project(region, slug, request.user)
    if project is None:
        raise Http404
    return project


def status_url(project: Project) -> str:
    kwargs = {"region_slug": project.region.slug, "project_slug": project.slug}
    return reverse("reporting:project_status", kwargs=kwargs)


def _context(request: HttpRequest, region: Region, project: Project, **forms: Any) -> dict[str, Any]:
    indicators = []
    for indicator in selectors.indicators_of(project):
        measurements = list(indicator.measurements.all())
        title = _("%(name)s in %(unit)s") % {"name": indicator.name, "unit": indicator.unit}
        shown = {
            "indicator": indicator,
            "measurements": measurements,
            "chart": charts.indicator_line(indicator, measurements, title),
            "form": forms.get(f"measurement_{indicator.pk}")
            or MeasurementForm(indicator=indicator, prefix=f"m{indicator.pk}"),
        }
        indicators.append(shown)
    may_report = request.user.has_perm(REPORT, project)
    return {
        "region": region,
        "project": project,
        "updates": list(selectors.updates_of(project)[:50]),
        "indicators": indicators,
        "may_report": may_report,
        "update_form": forms.get("update_form") or (StatusUpdateForm() if may_report else None),
        "indicator_form": forms.get("indicator_form") or (IndicatorForm(prefix="i") if may_report else None),
    }


@require_GET
@region_view
def project_status(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _project(request, region, project_slug)
    return render(request, "reporting/project_status.html", _context(request, region, project))


@login_required
@require_POST
@region_view
def add_update(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _project(request, region, project_slug)
    authorize(request, REPORT, project)
    form = StatusUpdateForm(request.POST)
    if save_valid(
        request, form, services.add_status_update, data_as="data", project=project, actor=request.user
    ):
        messages.success(request, _("Die Statusmeldung ist gespeichert."))
        return redirect(status_url(project) + "#meldungen")
    context = _context(request, region, project, update_form=form)
    return render(request, "reporting/project_status.html", context, status=400)


@login_required
@require_POST
@region_view
def add_indicator(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    project = _project(request, region, project_slug)
    authorize(request, REPORT, project)
    form = IndicatorForm(request.POST, prefix="i")
    if save_valid(request, form, services.add_indicator, data_as="data", project=project, actor=request.user):
        messages.success(request, _("Der Indikator ist angelegt."))
        return redirect(status_url(project) + "#indikatoren")
    context = _context(request, region, project, indicator_form=form)
    return render(request, "reporting/project_status.html", context, status=400)


@login_required
@require_POST
@region_view
def add_measurement(
    request: HttpRequest, region: Region, project_slug: str, indicator_id: int
) -> HttpResponse:
    project = _project(request, region, project_slug)
    authorize(request, REPORT, project)
    indicator = Indicator.objects.filter(project=project, pk=indicator_id).first()
    if indicator is None:
        raise Http404
    form = MeasurementForm(request.POST, indicator=indicator, prefix=f"m{indicator.pk}")
    if save_valid(
        request, form, services.add_measurement, data_as="data", indicator=indicator, actor=request.user
    ):
        messages.success(request, _("Der Messwert ist gespeichert."))
        return redirect(status_url(project) + f"#indikator-{indicator.pk}")
    context = _context(request, region, project, **{f"measurement_{indicator.pk}": form})
    return render(request, "reporting/project_status.html", context, status=400)
