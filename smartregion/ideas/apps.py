from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, Module


class IdeasConfig(AppConfig):
    name = "smartregion.ideas"
    label = "ideas"
    verbose_name = _("Ideen")
    # The demo ideas come with the demo projects (portfolio's demo loader), some of which grow from them.
    platform = Module(
        key="ideas",
        label=_("Ideen"),
        region_urls="smartregion.ideas.urls",
        api=(ApiRouter("/regions/", "smartregion.ideas.api.router"),),
        dashboard="smartregion.ideas.selectors.dashboard_items",
    )
