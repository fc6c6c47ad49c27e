"""Installation-wide pages: the start page, legal pages and the health check."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smartregion.regions.selectors import regions_for_start_page

LEGAL_PAGES = {"impressum", "datenschutz", "barrierefreiheit"}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(regions_for_start_page(), 24).get_page(request.GET.get("seite"))
    return render(request, "core/home.html", {"page": page})


@require_GET
def legal(request: HttpRequest, page: str) -> HttpResponse:
    if page not in LEGAL_PAGES:
        raise Http404
    context = {
        "operator": settings.SITE_OPERATOR,
        "operator_email": settings.SITE_OPERATOR_EMAIL,
    }
    return render(request, f"core/legal/{page}.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report the database's state: 200 when it answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
