"""All portfolio pages under /r/<region>/: project profiles, their import and export."""

from smartregion.portfolio.urls import imports as import_urls
from smartregion.portfolio.urls import projects as project_urls

app_name = "portfolio"

urlpatterns = [*import_urls.urlpatterns, *project_urls.urlpatterns]
