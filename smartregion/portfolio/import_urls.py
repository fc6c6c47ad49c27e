"""URL patterns, included by portfolio/urls.py under /r/<region>/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
