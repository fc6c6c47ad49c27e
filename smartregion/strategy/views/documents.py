"""The strategy paper as a download, PDF or DOCX; public like the strategy page.

``?fassung=N`` gives the paper of version N; without it, the current text.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from smartregion.core.documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from smartregion.core.downloads import download
from smartregion.core.params import query_int
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.strategy import documents, selectors


@require_GET
@region_view
def pdf(request: HttpRequest, region: Region) -> HttpResponse:
    paper, number = _paper(request, region)
    return download(documents.paper_pdf(paper), PDF_CONTENT_TYPE, _filename(region, number, "pdf"))


@require_GET
@region_view
def docx(request: HttpRequest, region: Region) -> HttpResponse:
    paper, number = _paper(request, region)
    return download(documents.paper_docx(paper), DOCX_CONTENT_TYPE, _filename(region, number, "docx"))


def _paper(request: HttpRequest, region: Region) -> tuple[documents.StrategyPaper, int | None]:
    strategy = selectors.strategy_of(region)
    if strategy is None:
        raise Http404
    number = query_int(request, "fassung", minimum=1, invalid_is_404=True)
    return documents.strategy_paper(strategy, number=number), number


def _filename(region: Region, number: int | None, extension: str) -> str:
    version = f"-fassung-{number}" if number is not None else ""
    return f"strategie-{region.slug}{version}.{extension}"
