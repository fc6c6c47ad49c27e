from django.urls import path, re_path

from smartregion.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^(?P<page>impressum|datenschutz|barrierefreiheit)/$", views.legal, name="legal"),
]
