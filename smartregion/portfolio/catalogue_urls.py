"""The cross-region project catalogue at /projektkatalog/."""

from django.urls import URLPattern, path

from smartregion.portfolio import project_views as views

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("projektkatalog/", views.catalogue, name="index"),
]
