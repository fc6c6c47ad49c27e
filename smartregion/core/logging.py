"""Secrets in links are kept out of the logs.

Some links are a permission in themselves: whoever holds the link to a registration, a survey draft,
an invitation, an e-mail confirmation or a password reset may act with it. Such links appear in
request lines (``"GET /einladung/<token>/ HTTP/1.1"``), in referrers, in redirect targets and,
URL-encoded, in ``?next=`` of the login and language links. ``CapabilityUrlFilter`` masks them in
every log record it sees: Django's ``django.server`` and ``django.request`` loggers (``LOGGING`` in
settings) and gunicorn's access and error logs (``gunicorn.conf.py``).

The text is masked as it is, without Django: gunicorn's master process logs too, and a log line
must never fail. ``smartregion/core/tests/test_logging.py`` checks that every route with a secret
parameter is covered, so a new one cannot be forgotten here.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

# The path segments after which a secret follows, in the routes of the apps and of django-allauth.
CAPABILITY_SEGMENTS = (
    "einladung",  # invitation to a region (accounts)
    "termine/anmeldung",  # an event registration (events)
    "bestaetigen",  # confirming an event registration or an idea (events, ideas)
    "ideen/unterstuetzung",  # confirming a support of an idea (ideas)
    "antwort",  # resuming a survey draft (surveys)
    "confirm-email",  # confirming an e-mail address (allauth)
    "password/reset/key",  # setting a new password (allauth)
)
# Query parameters that carry a secret: the invitation key of an event by invitation only.
CAPABILITY_PARAMETERS = ("einladung",)

# "/", "?", "&" and "=" as they are, or URL-encoded once or more often (inside ?next=).
_SLASH = r"(?:/|%(?:25)*2[fF])"
_QUERY_START = r"(?:[?&]|%(?:25)*(?:3[fF]|26))"
_EQUALS = r"(?:=|%(?:25)*3[dD])"
# A secret is URL-safe: it ends at the next separator, an encoded character, a quote or a blank.
_VALUE = r"[^/%?&#=\s\"'<>]+"

_IN_PATH = re.compile(
    rf"(?P<lead>{_SLASH}(?:{'|'.join(s.replace('/', _SLASH) for s in CAPABILITY_SEGMENTS)}){_SLASH})"
    rf"(?P<secret>{_VALUE})"
)
_IN_QUERY = re.compile(
    rf"(?P<lead>{_QUERY_START}(?:{'|'.join(CAPABILITY_PARAMETERS)}){_EQUALS})(?P<secret>{_VALUE})"
)


def mask_capability_urls(text: str) -> str:
    """``text`` with the secret of every capability link in it replaced by ``***``."""
    text = _IN_PATH.sub(rf"\g<lead>{MASK}", text)
    return _IN_QUERY.sub(rf"\g<lead>{MASK}", text)


class CapabilityUrlFilter(logging.Filter):
    """Masks capability links in a record's message; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed record is logging's own business
        masked = mask_capability_urls(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
