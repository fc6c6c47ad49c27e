"""A simple limit on anonymous submissions (ideas, comments) per connection, kept in the Django cache.

The address is never stored: the cache key holds a keyed hash of it, and every window ends on
its own. A fixed window is enough here: it stops floods, not a determined attacker with many
addresses (moderation stays the real safeguard).
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


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


IDEAS = Limit("ideas", 10, 3600)
COMMENTS = Limit("comments", 20, 3600)
SUPPORTS = Limit("supports", 20, 3600)

MESSAGE = _(
    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Einsendungen. Bitte versuchen Sie es in einer "
    "Stunde noch einmal oder melden Sie sich an."
)


def _client(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"portfolio-ratelimit:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def allow(request: HttpRequest, limit: Limit) -> bool:
    """Count one anonymous attempt; False once the connection used up the window's allowance.

    Signed-in people are not limited here (their accounts are).
    """
    if request.user.is_authenticated:
        return True
    window = int(time.time()) // limit.seconds
    key = f"portfolio:ratelimit:{limit.name}:{_client(request)}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 60)
        count = 1
    return count <= limit.count
