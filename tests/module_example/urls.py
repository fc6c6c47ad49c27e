from django.urls import path

from tests.module_example import views

app_name = "weather"

urlpatterns = [path("wetter/", views.overview, name="overview")]
