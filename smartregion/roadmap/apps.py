from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from smartregion.core.modules import ApiRouter, DemoData, Exporter, Module, NavigationStep, SnapshotPart

PROJECT = "portfolio.project"
PLAN_PAGE = "roadmap:project_plan"


class RoadmapConfig(AppConfig):
    name = "smartregion.roadmap"
    label = "roadmap"
    verbose_name = _("Fahrplan, Personal und Finanzierung")

    platform = Module(
        key="roadmap",
        label=_("Fahrplan, Personal und Finanzierung"),
        region_urls="smartregion.roadmap.urls",
        api=(ApiRouter("", "smartregion.roadmap.api.router"),),
        navigation=NavigationStep(_("Fahrplan"), "roadmap:overview", order=50),
        demo=DemoData("smartregion.roadmap.demo.load", after=("portfolio", "assessment", "accounts")),
        exporters=(
            Exporter(_("Fahrplan"), "roadmap:roadmap_pdf", "PDF"),
            Exporter(_("Finanzierung"), "roadmap:financing_xlsx", "XLSX"),
            Exporter(_("Personal"), "roadmap:personnel_xlsx", "XLSX"),
        ),
        dashboard="smartregion.roadmap.selectors.dashboard_items",
        snapshot_parts=(
            SnapshotPart(
                PROJECT,
                "milestones",
                _("Fahrplan"),
                "smartregion.roadmap.snapshots.milestones_text",
                page=PLAN_PAGE,
                page_label=_("Fahrplan planen"),
            ),
            SnapshotPart(
                PROJECT,
                "personnel",
                _("Personal"),
                "smartregion.roadmap.snapshots.personnel_text",
                page=PLAN_PAGE,
                page_label=_("Personal planen"),
            ),
            SnapshotPart(
                PROJECT,
                "financing",
                _("Kosten und Finanzierung"),
                "smartregion.roadmap.snapshots.financing_text",
                page=PLAN_PAGE,
                page_label=_("Finanzierung planen"),
            ),
        ),
    )
