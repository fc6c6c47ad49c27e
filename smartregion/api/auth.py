"""How an API request says who it acts for: a region's API token (``Authorization: Bearer``) or the
browser session (with its CSRF check); some writes also go on anonymously.

``accounts.middleware.ApiTokenMiddleware`` checks the token before any view runs and makes the
request act for the token's person, within the token's region; the classes here only tell ninja
(and the OpenAPI description) which ways an operation accepts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth


class ApiToken(HttpBearer):
    """A region's API token, already checked by the middleware."""

    openapi_description = "API-Schlüssel einer Region: Authorization: Bearer sr_…"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return request.user if getattr(request, "api_token", None) is not None else None


class SessionOrAnonymous(SessionAuth):
    """Session auth with its CSRF check for signed-in people; without a session the request goes on
    anonymously, since it acts for nobody a forged request could misuse."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return "anonymous"
        return super().__call__(request)


# Writes that need a person: a token or a session.
TOKEN_OR_SESSION = [ApiToken(), SessionAuth()]
# Writes anyone may make (ideas, registrations): a token, a session, or nobody.
TOKEN_SESSION_OR_ANONYMOUS = [ApiToken(), SessionOrAnonymous()]
