"""Shared fixtures of the portfolio tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Every test starts with unused allowances for anonymous submissions (kept in the cache)."""
    cache.clear()
    yield
    cache.clear()
