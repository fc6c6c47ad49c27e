from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Module, NavigationStep, OpenDataset


class EventsConfig(AppConfig):
    name = "smartregion.events"
    label = "events"
    verbose_name = _("Veranstaltungen")
    platform = Module(
        key="events",
        privacy="smartregion.events.privacy.processing",
        label=_("Veranstaltungen"),
        region_urls="smartregion.events.urls",
        api=(ApiRouter("", "smartregion.events.api.router"),),
        navigation=NavigationStep(_("Termine"), "events:list", order=33),
        demo=DemoData("smartregion.events.demo.load", after=("strategy", "accounts")),
        overview="smartregion.events.portal.overview",
        phase_links="smartregion.events.selectors.phase_links_for",
        dashboard="smartregion.events.selectors.dashboard_items",
        personal_data="smartregion.events.selectors.personal_data",
        personal_export="smartregion.events.selectors.personal_export",
        personal_erase="smartregion.events.services.erase_person",
        retention="smartregion.events.services.apply_retention",
        datasets=(
            OpenDataset(
                key="veranstaltungen",
                title=_("Veranstaltungen"),
                description=_(
                    "Die öffentlichen Veranstaltungen mit Art, Beginn, Ende, Ort, Plätzen und der Zahl "
                    "der bestätigten Anmeldungen, ohne Angaben zu einzelnen Teilnehmenden."
                ),
                rows="smartregion.events.opendata.public_events",
                keywords=(_("Veranstaltungen"), _("Beteiligung"), _("Digitalisierung")),
            ),
        ),
    )

    def ready(self) -> None:
        from smartregion.events import rules  # noqa: F401  (registers the permissions)
