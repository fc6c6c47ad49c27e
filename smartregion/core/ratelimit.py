"""The one limit on anonymous writes (ideas, comments, supports, survey answers, event registrations).

Counted per client address (``core.clientaddress``, so it works behind the reverse proxy) in the
Django cache. The address is never stored: the cache key holds a keyed hash of it, and every window
ends on its own. A fixed window is enough here: it stops floods, not a determined attacker with many
addresses (moderation and double opt-in stay the real safeguards). The numbers leave room for many
people behind one address (a school, a town hall) at a district's busiest hour; ``ANONYMOUS_WRITE_LIMITS``
switches the limiter off (load tests that post from one address).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartregion.core.clientaddress import client_address


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


IDEAS = Limit("ideas", 10, 3600)
COMMENTS = Limit("comments", 20, 3600)
SUPPORTS = Limit("supports", 20, 3600)
SURVEY_RESPONSES = Limit("survey-responses", 300, 3600)
EVENT_REGISTRATIONS = Limit("event-registrations", 60, 3600)

LIMITS = (IDEAS, COMMENTS, SUPPORTS, SURVEY_RESPONSES, EVENT_REGISTRATIONS)
# Every request made with one API token (a municipal system, an open-data portal, an IoT platform).
API_TOKEN = Limit("api-token", 5000, 3600)

MESSAGE = _(
    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Einsendungen. Bitte versuchen Sie es in einer "
    "Stunde noch einmal oder melden Sie sich an."
)


def _client(request: HttpRequest) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ratelimit:{client_address(request)}".encode(), hashlib.sha256).hexdigest()[:32]


def allow(request: HttpRequest, limit: Limit) -> bool:
    """Count one anonymous attempt; False once the client used up the window's allowance.

    Signed-in people are not limited here (their accounts are).
    """
    if request.user.is_authenticated or not settings.ANONYMOUS_WRITE_LIMITS:
        return True
    return _count(limit, _client(request))


def allow_token(token_id: int) -> bool:
    """Count one request made with an API token; False once it used up the hour's allowance."""
    return _count(API_TOKEN, f"token-{token_id}")


def _count(limit: Limit, who: str) -> bool:
    window = int(time.time()) // limit.seconds
    key = f"ratelimit:{limit.name}:{who}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 60)
        count = 1
    return count <= limit.count
