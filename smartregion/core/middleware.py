"""German first: the language comes from the person's explicit choice, never from the browser."""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores Accept-Language: German unless English was chosen.

    It also answers the language switch links (``/sprache/<code>/``, see
    ``smartregion.core.views.switch_language``): the choice is a cookie this middleware reads.
    """

    # Django's stub says None; a response from process_request is the documented short cut.
    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:  # type: ignore[override]
        from smartregion.core.views import LANGUAGE_SWITCH_PATH, switch_language

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
