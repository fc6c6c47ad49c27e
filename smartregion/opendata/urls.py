"""Pages of the open data under /r/<region>/opendata/."""

from django.urls import URLPattern, path

from smartregion.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("opendata/", views.index, name="index"),
    path("opendata/catalog.jsonld", views.catalogue, name="catalogue"),
    path("opendata/lizenz/", views.licence, name="licence"),
    path("opendata/<slug:dataset>.csv", views.download_csv, name="csv"),
    path("opendata/<slug:dataset>.json", views.download_json, name="json"),
]
