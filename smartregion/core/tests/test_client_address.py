"""The client address behind reverse proxies: one function for django-axes, allauth and the limits."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory

from smartregion.accounts.models import User
from smartregion.core.clientaddress import client_address

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"


def _request(remote: str = "192.0.2.10", forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("192.0.2.10", "203.0.113.9")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client wrote 1.2.3.4 itself
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (1, "", PROXY),  # a request that did not pass the proxy's header
        (1, "kein-eintrag", PROXY),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "203.0.113.9:51234", "203.0.113.9"),
        (3, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the leftmost
    ],
)
def test_a_counted_proxy_chain(settings: Any, count: int, forwarded: str, expected: str) -> None:
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(_request(PROXY, forwarded)) == expected


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.9", "203.0.113.9"),
        (PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.8", "203.0.113.9"),
        (
            "192.0.2.44",
            "203.0.113.9",
            "192.0.2.44",
        ),  # not through a trusted proxy: the header is the client's
        (PROXY, "10.0.0.8", "10.0.0.8"),  # every hop trusted: the farthest one
        (PROXY, "unsinn, 10.0.0.8", "10.0.0.8"),
    ],
)
def test_proxies_named_by_network(settings: Any, remote: str, forwarded: str, expected: str) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request(remote, forwarded)) == expected


def test_allauth_asks_the_same_function(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_adapter().get_client_ip(_request(PROXY, "203.0.113.9")) == "203.0.113.9"


# Lock-out after failed logins (django-axes): keyed on the person's address, not the proxy's.


@pytest.fixture
def victim(db: None) -> User:
    user = User.objects.create_user(email="opfer@example.org", password="richtig-und-lang-genug-2026")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def _login(client: Client, password: str, address: str) -> int:
    response = client.post(
        "/konto/login/",
        {"login": "opfer@example.org", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )
    return response.status_code


def test_behind_the_proxy_an_attacker_locks_out_only_himself(settings: Any, victim: User) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = False  # only axes is looked at here
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "falsch", "203.0.113.66")
    assert _login(attacker, "richtig-und-lang-genug-2026", "203.0.113.66") == 429

    assert _login(Client(), "richtig-und-lang-genug-2026", "198.51.100.5") == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lock_out(
    settings: Any, victim: User
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = False
    attacker = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "falsch", f"203.0.113.{number}")
    assert _login(attacker, "richtig-und-lang-genug-2026", "203.0.113.200") == 429


# allauth's own limits (here: password reset, 20 a minute per address).


def _reset(client: Client, number: int, address: str) -> int:
    data = {"email": f"person{number}@example.org"}
    return client.post(
        "/konto/password/reset/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
    ).status_code


def test_allauth_limits_count_each_person_behind_the_proxy(settings: Any, db: None) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    codes = [_reset(client, number, f"198.51.100.{number}") for number in range(30)]
    assert 429 not in codes


def test_allauth_limits_hold_against_a_forged_header(settings: Any, db: None) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    codes = [_reset(client, number, f"198.51.100.{number}") for number in range(30)]
    assert codes[-1] == 429


# Guard: nothing else reads the connecting address or the forwarding header.


def _python_files() -> list[Path]:
    return [
        p
        for p in (ROOT / "smartregion").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_only_the_client_address_function_reads_the_address() -> None:
    allowed = {ROOT / "smartregion" / "core" / "clientaddress.py"}
    offenders = []
    for path in _python_files():
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.lower()
                if node.value in {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"} or text in {
                    "x-forwarded-for",
                    "x-real-ip",
                }:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_only_the_one_limiter_counts_in_the_cache() -> None:
    """A second limiter (a cache counter of its own) would escape the client address and the switch."""
    allowed = {ROOT / "smartregion" / "core" / "ratelimit.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path not in allowed
        and any(word in path.read_text() for word in ("cache.incr(", "cache.decr(", "ratelimit("))
    ]
    assert offenders == []
