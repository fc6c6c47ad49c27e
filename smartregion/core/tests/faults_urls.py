"""The site's URLs plus the pages of failing background tasks, for the fault tests."""

from django.urls import path

from smartregion.core.views import background
from smartregion.urls import handler404 as handler404
from smartregion.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("r/<slug:region_slug>/verwaltung/hintergrundaufgaben/", background.region_tasks),
    path("verwaltung/hintergrundaufgaben/", background.all_tasks),
    *site_urlpatterns,
]
