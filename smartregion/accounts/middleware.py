"""Who an API request acts for when it brings a token, and two-factor authentication for coordinators.

``ApiTokenMiddleware``: a request to /api/ with ``Authorization: Bearer sr_…`` acts for the token's
person within the token's region, needs no CSRF token (nothing is sent by a browser on its own),
is rate-limited per token and recorded. A token that is unknown, expired or revoked gets 401;
its session, if any, is never used instead.

``RequireCoordinatorMfaMiddleware``: coordinators must set up two-factor authentication before
they work (setting). Until they have, every page sends them to the TOTP set-up, and the API, which
the same session reaches, refuses every request (read or write) with 403 and a JSON ``detail`` like
its other errors. A token was created by a coordinator who had signed in with TOTP.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from smartregion.accounts import tokens
from smartregion.accounts.roles import lacks_required_totp
from smartregion.core import ratelimit

_ALLOWED_PREFIXES = ("/konto/", "/static/", "/healthz", "/i18n/")
_API_PREFIX = "/api/"


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not request.path.startswith(_API_PREFIX) or not header:
            return self.get_response(request)
        token = tokens.token_from_header(header)
        user = tokens.principal_of(token) if token is not None else None
        if token is None or user is None:
            refused = JsonResponse(
                {"detail": _("Dieser API-Schlüssel ist unbekannt, abgelaufen oder widerrufen.")}, status=401
            )
            refused["WWW-Authenticate"] = "Bearer"
            return refused
        if not ratelimit.allow_token(token.pk):
            refused = JsonResponse(
                {"detail": _("Mit diesem API-Schlüssel kamen in der letzten Stunde zu viele Anfragen.")},
                status=429,
            )
            refused["Retry-After"] = "3600"
            return refused
        request.user = user
        request.api_token = token  # type: ignore[attr-defined]
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        tokens.record_use(token, request.method or "", request.path)
        return self.get_response(request)


class RequireCoordinatorMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            if request.path.startswith(_API_PREFIX):
                return JsonResponse({"detail": _api_refusal_detail()}, status=403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or getattr(request, "api_token", None) is not None:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        return lacks_required_totp(user)


def _api_refusal_detail() -> str:
    return _(
        "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung (TOTP) ein. "
        "Bis dahin beantwortet die API Ihre Anfragen nicht."
    )
