"""The Redis cache backend (``core/cache.py``) against the Redis on 127.0.0.1, when one answers."""

from __future__ import annotations

import uuid

import pytest

from smartregion.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def redis_cache() -> RedisCache:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return RedisCache(URL, {})


def test_one_client_serves_every_call(redis_cache: RedisCache) -> None:
    client = redis_cache._cache.get_client("a")

    assert redis_cache._cache.get_client("b", write=True) is client


def test_values_go_to_redis_and_come_back(redis_cache: RedisCache) -> None:
    key = f"test:{uuid.uuid4()}"
    redis_cache.set(key, {"antworten": 3}, 10)

    assert redis_cache.get_many([key, "test:missing"]) == {key: {"antworten": 3}}
    assert redis_cache.add(key, "anders", 10) is False
    assert redis_cache.add(f"{key}:n", 1, 10) is True
    assert redis_cache.incr(f"{key}:n") == 2
    redis_cache.delete_many([key, f"{key}:n"])
    assert redis_cache.get(key) is None
