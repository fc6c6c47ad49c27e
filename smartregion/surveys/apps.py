from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep, OpenDataset


class SurveysConfig(AppConfig):
    name = "smartregion.surveys"
    label = "surveys"
    verbose_name = _("Umfragen")
    platform = Module(
        key="surveys",
        privacy="smartregion.surveys.privacy.processing",
        label=_("Bürgerbeteiligung (Umfragen)"),
        region_urls="smartregion.surveys.urls",
        site_urls="smartregion.surveys.urls.short",
        api=(ApiRouter("", "smartregion.surveys.api.router"),),
        navigation=NavigationStep(_("Beteiligung"), "surveys:overview", order=30),
        demo=DemoData("smartregion.surveys.demo.load", after=("strategy", "accounts")),
        phase_links="smartregion.surveys.selectors.phase_links_for",
        dashboard="smartregion.surveys.selectors.dashboard_items",
        personal_data="smartregion.surveys.selectors.personal_data",
        datasets=(
            OpenDataset(
                key="umfrageergebnisse",
                title=_("Umfrageergebnisse"),
                description=_(
                    "Die veröffentlichten Ergebnisse der Bürgerumfragen als Anzahlen und Anteile je "
                    "Antwort, ohne Freitexte. Fragen mit weniger als 5 Antworten fehlen zum Schutz der "
                    "Anonymität."
                ),
                rows="smartregion.surveys.opendata.survey_aggregates",
                keywords=(_("Umfragen"), _("Bürgerbeteiligung"), _("Digitalisierung")),
            ),
        ),
    )
