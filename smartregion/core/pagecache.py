"""Public pages for anonymous visitors, served from the cache until something changes them.

An anonymous GET of a page (or an API read) is answered from the cache (Redis when ``REDIS_URL`` is
set, else the process's own memory) when a copy exists that was made at the current *content
version*. Versions are counters in the same cache:

- one per region: pages under ``/r/<slug>/`` and ``/api/v1/regions/<slug>/`` show that region;
- ``site``: what every region page shows besides its own content (the region switcher, the
  shared funding programme catalogue);
- ``all``: pages across regions (the start page, the catalogue, other API reads).

A change moves the versions it touches, so the next visitor gets a fresh page at once:

- every successful write request (POST, PUT, PATCH, DELETE answered below 400) moves its region's
  version, or ``site`` when its address names no region, and always ``all``; views that change
  nothing shown at once (answering a survey: the answer is shown once counted) are marked with
  ``leaves_pages_unchanged``;
- every domain event (``core.events``; changes made by commands and background tasks) does the
  same for its region;
- code that changes shown content outside both calls ``content_changed(region_slug)``.

A copy older than ``PUBLIC_PAGE_CACHE_SECONDS`` is made anew in any case, which bounds how long a
page may show what changes with time alone (a survey that closed at midnight).

What is never cached: a request with a cookie other than the CSRF and language cookies (a session,
a message), with an ``Authorization`` header or from htmx; a response other than 200, a stream, one
that sets a cookie, one whose page holds a CSRF token, one marked private or ``no-store``, one that
is neither HTML, JSON (also JSON-LD), Atom nor iCalendar, one over ``MAX_BYTES``. So no personal
detail and no form of one visitor reaches another, and a signed-in person never sees an anonymous
copy.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.functional import cached_property

ALL = "pagecache:v:all"
SITE = "pagecache:v:site"
MAX_BYTES = 1_000_000
HEADER = "X-Page-Cache"
_SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")
_REGION_PATH = re.compile(r"^/(?:r|api/v1/regions)/([a-z0-9][a-z0-9-]*)/")
_NEVER = ("/konto/", "/healthz", "/admin/", "/static/", "/media/", "/sprache/")
_TYPES = ("text/html", "application/json", "application/ld+json", "application/atom+xml", "text/calendar")
_UNCHANGED_MARK = "_leaves_pages_unchanged"

View = TypeVar("View", bound=Callable[..., Any])
Kept = TypeVar("Kept")


def _region_key(slug: str) -> str:
    return f"pagecache:v:r:{slug}"


def _versions_for(path: str) -> list[str]:
    match = _REGION_PATH.match(path)
    return [SITE, _region_key(match[1])] if match else [ALL]


def _moved_by(region_slug: str | None) -> list[str]:
    """The versions a change in this region (None: in no region) makes stale."""
    return [ALL, _region_key(region_slug) if region_slug else SITE]


def _bump(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            # Missing (never set or evicted): start from the clock, never from a number a copy
            # made before the eviction could still carry.
            cache.set(key, time.time_ns(), None)


def kept(name: str, path: str, compute: Callable[[], Kept]) -> Kept:
    """``compute()``, kept in the cache at the content versions of the page at ``path``.

    For what a request reads again and again and only a change alters (a list's total, the
    survey being answered): it is computed again only after a change, or after
    ``PUBLIC_PAGE_CACHE_SECONDS``. Computed afresh every time when the page cache is off.
    """
    if not settings.PUBLIC_PAGE_CACHE:
        return compute()
    version_keys = _versions_for(path)
    key = "pagecache:k:" + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    found = cache.get_many([*version_keys, key])
    versions = _current_versions(version_keys, found)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        return cast(Kept, entry[1])
    value = compute()
    if None not in versions:
        cache.set(key, (versions, value), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def count(queryset: QuerySet[Any], path: str) -> int:
    """``queryset.count()``, kept (``kept``) at the content versions of the page at ``path``.

    A list's total is a scan of all its rows (a tenth of a second at 100,000 ideas) while its page
    reads twenty; kept like the pages, it is counted again only after a change. Different
    viewers' lists (a member also sees drafts) differ in their SQL and so in their key.
    """
    # The key is the query's SQL without what a count ignores (joins for select_related, the order,
    # annotations in the select list: a list's seat counts would otherwise be compiled for the key).
    query = queryset.query.chain()
    query.select_related = False
    query.clear_ordering(force=True)
    query.set_annotation_mask(())
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        return 0
    return kept(f"count|{sql}|{params}", path, queryset.count)


class CountedPaginator(Paginator):
    """Django's paginator with the total from ``count``, for the list at ``path``."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, path: str) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.path = path

    @cached_property
    def count(self) -> int:
        return count(self.queryset, self.path)


