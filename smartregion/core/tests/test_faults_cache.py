"""A dead Redis: every cache operation answers as on a miss, pages, login and forms still work, and
the dead Redis is neither asked on every call nor logged on every call (``core/cache.py``)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.test import Client, RequestFactory, override_settings

from smartregion.accounts import services as account_services
from smartregion.accounts.models import User
from smartregion.accounts.tests.factories import PASSWORD
from smartregion.core import cache as core_cache
from smartregion.core import ratelimit
from smartregion.core.cache import RedisCache
from smartregion.regions.models import Region

LIVE = "redis://127.0.0.1:6379/11"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def dead_url() -> str:
    return f"redis://127.0.0.1:{closed_port()}/0"


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts attempts to open a connection to Redis."""
    attempts: list[int] = []
    connect = redis.connection.AbstractConnection.connect

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    return attempts


@pytest.fixture
def dead_redis(dead_url: str, settings: Any) -> Iterator[None]:
    """The project's cache is Redis at an address where nothing listens."""
    caches = {"default": {"BACKEND": "smartregion.core.cache.RedisCache", "LOCATION": dead_url}}
    with override_settings(CACHES=caches):
        yield


def test_every_operation_answers_as_on_a_miss(dead_url: str) -> None:
    dead = RedisCache(dead_url, {})

    assert dead.get("k") is None
    assert dead.get("k", "vorgabe") == "vorgabe"
    assert dead.get_many(["a", "b"]) == {}
    assert dead.add("k", 1) is True  # a lock taken with add (allauth's rate limit) does not wait
    assert dead.has_key("k") is False
    assert dead.touch("k") is False
    assert dead.delete("k") is False
    assert dead.set_many({"a": 1}) == []
    assert dead.get_or_set("k", 5) == 5
    dead.set("k", 1)
    dead.delete_many(["a", "b"])
    dead.clear()
    with pytest.raises(ValueError, match="not found"):
        dead.incr("k")
    with pytest.raises(ValueError, match="not found"):
        dead.decr("k")


def test_a_dead_redis_is_asked_again_only_after_the_backoff_and_logged_once(
    dead_url: str, connects: list[int], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = RedisCache(dead_url, {})
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="smartregion.core.cache"):
        for number in range(200):
            dead.get(f"k{number}")
            dead.set(f"k{number}", number)

    assert len(connects) == 1
    assert time.monotonic() - started < 0.5
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["Redis cache unreachable"]

    clock = time.monotonic() + core_cache.BACKOFF_SECONDS + 1
    monkeypatch.setattr(core_cache.time, "monotonic", lambda: clock)
    dead.get("k")
    assert len(connects) == 2  # after the back-off Redis is asked again
    assert len(caplog.records) == 1  # the same outage: no second warning


def test_connecting_waits_a_quarter_second_at_most() -> None:
    options = RedisCache(LIVE, {})._cache._pool_options
    assert options["socket_connect_timeout"] == core_cache.CONNECT_TIMEOUT <= 0.25
    assert options["socket_timeout"] == core_cache.READ_TIMEOUT
    assert RedisCache(LIVE, {"OPTIONS": {"socket_timeout": 3}})._cache._pool_options["socket_timeout"] == 3


def test_a_redis_that_comes_back_is_used_again(caplog: pytest.LogCaptureFixture) -> None:
    try:
        redis.Redis.from_url(LIVE, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    live = RedisCache(LIVE, {})
    live._cache.failed(redis.ConnectionError("weg"))
    assert live.get("faults:k", "verpasst") == "verpasst"  # within the back-off: not asked

    live._cache.down_until = 0.0
    with caplog.at_level(logging.WARNING, logger="smartregion.core.cache"):
        live.set("faults:k", "da", 10)

    assert live.get("faults:k") == "da"
    assert "reachable again" in caplog.text
    live.delete("faults:k")


def test_rate_limits_let_requests_through_while_redis_is_dead(dead_redis: None, settings: Any) -> None:
    settings.ANONYMOUS_WRITE_LIMITS = True
    request = RequestFactory().post("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    assert all(ratelimit.allow(request, ratelimit.IDEAS) for _ in range(ratelimit.IDEAS.count + 5))
    assert ratelimit.allow_token(1)


@pytest.mark.django_db
@pytest.mark.page_cache
def test_public_pages_are_made_afresh_while_redis_is_dead(dead_redis: None, steinfurt: Region) -> None:
    client = Client()
    for _ in range(2):
        response = client.get(f"/r/{steinfurt.slug}/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert Client().get("/api/v1/regions/").status_code == 200


@pytest.mark.django_db
def test_login_still_works_while_redis_is_dead(dead_redis: None, coordinator: User, settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
    account_services.mark_email_verified(coordinator)
    client = Client()

    refused = client.post("/konto/login/", {"login": coordinator.email, "password": "falsch"})
    response = client.post("/konto/login/", {"login": coordinator.email, "password": PASSWORD})

    assert refused.status_code == 200
    assert response.status_code == 302
    assert client.get("/aufgaben/").wsgi_request.user == coordinator


@pytest.mark.django_db
def test_a_form_sent_while_redis_is_dead_still_works(
    dead_redis: None, coordinator: User, mailoutbox: list[Any]
) -> None:
    response = Client().post("/konto/password/reset/", {"email": coordinator.email})

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[coordinator.email]]
