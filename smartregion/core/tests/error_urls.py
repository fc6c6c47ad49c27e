"""The site's URLs plus one view that fails, for the error page tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from smartregion.urls import handler404 as handler404
from smartregion.urls import urlpatterns as site_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("kaputt: geheime Einzelheit")


urlpatterns = [path("kaputt/", broken), *site_urlpatterns]
