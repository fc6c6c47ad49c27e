"""Pages of the analysis app under /r/<region>/."""

from django.urls import URLPattern

app_name = "analysis"

urlpatterns: list[URLPattern] = []
