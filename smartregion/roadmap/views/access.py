"""Fetch and authorise in one step, as every roadmap page does."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from smartregion.core.permissions import authorize
from smartregion.portfolio.models import Project
from smartregion.portfolio.selectors import visible_project
from smartregion.regions.models import Region
from smartregion.roadmap.models import FundingSource, Milestone

PLAN = "roadmap.plan_project"
RESOURCES = "roadmap.view_resources"


def project_to_view(request: HttpRequest, region: Region, slug: str) -> Project:
    """The region's project by slug, or 404 – also when the viewer may not see it."""
    project = visible_project(region, slug, request.user)
    if project is None:
        raise Http404
    return project


def project_to_plan(request: HttpRequest, region: Region, slug: str) -> Project:
    """A project the viewer may see (else 404) and plan (else 403)."""
    project = project_to_view(request, region, slug)
    authorize(request, PLAN, project)
    return project


def milestone_of(project: Project, milestone_id: int) -> Milestone:
    """One of the project's milestones; another project's or region's is a 404."""
    milestone = Milestone.objects.filter(project=project, pk=milestone_id).first()
    if milestone is None:
        raise Http404
    return milestone


def source_of(project: Project, source_id: int) -> FundingSource:
    source = FundingSource.objects.filter(project=project, pk=source_id).select_related("programme").first()
    if source is None:
        raise Http404
    return source
