"""Coordinators must set up two-factor authentication before they work (setting).

Until they have, every page sends them to the TOTP set-up, and the API, which the same session
reaches, refuses every request (read or write) with 403 and a JSON ``detail`` like its other errors.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from smartregion.accounts.models import Role
from smartregion.accounts.roles import memberships_by_region

_ALLOWED_PREFIXES = ("/konto/", "/static/", "/healthz", "/i18n/")
_API_PREFIX = "/api/"


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
        if not settings.REQUIRE_MFA_FOR_COORDINATORS:
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        is_coordinator = any(m.role == Role.COORDINATOR for m in memberships_by_region(user).values())
        if not is_coordinator:
            return False
        from allauth.mfa.models import Authenticator

        # Asked on every request of a coordinator (one indexed query), so removing TOTP takes effect at once.
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _api_refusal_detail() -> str:
    return _(
        "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung (TOTP) ein. "
        "Bis dahin beantwortet die API Ihre Anfragen nicht."
    )
