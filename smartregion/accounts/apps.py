from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import DemoData, Module


class AccountsConfig(AppConfig):
    name = "smartregion.accounts"
    label = "accounts"
    verbose_name = _("Konten und Rollen")
    platform = Module(
        key="accounts",
        label=_("Konten und Rollen"),
        site_urls="smartregion.accounts.urls",
        demo=DemoData("smartregion.accounts.demo.load_summary", after=("regions",)),
        dashboard="smartregion.accounts.selectors.dashboard_items",
        can_switch_off=False,
    )
