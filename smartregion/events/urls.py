"""Pages of the events app under /r/<region>/."""

from django.urls import URLPattern

app_name = "events"

urlpatterns: list[URLPattern] = []
