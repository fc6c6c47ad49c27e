from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep


class AnalysisConfig(AppConfig):
    name = "smartregion.analysis"
    label = "analysis"
    verbose_name = _("Bedarfsanalyse")
    platform = Module(
        key="analysis",
        privacy="smartregion.analysis.privacy.processing",
        label=_("Bedarfsanalyse"),
        region_urls="smartregion.analysis.urls",
        api=(ApiRouter("", "smartregion.analysis.api.router"),),
        navigation=NavigationStep(_("Bedarfsanalyse"), "analysis:overview", order=20),
        demo=DemoData("smartregion.analysis.demo.load", after=("strategy", "accounts")),
        phase_links="smartregion.analysis.phase_links.analysis_rounds_by_phase",
        dashboard="smartregion.analysis.selectors.dashboard_items",
    )
