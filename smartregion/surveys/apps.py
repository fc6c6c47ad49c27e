from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "smartregion.surveys"
    label = "surveys"
    verbose_name = _("Umfragen")

    def ready(self) -> None:
        from smartregion.core import phase_links
        from smartregion.surveys.selectors import phase_links_for

        phase_links.register(phase_links_for)
