"""All portfolio pages under /r/<region>/: ideas, projects, import."""

from smartregion.portfolio import idea_urls, import_urls, project_urls

app_name = "portfolio"

urlpatterns = [*idea_urls.urlpatterns, *import_urls.urlpatterns, *project_urls.urlpatterns]
