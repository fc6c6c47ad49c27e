"""Coordinators must set up two-factor authentication before they work (setting)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from smartregion.accounts.models import Role
from smartregion.accounts.roles import memberships_by_region

_ALLOWED_PREFIXES = ("/konto/", "/static/", "/healthz", "/i18n/", "/api/")


class RequireCoordinatorMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
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
