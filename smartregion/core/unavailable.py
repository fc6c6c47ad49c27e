"""While the database cannot be reached, every request gets a plain "try again later" (503).

Without this a lost database shows the 500 page ("Ein Fehler ist aufgetreten") or, in the API, an
internal error, and monitoring cannot tell an outage from a bug. Here a page answers the German
503 page ``503.html`` and an address under ``/api/`` a JSON ``{"detail": …}``, both with
``Retry-After`` and without any detail of the error.

The database error may come from the view (caught in ``process_exception``) or from middleware
below this one, such as the session or authentication middleware; Django turns the latter into a
500 response before it gets here, so a receiver of ``got_request_exception`` marks the request and
``__call__`` answers 503 instead. The page is rendered without a request, so no context processor
asks the database again.

Nothing is kept between requests: Django closes a connection that raised an error when the request
ends (``close_if_unusable_or_obsolete``) and connects afresh for the next one, so the first request
after the database is back is served as usual, without restarting the process. Placed above the
page cache middleware, so a page kept in the cache is still answered while the database is away.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
_MARK = "_database_unavailable"
# The page says the same in 503.html.
MESSAGE = gettext_noop(
    "Der Dienst ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einigen Minuten noch einmal."
)


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: the German page, or JSON under the API prefix."""
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": _(MESSAGE)}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
        setattr(request, _MARK, True)


got_request_exception.connect(_note_database_error, dispatch_uid="core.unavailable")


class DatabaseUnavailableMiddleware:
    """Answers 503 when the database failed this request (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, _MARK, False) and response.status_code >= 500:
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning(
            "Database unavailable: %s %s (%s)", request.method, request.path, type(exception).__name__
        )
        setattr(request, _MARK, True)
        return unavailable(request)
