"""Request types for views: a login is required (the user is a User); django-htmx's details are set.

``request.htmx`` (set by ``django_htmx.middleware.HtmxMiddleware``) is the one way a view asks
whether htmx sent the request.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from smartregion.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
