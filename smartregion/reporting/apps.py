from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep, ObjectLinks


class ReportingConfig(AppConfig):
    name = "smartregion.reporting"
    label = "reporting"
    verbose_name = _("Monitoring und Berichte")

    platform = Module(
        key="reporting",
        label=_("Monitoring und Berichte"),
        region_urls="smartregion.reporting.urls",
        api=(ApiRouter("", "smartregion.reporting.api.router"),),
        navigation=NavigationStep(_("Fortschritt"), "reporting:progress", order=60),
        demo=DemoData("smartregion.reporting.demo.load", after=("portfolio", "roadmap", "accounts")),
        dashboard="smartregion.reporting.selectors.dashboard_items",
        overview="smartregion.reporting.portal.overview",
        object_links=(ObjectLinks("portfolio.project", "smartregion.reporting.portal.project_links"),),
    )
