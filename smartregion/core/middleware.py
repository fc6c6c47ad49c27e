"""German first: the language comes from the person's explicit choice, never from the browser."""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores Accept-Language: German unless English was chosen."""

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # No "Vary: Accept-Language": the header does not change the page here.
        response.headers.setdefault("Content-Language", get_language())
        return response
