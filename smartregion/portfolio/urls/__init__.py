"""All portfolio pages under /r/<region>/: ideas, projects, import."""

from smartregion.portfolio.urls import ideas as idea_urls
from smartregion.portfolio.urls import imports as import_urls
from smartregion.portfolio.urls import projects as project_urls

app_name = "portfolio"

urlpatterns = [*idea_urls.urlpatterns, *import_urls.urlpatterns, *project_urls.urlpatterns]
