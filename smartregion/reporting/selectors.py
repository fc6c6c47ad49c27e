"""Reads of monitoring and reporting, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.core.modules import DashboardItem, is_on
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectStatus
from smartregion.portfolio.selectors import cares_for_every_project, projects_in_care_of, projects_visible_to
from smartregion.regions.models import Region
from smartregion.reporting import progress
from smartregion.reporting.models import (
    Indicator,
    Measurement,
    MonitoringSettings,
    ProjectWeight,
    StatusReport,
    StatusUpdate,
)
from smartregion.roadmap.models import CostLine
from smartregion.strategy.models import FieldOfAction

# Projects whose progress counts: selected for the strategy, running or done.
MONITORED = PUBLIC_STATUSES
# Projects that owe status updates: selected or running, not done.
REPORTING = (ProjectStatus.LEAD, ProjectStatus.POTENTIAL, ProjectStatus.IN_PROGRESS)


def settings_of(region: Region) -> MonitoringSettings:
    """The region's monitoring settings (the defaults when none were saved)."""
    found = MonitoringSettings.objects.filter(region=region).first()
    return found if found is not None else MonitoringSettings(region=region)


def _latest(field: str) -> Subquery:
    latest = StatusUpdate.objects.filter(project=OuterRef("pk")).order_by("-reported_on", "-pk")
    return Subquery(latest.values(field)[:1])


def with_latest_status(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with their latest status update: ``latest_progress``,
    ``latest_traffic`` and ``latest_on`` (None when they never reported)."""
    return projects.annotate(
        latest_progress=_latest("progress"),
        latest_traffic=_latest("traffic"),
        latest_on=_latest("reported_on"),
    )


def progress_for_region(region: Region, viewer: Any) -> progress.Progress:
    """The roll-up (``progress.roll_up``) over the selected projects the viewer may see."""
    projects = with_latest_status(
        projects_visible_to(region, viewer).filter(status__in=MONITORED).order_by("title", "pk")
    )
    rows = list(projects.values_list("pk", "title", "slug", "status", "latest_progress"))  # type: ignore[misc]
    ids = [row[0] for row in rows]
    fields_of: dict[int, list[int]] = defaultdict(list)
    costs: dict[int, Decimal] = {}
    weights: dict[int, Decimal] = {}
    if ids:  # a region without selected projects reads nothing more
        links = Project.fields.through.objects.filter(project_id__in=ids)
        for project_id, field_id in links.values_list("project_id", "fieldofaction_id"):
            fields_of[project_id].append(field_id)
        if is_on(region, "roadmap"):
            costs = dict(
                CostLine.objects.filter(project_id__in=ids)
                .values("project_id")
                .annotate(costs=Sum(F("investment") + F("running")))
                .values_list("project_id", "costs")
            )
        weights = dict(ProjectWeight.objects.filter(project_id__in=ids).values_list("project_id", "weight"))
    fields = [
        progress.FieldRow(pk, name, slug)
        for pk, name, slug in FieldOfAction.objects.filter(strategy__region=region)
        .order_by("order", "pk")
        .values_list("pk", "name", "slug")
    ]
    return progress.roll_up(
        fields,
        (
            progress.ProjectRow(
                pk,
                title,
                slug,
                tuple(fields_of.get(pk, ())),
                latest,
                status == ProjectStatus.COMPLETED,
                costs.get(pk) or Decimal(0),
                weights.get(pk),
            )
            for pk, title, slug, status, latest in rows
        ),
        settings_of(region).basis,
    )


def updates_of(project: Project) -> QuerySet[StatusUpdate]:
    return StatusUpdate.objects.filter(project=project).order_by("-reported_on", "-pk")


def indicators_of(project: Project) -> list[Indicator]:
    return list(
        Indicator.objects.filter(project=project).prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "pk"))
        )
    )


def latest_updates(region: Region, viewer: Any, *, limit: int = 10) -> list[StatusUpdate]:
    """The newest status updates of the projects the viewer may see."""
    visible = projects_visible_to(region, viewer)
    return list(
        StatusUpdate.objects.filter(region=region, project__in=visible)
        .select_related("project__region")
        .order_by("-reported_on", "-pk")[:limit]
    )


def overdue_projects(region: Region, today: datetime.date | None = None) -> QuerySet[Project]:
    """Selected or running projects whose latest status update is older than the region allows."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=settings_of(region).update_every_days)
    projects = with_latest_status(Project.objects.filter(region=region, status__in=REPORTING))
    return projects.exclude(latest_on__gte=since).order_by("title", "pk")  # type: ignore[misc]


def indicator_gaps(region: Region, today: datetime.date | None = None) -> QuerySet[Indicator]:
    """Indicators of monitored projects without a measurement in the region's update period."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=settings_of(region).update_every_days)
    recent = Measurement.objects.filter(indicator=OuterRef("pk"), measured_on__gte=since)
    return (
        Indicator.objects.filter(region=region, project__status__in=MONITORED)
        .exclude(pk__in=Subquery(recent.values("indicator_id")))
        .select_related("project")
        .order_by("project__title", "name")
    )


def reports_for(region: Region, viewer: Any) -> QuerySet[StatusReport]:
    """Published reports for everyone; all of them for the region's members."""
    reports = StatusReport.objects.filter(region=region)
    if not viewer.has_perm("reporting.view_unpublished_reports", region):
        reports = reports.filter(published_at__isnull=False)
    return reports.order_by("-meeting_date", "-pk")


def report_of(region: Region, report_id: int, viewer: Any) -> StatusReport | None:
    report = StatusReport.objects.filter(region=region, pk=report_id).select_related("region").first()
    if report is None or not viewer.has_perm("reporting.view_report", report):
        return None
    return report


def previous_report(report: StatusReport) -> StatusReport | None:
    """The region's last finished report before this one, for "what changed since"."""
    return (
        StatusReport.objects.filter(region_id=report.region_id, period_end__lt=report.period_end)
        .exclude(pk=report.pk)
        .order_by("-period_end", "-pk")
        .first()
    )


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """Overdue status updates and indicators without a recent measurement of the projects the
    person reports on: every project of the region for its coordinators, their own for officers
    and project leads (those whose profile they may change), nothing for anyone else."""
    everything = cares_for_every_project(region, user)
    mine = projects_in_care_of(region, user)
    if not everything and mine.query.is_empty():
        return []
    overdue = overdue_projects(region)
    gaps = indicator_gaps(region)
    if not everything:
        overdue, gaps = overdue.filter(pk__in=mine.values("pk")), gaps.filter(project__in=mine.values("pk"))
    url = reverse("reporting:progress", kwargs={"region_slug": region.slug})
    yours = "" if everything else _("in Projekten, die Sie bearbeiten")
    return [
        DashboardItem(_("Überfällige Statusmeldungen"), overdue.count(), url + "#ueberfaellig", detail=yours),
        DashboardItem(_("Indikatoren ohne aktuellen Messwert"), gaps.count(), url + "#luecken", detail=yours),
    ]
