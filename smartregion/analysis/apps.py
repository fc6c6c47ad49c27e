from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "smartregion.analysis"
    label = "analysis"
    verbose_name = _("Bedarfsanalyse")

    def ready(self) -> None:
        from smartregion.analysis.phase_links import analysis_rounds_by_phase
        from smartregion.core import phase_links

        phase_links.register(analysis_rounds_by_phase)
