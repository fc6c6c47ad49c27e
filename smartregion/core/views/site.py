"""Installation-wide pages: the start page, legal pages, the language switch and the health check."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from smartregion.core import pagecache
from smartregion.core.navigation import region_url
from smartregion.regions.selectors import federal_state_label, regions_for_start_page

LEGAL_PAGES = {"impressum", "datenschutz", "barrierefreiheit"}

# /sprache/<code>/?next=<path>: served by ChosenLanguageMiddleware (smartregion/core/middleware.py),
# linked from core/partials/language_switch.html.
LANGUAGE_SWITCH_PATH = re.compile(r"/sprache/(?P<code>[a-z]{2,3}(?:-[a-z0-9]{2,8})?)/")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = pagecache.CountedPaginator(regions_for_start_page(), 24, path=request.path).get_page(
        request.GET.get("seite")
    )
    # What each card shows, prepared here: reversing a URL and a plural {% blocktranslate %} per card
    # were most of the time the page took to render.
    for region in page.object_list:
        region.url = region_url("regions:detail", region.slug)
        count = region.municipality_count
        municipalities = ngettext("%(counter)s Kommune", "%(counter)s Kommunen", count) % {"counter": count}
        region.card_text = f"{federal_state_label(region.federal_state)} · {municipalities}"
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
@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the chosen language in a cookie and go back to the page the link was on.

    A plain link (GET), not a form: public pages then need no CSRF token and set no cookie for
    anonymous visitors, so a cache in front of the app may keep them. Choosing a language changes
    nothing but the chooser's own cookie, so a link placed elsewhere can do no harm. ``next`` is
    only followed to this host; anything else leads to the start page.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404(_("Diese Sprache wird nicht angeboten."))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


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
