"""The region's roadmap pages: timeline, the Was/Wann/Wo/Wer/Mit-wem table, personnel and
financing, and their downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartregion.core.documents import PDF_CONTENT_TYPE
from smartregion.core.downloads import XLSX_CONTENT_TYPE, download
from smartregion.core.forms import save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.roadmap import documents, exports, gantt, selectors
from smartregion.roadmap.forms import CapacityForm, RoadmapFilterForm
from smartregion.roadmap.services import resources
from smartregion.roadmap.views.access import RESOURCES


@require_GET
@region_view
def roadmap_page(request: HttpRequest, region: Region) -> HttpResponse:
    form = RoadmapFilterForm(request.GET or None, region=region)
    chosen = form.chosen()
    plan = selectors.roadmap(region, request.user, chosen, page=request.GET.get("seite") or 1)
    context = {
        "region": region,
        "form": form,
        "chosen": chosen,
        "plan": plan,
        "page": plan.page,
        "chart": gantt.svg_markup(plan),
        "may_see_resources": request.user.has_perm(RESOURCES, region),
        "query": request.GET.urlencode(),
    }
    return render(request, "roadmap/overview.html", context)


@require_GET
@region_view
def roadmap_pdf(request: HttpRequest, region: Region) -> HttpResponse:
    chosen = RoadmapFilterForm(request.GET or None, region=region).chosen()
    return download(
        documents.roadmap_pdf(region, request.user, chosen), PDF_CONTENT_TYPE, f"fahrplan-{region.slug}.pdf"
    )


@require_GET
@region_view
def w_table(request: HttpRequest, region: Region) -> HttpResponse:
    context = {
        "region": region,
        "projects": selectors.w_table(region, request.user),
        "may_see_resources": request.user.has_perm(RESOURCES, region),
    }
    return render(request, "roadmap/w_table.html", context)


@login_required
@region_view
def personnel(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, RESOURCES, region)
    may_manage = request.user.has_perm("roadmap.manage_capacity", region)
    form = None
    if may_manage:
        form = CapacityForm(
            request.POST if request.method == "POST" else None, region=region, auto_id="kapazitaet_%s"
        )
        if save_valid(request, form, resources.save_capacity, region=region, actor=request.user):
            messages.success(request, _("Die Stellen sind gespeichert."))
            return redirect(request.path + "#stellen")
    elif request.method == "POST":
        authorize(request, "roadmap.manage_capacity", region)
    context = {
        "region": region,
        "lines": selectors.personnel_for_region(region),
        "capacities": selectors.capacities_of(region),
        "form": form,
    }
    return render(
        request, "roadmap/personnel.html", context, status=400 if form is not None and form.errors else 200
    )


@require_GET
@login_required
@region_view
def personnel_xlsx(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, RESOURCES, region)
    content = exports.personnel_xlsx(selectors.personnel_for_region(region))
    return download(content, XLSX_CONTENT_TYPE, f"personal-{region.slug}.xlsx")


@require_GET
@login_required
@region_view
def financing(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, RESOURCES, region)
    context = {
        "region": region,
        "financing": selectors.financing_for_region(region, request.user),
        "reminders": selectors.reminders_due(region, timezone.localdate()),
    }
    return render(request, "roadmap/financing.html", context)


@require_GET
@login_required
@region_view
def financing_xlsx(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, RESOURCES, region)
    sources = selectors.sources_of_region(region, request.user)
    content = exports.financing_xlsx(selectors.financing_for_region(region, request.user), sources)
    return download(content, XLSX_CONTENT_TYPE, f"finanzierung-{region.slug}.xlsx")
