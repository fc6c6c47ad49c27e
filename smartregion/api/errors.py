"""Error answers every endpoint may give, so the OpenAPI description documents them."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# 404: unknown slug or number; 422: a path or query parameter that does not validate.
ERROR_RESPONSES: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}
