from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module


class RegionsConfig(AppConfig):
    name = "smartregion.regions"
    label = "regions"
    verbose_name = _("Regionen")
    platform = Module(
        key="regions",
        label=_("Regionen"),
        region_urls="smartregion.regions.urls",
        api=(ApiRouter("/regions/", "smartregion.regions.api.router"),),
        demo=DemoData("smartregion.regions.demo.load_summary"),
        retention="smartregion.regions.services.apply_retention",
        can_switch_off=False,
    )
