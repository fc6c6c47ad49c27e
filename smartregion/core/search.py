"""Search in a list: full text on PostgreSQL (German stemming), substring search elsewhere."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

# The text search configuration; the apps' migrations index the same expressions on PostgreSQL.
SEARCH_CONFIG = "german"


def full_text_search(queryset: QuerySet[Any], query: str, fields: tuple[str, ...]) -> QuerySet[Any]:
    """Rows whose ``fields`` match every word of ``query``; all rows for an empty query."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        return queryset.alias(search=vector).filter(
            search=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    condition = Q()
    for word in query.split():
        word_match = Q()
        for name in fields:
            word_match |= Q(**{f"{name}__icontains": word})
        condition &= word_match
    return queryset.filter(condition)
