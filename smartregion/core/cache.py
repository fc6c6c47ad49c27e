"""Django's Redis cache with one client object per connection pool, which a dead Redis does not break.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every operation, and each
build fills its table of about 160 response callbacks: 0.2 ms per cache call, as much as the round
trip to Redis itself. The page cache makes one or two calls per request, so the build was a fifth
of a cached page's time. A ``redis.Redis`` object is safe to share (its pool hands out the
connections), so one per pool is kept and reused.

The cache only ever saves work, so an unreachable Redis must not take a page down with it: every
operation then answers as for a missing key (``get`` the default, ``add`` True, ``incr`` "no such
key", writes do nothing). The rate limits (``core.ratelimit``) then let requests through rather than
refuse everyone, and the page cache (``core.pagecache``) makes every page afresh. Connecting waits
at most ``CONNECT_TIMEOUT`` seconds; after a failure Redis is left alone for ``BACKOFF_SECONDS``,
so a dead Redis costs a request nothing and the log gets one warning per outage, not one per call.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends import redis as django_redis
from redis.exceptions import DataError, RedisError, ResponseError

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 1.0
BACKOFF_SECONDS = 5.0

Result = TypeVar("Result")


def _missing_key(key: Any, *args: Any) -> Any:
    raise ValueError(f"Key '{key}' not found.")  # what Django's cache says for a missing key


def _answer(fallback: Any) -> Callable[..., Any]:
    return lambda *args, **kwargs: fallback


# What each operation answers while Redis cannot be reached: what it answers for a missing key.
_ON_MISS: dict[str, Callable[..., Any]] = {
    "get": lambda key, default: default,
    "get_many": _answer({}),
    "has_key": _answer(False),
    "add": _answer(True),  # the key is free: a lock (allauth's rate limit) or a mark is taken
    "touch": _answer(False),
    "delete": _answer(False),
    "clear": _answer(False),
    "set": _answer(None),
    "set_many": _answer(None),
    "delete_many": _answer(None),
    "incr": _missing_key,
}


def _degrading(name: str, operation: Callable[..., Result]) -> Callable[..., Result]:
    on_miss = _ON_MISS[name]

    @functools.wraps(operation)
    def run(self: PooledRedisCacheClient, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self.down_until:
            return on_miss(*args, **kwargs)
        try:
            result = operation(self, *args, **kwargs)
        except (ResponseError, DataError):
            raise  # Redis answered: a mistake in the call, not an outage
        except RedisError as error:
            self.failed(error)
            return on_miss(*args, **kwargs)
        if self.down_since is not None:
            self.recovered(self.down_since)
        return result

    return run


class PooledRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self.down_until = 0.0  # time.monotonic() before which Redis is not asked
        self.down_since: float | None = None

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        self.down_until = now + BACKOFF_SECONDS
        if self.down_since is None:
            self.down_since = now
            logger.warning(
                "Redis cache unreachable (%s: %s); working without the cache, next try in %.0f s",
                type(error).__name__,
                error,
                BACKOFF_SECONDS,
            )

    def recovered(self, since: float) -> None:
        self.down_since = None
        logger.warning("Redis cache reachable again after %.0f s", time.monotonic() - since)


# The client the cache uses: every operation of ``_ON_MISS`` degrades to its answer for a missing key.
RedisCacheClient = type(
    "RedisCacheClient",
    (PooledRedisCacheClient,),
    {name: _degrading(name, getattr(django_redis.RedisCacheClient, name)) for name in _ON_MISS},
)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": READ_TIMEOUT}
        super().__init__(server, {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}})
        self._class = RedisCacheClient
