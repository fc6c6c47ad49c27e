"""Short links outside the region prefix: /u/<code> for posters and QR codes."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
