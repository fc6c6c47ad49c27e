"""Installation-wide request handling.

German first: the language comes from the person's explicit choice, never from the browser.
HEAD is answered wherever GET is.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language


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
