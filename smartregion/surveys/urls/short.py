"""Short links outside the region prefix: /u/<code> for posters and QR codes."""

from django.urls import path

from smartregion.surveys.views import public as views

urlpatterns = [
    path("u/<str:code>", views.short_link, name="survey_short_link"),
]
