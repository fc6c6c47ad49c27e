"""Installation-wide request handling.

German first: the language comes from the person's explicit choice, never from the browser.
HEAD is answered wherever GET is. Errors get the platform's own pages, with ``DEBUG`` on too.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, get_resolver
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("django.request")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores Accept-Language: German unless English was chosen.

    It also answers the language switch links (``/sprache/<code>/``, see
    ``smartregion.core.views.site.switch_language``): the choice is a cookie this middleware reads.
    """

    # Django's stub says None; a response from process_request is the documented short cut.
    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:  # type: ignore[override]
        from smartregion.core.views.site import LANGUAGE_SWITCH_PATH, switch_language

        switch = LANGUAGE_SWITCH_PATH.fullmatch(request.path_info)
        if switch is not None:
            return switch_language(request, switch["code"])
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # No "Vary: Accept-Language": the header does not change the page here.
        response.headers.setdefault("Content-Language", get_language())
        return response


class HeadAsGetMiddleware:
    """Answer HEAD wherever GET is answered (RFC 9110, 9.3.2): the view runs as for GET.

    Load balancers, uptime monitors and link checkers ask with HEAD; view decorators such as
    ``require_GET`` or ``require_http_methods(["GET", "POST"])`` would refuse it with 405, and a new
    view would again. Django's class-based views answer HEAD with their ``get`` the same way. The
    view sees ``GET``; the response keeps its headers (``Content-Length`` as for GET) and loses its
    body, so a server need not drop one; a stream is not generated at all. Last in ``MIDDLEWARE``:
    the other middleware sees the request as it came.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if isinstance(response, StreamingHttpResponse):
            # A server reads the whole stream even when it sends none of it: skip making a long export.
            response.streaming_content = []
        elif isinstance(response, HttpResponse):
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class ErrorPageMiddleware:
    """The platform's 404, 403 and 500 pages, also while ``DEBUG`` is on.

    Django's debug pages list every URL pattern and the settings to whoever asks; the demo runs with
    ``DEBUG=1`` on a laptop that others may reach. A refused request (403) is expected behaviour: it
    is logged as one line, without the traceback Django prints for it. An unexpected error while
    ``DEBUG`` is on is logged with its traceback, as without ``DEBUG``, and the visitor sees the
    500 page. Under the API prefix the answer is JSON. After ``CommonMiddleware``, so that a
    missing slash is still redirected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.DEBUG:
            # Without DEBUG, Django renders 404.html for an address no pattern matches; with it, the
            # technical page. Resolving first answers both the same way.
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404 as error:
                return page_not_found(request, error)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            # Django's handler logs the response as one line ("Forbidden: /path").
            if _is_api(request):
                return JsonResponse({"detail": _("Keine Berechtigung.")}, status=403)
            return defaults.permission_denied(request, exception)
        if settings.DEBUG and not settings.DEBUG_PROPAGATE_EXCEPTIONS:
            logger.error("Internal Server Error: %s", request.path, exc_info=exception)
            signals.got_request_exception.send(sender=None, request=request)
            response = server_error(request)
            response._has_been_logged = True  # type: ignore[attr-defined]  # Django's flag: logged above
            return response
        return None


def server_error(request: HttpRequest) -> HttpResponseBase:
    """The 500 answer: the platform's page, or JSON under the API prefix."""
    if _is_api(request):
        return JsonResponse({"detail": _("Ein interner Fehler ist aufgetreten.")}, status=500)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseBase:
    """The 404 answer: the platform's page, or JSON under the API prefix (also ``handler404``)."""
    if _is_api(request):
        return JsonResponse({"detail": _("Nicht gefunden.")}, status=404)
    return defaults.page_not_found(request, exception)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")
