"""Import and export of project profiles, included by portfolio/urls under /r/<region>/."""

from django.urls import URLPattern, path

from smartregion.portfolio.views import imports as import_views

urlpatterns: list[URLPattern] = [
    path("projekte/import/", import_views.upload, name="import"),
    path("projekte/import/vorschau/", import_views.preview, name="import_preview"),
    path("projekte/import/vorlage.xlsx", import_views.template, name="import_template"),
    path("projekte/export.csv", import_views.export_csv, name="export_csv"),
    path("projekte/export.xlsx", import_views.export_xlsx, name="export_xlsx"),
]
