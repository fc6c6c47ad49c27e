"""Status reports under /r/<region>/berichte/: the archive (published ones for everyone), and for
the coordinators creating, changing, publishing and retrying them. A report being generated shows
its progress; with JavaScript the page asks again every two seconds (htmx), without it a button
does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.core.documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from smartregion.core.forms import run_service, save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.reporting import selectors, services
from smartregion.reporting.forms import ReportForm
from smartregion.reporting.models import StatusReport

MANAGE = "reporting.manage_reports"


def _report(request: HttpRequest, region: Region, report_id: int) -> StatusReport:
    report = selectors.report_of(region, report_id, request.user)
    if report is None:
        raise Http404
    return report


@require_GET
@region_view
def report_list(request: HttpRequest, region: Region) -> HttpResponse:
    reports = Paginator(selectors.reports_for(region, request.user), 25).get_page(request.GET.get("seite"))
    context = {"region": region, "page": reports, "can_manage": request.user.has_perm(MANAGE, region)}
    return render(request, "reporting/reports.html", context)


@login_required
@region_view
@require_http_methods(["GET", "POST"])
def create_report(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    form = ReportForm(request.POST or None)
    report = save_valid(
        request, form, services.create_report, data_as="data", region=region, actor=request.user
    )
    if report is not None:
        messages.success(request, _("Der Bericht wird jetzt erstellt."))
        return redirect(report.get_absolute_url())
    context = {"region": region, "form": form, "report": None}
    return render(request, "reporting/report_form.html", context, status=400 if form.errors else 200)


@login_required
@region_view
@require_http_methods(["GET", "POST"])
def change_report(request: HttpRequest, region: Region, report_id: int) -> HttpResponse:
    authorize(request, MANAGE, region)
    report = _report(request, region, report_id)
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    form = ReportForm(request.POST or None, initial=initial)
    changed = save_valid(
        request, form, services.change_report, data_as="data", report=report, actor=request.user
    )
    if changed is not None:
        messages.success(request, _("Der Bericht wird mit den Änderungen neu erstellt."))
        return redirect(changed.get_absolute_url())
    context = {"region": region, "form": form, "report": report}
    return render(request, "reporting/report_form.html", context, status=400 if form.errors else 200)


@require_GET
@region_view
def report_detail(request: HttpRequest, region: Region, report_id: int) -> HttpResponse:
    report = _report(request, region, report_id)
    context = {"region": region, "report": report, "can_manage": request.user.has_perm(MANAGE, region)}
    if request.htmx and request.GET.get("nur") == "stand":  # type: ignore[attr-defined]
        return render(request, "reporting/partials/report_state.html", context)
    return render(request, "reporting/report.html", context)


@login_required
@require_POST
@region_view
def publish(request: HttpRequest, region: Region, report_id: int) -> HttpResponse:
    authorize(request, MANAGE, region)
    report = _report(request, region, report_id)
    published = request.POST.get("veroeffentlichen") == "1"
    success = (
        _("Der Bericht ist veröffentlicht.") if published else _("Der Bericht ist nicht mehr öffentlich.")
    )
    run_service(
        request,
        lambda: services.publish_report(report=report, actor=request.user, published=published),
        success,
    )
    return redirect(report.get_absolute_url())


@login_required
@require_POST
@region_view
def retry(request: HttpRequest, region: Region, report_id: int) -> HttpResponse:
    authorize(request, MANAGE, region)
    report = _report(request, region, report_id)
    run_service(
        request,
        lambda: services.retry_report(report=report, actor=request.user),
        _("Der Bericht wird neu erstellt."),
    )
    return redirect(report.get_absolute_url())


@require_GET
@region_view
def download(request: HttpRequest, region: Region, report_id: int, kind: str) -> FileResponse:
    if kind not in ("pdf", "docx"):
        raise Http404
    report = _report(request, region, report_id)
    stored = report.pdf if kind == "pdf" else report.docx
    if not stored:
        raise Http404
    content_type = PDF_CONTENT_TYPE if kind == "pdf" else DOCX_CONTENT_TYPE
    name = f"sachstandsbericht-{report.meeting_date:%Y-%m-%d}.{kind}"
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=kind == "docx", filename=name
    )
    if not report.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def report_urls(report: StatusReport) -> dict[str, str]:
    kwargs = {"region_slug": report.region.slug, "report_id": report.pk}
    return {kind: reverse("reporting:download", kwargs={**kwargs, "kind": kind}) for kind in ("pdf", "docx")}