def content_changed(region_slug: str | None) -> None:
    """Pages showing this region (or, with None, what every region page shows) are stale from now;
    after the current transaction commits, when there is one."""
    keys = _moved_by(region_slug)
    transaction.on_commit(lambda: _bump(keys))


def leaves_pages_unchanged(view: View) -> View:
    """For a view whose writes show on no page at once (their effect is announced otherwise)."""

    @functools.wraps(view)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        pages_unchanged(request)
        return view(request, *args, **kwargs)

    return cast(View, marked)


def pages_unchanged(request: HttpRequest) -> None:
    """This request's writes show on no page at once (for API operations; views use the decorator)."""
    setattr(request, _UNCHANGED_MARK, True)


def _cookies_allowed() -> set[str]:
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def _language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _may_serve(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method == "GET"
        and not request.path.startswith(_NEVER)
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        and set(request.COOKIES) <= _cookies_allowed()
    )


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    return response.get("Content-Type", "").startswith(_TYPES) and len(response.content) <= MAX_BYTES


def _page_key(request: HttpRequest) -> str:
    address = f"{request.get_host()}|{_language(request)}|{request.get_full_path()}"
    return "pagecache:p:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


class PublicPageCacheMiddleware:
    """Serves and keeps anonymous copies (see the module docstring); moves versions on writes.

    Placed before the session, CSRF and authentication middleware, so that a copy is answered
    without them; the middleware outside it (security headers, static files) still runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in _SAFE:
            response = self.get_response(request)
            self._after_write(request, response)
            return response
        if not _may_serve(request):
            return self.get_response(request)
        version_keys = _versions_for(request.path)
        page_key = _page_key(request)
        found = cache.get_many([*version_keys, page_key])
        versions = _current_versions(version_keys, found)
        copy = found.get(page_key)
        if copy is not None and copy[0] == versions:
            return _from_copy(copy)
        response = self.get_response(request)
        if isinstance(response, HttpResponse) and None not in versions and _may_keep(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("vary", "set-cookie")]
            copy = (versions, response.status_code, headers, response.content)
            cache.set(page_key, copy, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response[HEADER] = "stored"
        return response

    def _after_write(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if response.status_code >= 400 or request.path.startswith("/konto/"):
            return
        if getattr(request, _UNCHANGED_MARK, False):
            return
        region = _REGION_PATH.match(request.path)
        _bump(_moved_by(region[1] if region else None))


def _current_versions(keys: list[str], found: dict[str, Any]) -> tuple[Any, ...]:
    """The versions named by ``keys`` (from ``found`` when read already); missing ones are
    started from the clock."""
    if any(key not in found for key in keys):
        found = {**found, **cache.get_many(keys)}
    if any(found.get(key) is None for key in keys):
        start = time.time_ns()
        for key in keys:
            if found.get(key) is None:
                cache.add(key, start, None)
        found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


def _from_copy(copy: tuple[Any, ...]) -> HttpResponse:
    _versions, status, headers, content = copy
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def on_domain_event(sender: Any, event: Any, **kwargs: Any) -> None:
    """A recorded change (also from commands and tasks) makes the pages of its region stale."""
    _bump(_moved_by(event.region.slug if event.region_id else None))
