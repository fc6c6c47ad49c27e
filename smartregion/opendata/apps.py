from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, FooterLink, Module


class OpenDataConfig(AppConfig):
    name = "smartregion.opendata"
    label = "opendata"
    verbose_name = _("Offene Daten")
    platform = Module(
        key="opendata",
        label=_("Offene Daten"),
        region_urls="smartregion.opendata.urls",
        api=(ApiRouter("/regions/", "smartregion.opendata.api.router"),),
        footer_links=(FooterLink(_("Offene Daten"), "opendata:index"),),
    )
