from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Exporter, Module, NavigationStep, OpenDataset


class StrategyConfig(AppConfig):
    name = "smartregion.strategy"
    label = "strategy"
    verbose_name = _("Strategie")
    platform = Module(
        key="strategy",
        label=_("Strategie"),
        region_urls="smartregion.strategy.urls",
        api=(ApiRouter("/regions/", "smartregion.strategy.api.router"),),
        navigation=NavigationStep(_("Strategie"), "strategy:overview", order=10),
        demo=DemoData("smartregion.strategy.demo.load", after=("regions",)),
        overview="smartregion.strategy.portal.overview",
        exporters=(
            Exporter(_("Strategiepapier"), "strategy:pdf", "PDF"),
            Exporter(_("Strategiepapier"), "strategy:docx", "DOCX"),
        ),
        datasets=(
            OpenDataset(
                key="handlungsfelder",
                title=_("Handlungsfelder der Strategie"),
                description=_(
                    "Die Handlungsfelder der Digitalisierungsstrategie in ihrer Reihenfolge, mit "
                    "Priorität, Beschreibung und Zielen."
                ),
                rows="smartregion.strategy.opendata.fields_of_action",
                keywords=(_("Digitalisierung"), _("Strategie"), _("Handlungsfelder")),
            ),
        ),
        can_switch_off=False,
    )
