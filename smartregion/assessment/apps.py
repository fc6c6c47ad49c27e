from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep, OpenDataset, TransitionGuard


class AssessmentConfig(AppConfig):
    name = "smartregion.assessment"
    label = "assessment"
    verbose_name = _("Bewertung und Auswahl")
    platform = Module(
        key="assessment",
        label=_("Bewertung und Auswahl"),
        region_urls="smartregion.assessment.urls",
        api=(ApiRouter("", "smartregion.assessment.api.router"),),
        navigation=NavigationStep(_("Bewertung"), "assessment:overview", order=45),
        demo=DemoData("smartregion.assessment.demo.load", after=("portfolio", "accounts")),
        dashboard="smartregion.assessment.selectors.dashboard_items",
        datasets=(
            OpenDataset(
                key="beschluesse",
                title=_("Beschlüsse"),
                description=_(
                    "Welche Projekte die Gremien als Leit- oder Potenzialprojekt ausgewählt, "
                    "zurückgestellt oder abgelehnt haben, mit Datum, Gremium und Vorlage."
                ),
                rows="smartregion.assessment.opendata.decisions",
                keywords=(_("Beschlüsse"), _("Projektauswahl"), _("Digitalisierung")),
            ),
        ),
        transition_guards=(
            TransitionGuard(
                model="portfolio.project",
                guard="smartregion.assessment.guards.only_through_a_decision",
                to=("leitprojekt", "potenzialprojekt"),
            ),
        ),
    )
