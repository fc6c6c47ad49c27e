"""URLs of the framework floor: the same paths as the app's pages under test."""

from django.urls import path

from bench import floor_views

urlpatterns = [
    path("healthz", floor_views.healthz),
    path("", floor_views.regions),
    path("r/<slug:region_slug>/", floor_views.region),
    path("r/<slug:region_slug>/kommunen/", floor_views.municipalities),
    path("api/v1/regions/", floor_views.api_regions),
    path("bench/floor-200/", floor_views.table_200),
]
