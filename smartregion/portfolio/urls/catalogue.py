"""The cross-region project catalogue at /projektkatalog/."""

from django.urls import URLPattern, path

from smartregion.portfolio.views import projects as views

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("projektkatalog/", views.catalogue, name="index"),
]
