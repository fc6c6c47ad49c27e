"""Pagination of API lists: ninja's limit and offset, with an upper bound on the offset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

from smartregion.core import pagecache

# Far beyond any list here and far below the databases' 64-bit limit: without a bound, an
# offset of 2**63 reached the database and failed there with a server error instead of a 422.
MAX_OFFSET = 2**31 - 1


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(NinjaLimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, *, rows: Callable[[list[Any]], list[Any]] | None = None, **kwargs: Any) -> None:
        """``rows`` turns the page's objects into what the response schema takes (plain dicts
        for a plain pydantic model are validated several times faster than objects)."""
        super().__init__(**kwargs)
        self.rows = rows

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        items: Any = queryset[offset : offset + limit]
        if self.rows is not None:
            items = self.rows(list(items))
        # The total is kept in the cache like the pages (core/pagecache.py): counted once per change.
        return {self.items_attribute: items, "count": pagecache.count(queryset, request.path)}
