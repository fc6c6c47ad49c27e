"""Account behaviour: open or closed self-registration, set by ACCOUNT_ALLOW_REGISTRATION; the client address
for allauth's rate limits comes from the platform's one client-address function."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from smartregion.core.clientaddress import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)
