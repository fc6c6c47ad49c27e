"""Resolve the region of a ``/r/<region_slug>/`` URL once, or answer 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from smartregion.regions.models import Region

View = Callable[..., HttpResponse]


def region_view(view: View) -> View:
    """Set ``request.region`` from the URL and pass the region to the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, region_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        region = get_object_or_404(Region, slug=region_slug)
        request.region = region  # type: ignore[attr-defined]
        return view(request, region, *args, **kwargs)

    return wrapper
