"""Error answers every endpoint may give, so the OpenAPI description documents them, and the
answers to requests no endpoint gets to see: a body too large (413) or not readable as JSON (400).

The latter replace ninja's English messages, which with DEBUG on also carried the parser's own
words ("maximum recursion depth", "Exceeds the limit (4300 digits)"). Every answer is a German
``{"detail": "..."}``.
"""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.parser import Parser

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# 404: unknown slug or number; 422: a path or query parameter that does not validate.
ERROR_RESPONSES: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}


class UnreadableBody(ValueError):
    """The request body is not a JSON document the API can read."""


class JsonBodyParser(Parser):
    """Ninja's JSON parser, with every way of failing (syntax, encoding, nesting deeper than the
    parser recurses, integers longer than Python converts) as one ``UnreadableBody``."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        # JSONDecodeError and UnicodeDecodeError are ValueErrors.
        except (ValueError, RecursionError) as error:
            raise UnreadableBody from error


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(RequestDataTooBig, partial(_too_large, api=api))
    api.add_exception_handler(SuspiciousOperation, partial(_suspicious, api=api))
    # Anything else goes on to Django: its error pages, the 503 while the database is away
    # (core/unavailable.py), never ninja's own answer, which with DEBUG on is the traceback as text.
    api.add_exception_handler(Exception, _hand_on)


def _hand_on(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
    raise exc


def _detail(api: NinjaAPI, request: HttpRequest, detail: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    # Ninja raises HttpError(400) "from" whatever the parser raised; only the parser's failure is replaced.
    if isinstance(exc.__cause__, UnreadableBody):
        detail = _(
            "Der Inhalt der Anfrage ist kein lesbares JSON. Erwartet wird ein JSON-Dokument in UTF-8 ohne "
            "übermäßig tief verschachtelte Listen oder Objekte und ohne übermäßig lange Zahlen."
        )
        return _detail(api, request, detail, 400)
    return _detail(api, request, str(exc), exc.status_code)


def _too_large(request: HttpRequest, exc: RequestDataTooBig, *, api: NinjaAPI) -> HttpResponse:
    _log_security(exc)
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    size = number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)
    detail = _("Die Anfrage ist zu groß: Die API nimmt höchstens %(size)s MB an.") % {"size": size}
    return _detail(api, request, detail, 413)


def _suspicious(request: HttpRequest, exc: SuspiciousOperation, *, api: NinjaAPI) -> HttpResponse:
    # E.g. too many form fields: what Django answers with its HTML 400 page, as JSON.
    _log_security(exc)
    return _detail(api, request, _("Diese Anfrage kann nicht verarbeitet werden."), 400)


def _log_security(exc: SuspiciousOperation) -> None:
    # Where Django's own handler would have logged it.
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
