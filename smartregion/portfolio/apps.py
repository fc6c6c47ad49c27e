from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Exporter, Module, NavigationStep, OpenDataset


class PortfolioConfig(AppConfig):
    name = "smartregion.portfolio"
    label = "portfolio"
    verbose_name = _("Projekte")
    platform = Module(
        key="portfolio",
        label=_("Projekte"),
        region_urls="smartregion.portfolio.urls",
        site_urls="smartregion.portfolio.urls.catalogue",
        api=(
            ApiRouter("/regions/", "smartregion.portfolio.api.projects.region_router"),
            ApiRouter("/projects/", "smartregion.portfolio.api.projects.router"),
        ),
        navigation=NavigationStep(_("Projekte"), "portfolio:overview", order=40),
        demo=DemoData("smartregion.portfolio.demo.load", after=("strategy", "accounts")),
        overview="smartregion.portfolio.portal.overview",
        exporters=(
            Exporter(_("Projektsteckbriefe"), "portfolio:export_csv", "CSV"),
            Exporter(_("Projektsteckbriefe"), "portfolio:export_xlsx", "XLSX"),
        ),
        datasets=(
            OpenDataset(
                key="projekte",
                title=_("Projekte"),
                description=_(
                    "Die ausgewählten, laufenden und abgeschlossenen Projekte der Region mit Stand, "
                    "Kurzbeschreibung, Handlungsfeldern, Kommunen, Federführung und Laufzeit."
                ),
                rows="smartregion.portfolio.opendata.public_projects",
                keywords=(_("Digitalisierung"), _("Projekte"), _("Smart Region")),
            ),
        ),
        namespaces=("catalogue",),
    )
