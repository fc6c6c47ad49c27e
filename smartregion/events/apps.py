from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "smartregion.events"
    label = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from smartregion.core import phase_links
        from smartregion.events import rules  # noqa: F401  (registers the permissions)
        from smartregion.events.selectors import phase_links_for

        phase_links.register(phase_links_for)
