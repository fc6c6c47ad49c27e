"""Resolve the region of a ``/r/<region_slug>/`` URL once, or answer 404 (also for a page of a
module the region has switched off)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from smartregion.core import modules, scoping
from smartregion.regions.models import Region

View = Callable[..., HttpResponseBase]


def region_view(view: View) -> View:
    """Set ``request.region`` from the URL and pass the region to the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, region_slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        region = get_object_or_404(Region, slug=region_slug)
        match = request.resolver_match
        if match is not None:
            modules.ensure_page_on(region, match.namespaces)
        request.region = region  # type: ignore[attr-defined]
        scoping.activate(region)
        return view(request, region, *args, **kwargs)

    return wrapper
