from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, Module, NavigationStep


class IdeasConfig(AppConfig):
    name = "smartregion.ideas"
    label = "ideas"
    verbose_name = _("Ideen")
    # The demo ideas come with the demo projects (portfolio's demo loader), some of which grow from them.
    platform = Module(
        key="ideas",
        privacy="smartregion.ideas.privacy.processing",
        label=_("Ideen"),
        region_urls="smartregion.ideas.urls",
        api=(ApiRouter("/regions/", "smartregion.ideas.api.router"),),
        navigation=NavigationStep(_("Ideen"), "ideas:ideas", order=36),
        dashboard="smartregion.ideas.selectors.dashboard_items",
        personal_data="smartregion.ideas.selectors.personal_data",
        personal_export="smartregion.ideas.selectors.personal_export",
        personal_erase="smartregion.ideas.services.erase_person",
        retention="smartregion.ideas.services.apply_retention",
    )
