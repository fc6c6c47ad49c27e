from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartregion.core"
    label = "core"
