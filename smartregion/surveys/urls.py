"""Pages of the surveys app under /r/<region>/."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
