from django.apps import AppConfig

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep


class WeatherConfig(AppConfig):
    name = "tests.module_example"
    label = "module_example"
    verbose_name = "Wetterstationen"
    platform = Module(
        key="weather",
        label="Wetterstationen",
        region_urls="tests.module_example.urls",
        api=(ApiRouter("", "tests.module_example.api.router"),),
        navigation=NavigationStep("Wetter", "weather:overview", order=35),
        demo=DemoData("tests.module_example.demo.load", after=("regions",)),
    )
