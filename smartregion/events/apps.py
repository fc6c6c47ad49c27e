from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module


class EventsConfig(AppConfig):
    name = "smartregion.events"
    label = "events"
    verbose_name = _("Veranstaltungen")
    platform = Module(
        key="events",
        label=_("Veranstaltungen"),
        region_urls="smartregion.events.urls",
        api=(ApiRouter("", "smartregion.events.api.router"),),
        demo=DemoData("smartregion.events.demo.load", after=("strategy", "accounts")),
        phase_links="smartregion.events.selectors.phase_links_for",
    )

    def ready(self) -> None:
        from smartregion.events import rules  # noqa: F401  (registers the permissions)
