"""The address of the person behind a request, the one place that reads it.

Behind a reverse proxy every request comes from the proxy's address, so limits and lock-outs keyed on
``REMOTE_ADDR`` would treat everyone as one client. ``X-Forwarded-For`` is written by the client too, so
it is read only through proxies the operator names: either their number (``TRUSTED_PROXY_COUNT``: the
client is the address the outermost of them saw) or their addresses and networks (``TRUSTED_PROXIES``:
entries are skipped from the right while they belong to a trusted proxy). Without either setting the
header is ignored. django-axes, django-allauth and the platform's own limits all ask this function.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "0.0.0.0"  # noqa: S104 - stands for a missing address; nothing binds to it


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text; the connecting address when no trusted proxy is configured."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    chain = [*forwarded, remote]
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if networks:
        return _beyond_trusted(chain, networks) or remote
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not forwarded:
        return remote
    # chain[-1] is the nearest proxy; the client is the entry the outermost of `count` proxies appended.
    return _address(chain[max(len(chain) - 1 - count, 0)]) or remote


def _beyond_trusted(chain: list[str], networks: tuple[Network, ...]) -> str | None:
    """The nearest address that is not a trusted proxy; the farthest trusted hop when all of them are,
    or when the next entry is broken (written by someone no trusted proxy vouches for)."""
    farthest = None
    for entry in reversed(chain):
        address = _address(entry)
        if address is None:
            return farthest
        if not any(ipaddress.ip_address(address) in network for network in networks):
            return address
        farthest = address
    return farthest


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())
