"""The Steckbrief as a download, PDF or DOCX; seen by whoever may see the project page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from smartregion.core.documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from smartregion.core.downloads import download
from smartregion.portfolio import documents, selectors
from smartregion.portfolio.models import Project
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region


@require_GET
@region_view
def pdf(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    sheet, slug = _sheet(request, region, project_slug)
    return download(documents.sheet_pdf(sheet), PDF_CONTENT_TYPE, f"steckbrief-{slug}.pdf")


@require_GET
@region_view
def docx(request: HttpRequest, region: Region, project_slug: str) -> HttpResponse:
    sheet, slug = _sheet(request, region, project_slug)
    return download(documents.sheet_docx(sheet), DOCX_CONTENT_TYPE, f"steckbrief-{slug}.docx")


def _sheet(request: HttpRequest, region: Region, slug: str) -> tuple[documents.ProjectSheet, str]:
    project = selectors.visible_project(region, slug, request.user)
    if project is None:
        raise Http404
    sheet = documents.project_sheet(
        project,
        dependencies=selectors.visible_dependencies(project, request.user),
        idea_titles=[idea.title for idea in selectors.shown_source_ideas(project)],
        adopters=[_adopter(copy) for copy, _visible in selectors.adoptions_seen_by(project, request.user)],
    )
    return sheet, project.slug


def _adopter(copy: Project) -> str:
    municipality = copy.adopted_by_municipality
    return f"{municipality.name} ({copy.region.name})" if municipality is not None else copy.region.name
