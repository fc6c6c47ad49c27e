"""Files a page offers for download: their content types and the attachment response."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Response = TypeVar("Response", bound=HttpResponseBase)


def as_attachment(response: Response, filename: str) -> Response:
    """Mark a response as a file to save under ``filename`` (non-ASCII names encoded as RFC 6266 asks)."""
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save: ``content`` of ``content_type`` under ``filename``."""
    return as_attachment(HttpResponse(content, content_type=content_type), filename)
