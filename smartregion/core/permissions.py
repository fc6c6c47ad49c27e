"""One call to check a named permission on an object inside a view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def authorize(request: HttpRequest, perm: str, obj: Any) -> None:
    """Raise PermissionDenied (HTTP 403) unless the user holds ``perm`` on ``obj``."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
