"""Region scoping that cannot be forgotten (django-scopes, as pretix scopes its events).

A region-owned model's default manager is made ``RegionScopedManager.from_queryset(...)``. While a
request is served, a query through that manager is filtered by the request's region once a view
has named it (``region_view`` and ``api.scoping`` call ``activate``), and fails with
``ScopeError`` before that: a page or API operation that forgets its region raises at once
instead of showing another region's data. A query across regions says so: ``scopes_disabled()`` or
``Model.objects.with_scopes_disabled()`` (the cross-region catalogue, lookups by id before the
region is known, background tasks, management commands, the Django admin).

Outside a request (tasks, commands, tests) nothing is scoped until code enters ``scope``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope, state

if TYPE_CHECKING:
    from smartregion.regions.models import Region

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=models.Model)


class RegionScopedManager(models.Manager[M]):
    """The default manager of a region-owned model (its ``region`` field is the scope).

    In a request: filtered by the region a view named, and failing (``ScopeError``, from
    django-scopes' ``DisabledQuerySet``; only ``create`` and ``none`` pass) before one did.
    Outside a request and without an entered scope: a plain manager. For a model with its own
    QuerySet: ``RegionScopedManager.from_queryset(ItsQuerySet)()``.
    """

    _override: dict[str, Any] | None = None

    def with_scopes_disabled(self) -> Self:
        """This manager without region scope, for a lookup across regions on purpose."""
        unscoped = copy.copy(self)
        unscoped._override = {"_enabled": False}
        return unscoped

    def get_queryset(self) -> models.QuerySet[M]:
        queryset = super().get_queryset()
        current = self._override if self._override is not None else state.get()
        if current is None or not current.get("_enabled", True):
            return queryset
        region = current.get("region")
        if region is None:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"region"})
        return queryset.filter(region=region)


def activate(region: Region) -> None:
    """Scope the rest of this request to ``region`` (the request's own scope is restored at its end)."""
    current = get_scope()
    if current.get("_enabled", True):
        state.set({**current, "_enabled": True, "region": region})


@contextmanager
def _state(value: dict[str, Any]) -> Iterator[None]:
    # Restores exactly what was there before, also "nothing entered" (django-scopes' own context
    # managers leave an empty, strict scope behind once the outermost one ends).
    token = state.set(value)
    try:
        yield
    finally:
        state.reset(token)


@contextmanager
def scope(region: Region) -> Iterator[None]:
    """Scope the queries inside to ``region``."""
    with _state({**get_scope(), "_enabled": True, "region": region}):
        yield


@contextmanager
def scopes_disabled() -> Iterator[None]:
    """No region scope inside: for reads and writes that cross regions on purpose."""
    with _state({"_enabled": False}):
        yield


@contextmanager
def request_scope(request: HttpRequest) -> Iterator[None]:
    """The scope a request runs in: strict and without a region until a view names one; the Django
    admin, which lists every region's objects, unscoped."""
    unscoped = request.path_info.startswith("/django-admin/")
    with _state({"_enabled": not unscoped}):
        yield


def across_regions(function: F) -> F:
    """Run ``function`` without region scope (a background task, a cross-region read)."""

    @wraps(function)
    def unscoped(*args: Any, **kwargs: Any) -> Any:
        with scopes_disabled():
            return function(*args, **kwargs)

    return unscoped  # type: ignore[return-value]


class RegionScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope(request):
            return self.get_response(request)
