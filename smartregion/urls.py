"""URL map: installation pages, accounts, the API, and every region under /r/<region>/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from smartregion.api.api import api
from smartregion.core import views as core_views

urlpatterns = [
    path("", include("smartregion.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("", include("smartregion.accounts.urls")),
    path("r/<slug:region_slug>/", include("smartregion.regions.urls")),
    path("r/<slug:region_slug>/", include("smartregion.strategy.urls")),
    path("r/<slug:region_slug>/", include("smartregion.portfolio.urls")),
    path("r/<slug:region_slug>/", include("smartregion.analysis.urls")),
    path("r/<slug:region_slug>/", include("smartregion.surveys.urls")),
    path("r/<slug:region_slug>/", include("smartregion.events.urls")),
    path("", include("smartregion.portfolio.catalogue_urls")),
    path("", include("smartregion.surveys.short_urls")),
]

# Uploaded idea images: Django serves them while DEBUG is on; a reverse proxy serves them in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
