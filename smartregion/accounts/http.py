"""The request type of views that require a login, so the user is known to be a User."""

from django.http import HttpRequest

from smartregion.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
