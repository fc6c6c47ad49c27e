"""Account behaviour: open or closed self-registration, set by ACCOUNT_ALLOW_REGISTRATION; the client address
for allauth's rate limits comes from the platform's one client-address function; where a person lands after
logging in; its mails go through the platform's mail, which sends them later while the mail server is down."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from smartregion.accounts.selectors import open_invitations_for
from smartregion.core import mail as platform_mail
from smartregion.core.clientaddress import client_address
from smartregion.core.workspace import lands_on_workspace


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(
        self, template_prefix: str, email: str, context: dict[str, Any], headers: Any = None
    ) -> Any:
        """allauth's mails (address confirmation, password reset, login codes) as the platform's own:
        while the mail server cannot take them, they are sent later (``core.mail``), never lost."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if hasattr(message, "alternatives"):  # Django's EmailMultiAlternatives
            message.__class__ = platform_mail.EmailMultiAlternatives
        else:
            message.__class__ = platform_mail.EmailMessage
        return message

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Without a ``next``: people who hold a role somewhere (and operators) start on their
        workspace, as do those with an open invitation to accept; everyone else where they did
        before (LOGIN_REDIRECT_URL). allauth follows a given ``next`` instead of asking here."""
        user = request.user
        if lands_on_workspace(user) or open_invitations_for(user).exists():  # type: ignore[arg-type]
            return reverse("core:workspace")
        return super().get_login_redirect_url(request)
