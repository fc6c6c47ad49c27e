"""What the project profiles add to the region's start page: the portfolio in figures."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from smartregion.core import pagecache
from smartregion.core.modules import OverviewPanel
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectStatus
from smartregion.regions.models import Region


def overview(region: Region) -> OverviewPanel:
    counts = pagecache.kept(
        f"project-figures|{region.pk}",
        reverse("regions:detail", kwargs={"region_slug": region.slug}),
        lambda: _counts(region),
    )
    figures = [(ProjectStatus(status).label, counts.get(status, 0)) for status in PUBLIC_STATUSES]
    context = {"figures": figures, "total": sum(counts.values())}
    return OverviewPanel("portfolio/partials/overview.html", context, order=20)


def _counts(region: Region) -> dict[str, int]:
    """Selected projects per status (a count over all of them: kept until the region changes)."""
    return dict(
        Project.objects.filter(region=region, status__in=PUBLIC_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
