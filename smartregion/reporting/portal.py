"""What monitoring adds to other pages: the region's start page (progress and the latest status
updates) and a project's profile (a link to its status and indicators)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregion.core import pagecache
from smartregion.core.modules import ObjectLink, OverviewPanel
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region
from smartregion.reporting import selectors


def overview(region: Region) -> OverviewPanel:
    """The strategy's progress, the newest status updates and reports, as everyone may see them."""
    # The roll-up reads every selected project: kept until the region's content changes, so the
    # start page stays as quick with 10,000 projects as with 30 (pagecache.kept).
    strategy = pagecache.kept(
        f"strategy-progress|{region.pk}",
        reverse("regions:detail", kwargs={"region_slug": region.slug}),
        lambda: selectors.progress_for_region(region, None).strategy,
    )
    context = {
        "strategy": strategy,
        "updates": selectors.latest_updates(region, None, limit=3),
        "reports": list(selectors.reports_for(region, AnonymousUser())[:3]),
    }
    return OverviewPanel("reporting/partials/overview.html", context, order=40)


def project_links(project: Project, user: Any) -> Iterable[ObjectLink]:
    url = reverse(
        "reporting:project_status", kwargs={"region_slug": project.region.slug, "project_slug": project.slug}
    )
    return [ObjectLink(_("Stand, Statusmeldungen und Indikatoren"), url)]
