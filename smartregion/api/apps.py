from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "smartregion.api"
    label = "api"
