"""URL map: installation pages, accounts, the API, and the pages of every installed module.

Each module declares its URL modules in its ``AppConfig`` (``core.modules``): the pages under
/r/<region>/ and those at the site root (short links, the cross-region catalogue).
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from smartregion.api.api import api
from smartregion.core import modules
from smartregion.core.views import site as core_views

urlpatterns = [
    path("", include("smartregion.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    *(path("", include(urls)) for urls in modules.site_url_modules()),
    *(path("r/<slug:region_slug>/", include(urls)) for urls in modules.region_url_modules()),
]

handler404 = "smartregion.core.middleware.page_not_found"

# Uploaded idea images: Django serves them while DEBUG is on; a reverse proxy serves them in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
