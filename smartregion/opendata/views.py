"""The open data pages of a region: the list of datasets, their downloads, the DCAT-AP.de
catalogue, and the coordinators' choice of licence.

Files are written in German whatever the visitor's language, as the catalogue declares them.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartregion.core.downloads import CSV_CONTENT_TYPE, as_attachment
from smartregion.core.forms import save_valid
from smartregion.core.modules import OpenDataset
from smartregion.core.permissions import authorize
from smartregion.opendata import dcat, exports, selectors, services
from smartregion.opendata.forms import LicenceForm
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

CHOOSE_LICENCE = "opendata.choose_licence"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
JSON_LD_CONTENT_TYPE = "application/ld+json; charset=utf-8"


@require_GET
@region_view
def index(request: HttpRequest, region: Region) -> HttpResponse:
    context = {
        "region": region,
        "datasets": selectors.datasets_of(region),
        "licence": selectors.licence_of(region),
        "may_choose_licence": request.user.has_perm(CHOOSE_LICENCE, region),
    }
    return render(request, "opendata/index.html", context)


def _dataset_or_404(region: Region, key: str) -> OpenDataset:
    dataset = selectors.dataset_of(region, key)
    if dataset is None:
        raise Http404
    return dataset


def _origin(request: HttpRequest) -> str:
    """ "https://host" of this request, put before the site's paths in the files."""
    return request.build_absolute_uri("/").removesuffix("/")


@require_GET
@region_view
def download_csv(request: HttpRequest, region: Region, dataset: str) -> StreamingHttpResponse:
    found = _dataset_or_404(region, dataset)
    with translation.override(exports.DATA_LANGUAGE):
        columns, rows = selectors.rows_of(found, region)
    response = StreamingHttpResponse(
        exports.csv_stream(columns, rows, origin=_origin(request)), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Language"] = exports.DATA_LANGUAGE
    return as_attachment(response, f"{found.key}-{region.slug}.csv")


@require_GET
@region_view
def download_json(request: HttpRequest, region: Region, dataset: str) -> StreamingHttpResponse:
    found = _dataset_or_404(region, dataset)
    licence = selectors.licence_of(region)
    with translation.override(exports.DATA_LANGUAGE):
        columns, rows = selectors.rows_of(found, region)
        head = {
            "dataset": found.key,
            "title": str(found.title),
            "licence": {
                "id": licence.key,
                "name": licence.name,
                "url": licence.url,
                "attribution": licence.attribution,
            },
            "source": request.build_absolute_uri(
                reverse("opendata:index", kwargs={"region_slug": region.slug})
            ),
            "generated": timezone.localtime().isoformat(timespec="seconds"),
        }
    response = StreamingHttpResponse(
        exports.json_stream(head, columns, rows, origin=_origin(request)), content_type=JSON_CONTENT_TYPE
    )
    response["Content-Language"] = exports.DATA_LANGUAGE
    return response


@require_GET
@region_view
def catalogue(request: HttpRequest, region: Region) -> HttpResponse:
    with translation.override(exports.DATA_LANGUAGE):
        document = dcat.catalogue(
            region=region,
            licence=selectors.licence_of(region),
            datasets=selectors.datasets_of(region),
            absolute=request.build_absolute_uri,
        )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=JSON_LD_CONTENT_TYPE
    )
    response["Content-Language"] = exports.DATA_LANGUAGE
    return response


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def licence(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, CHOOSE_LICENCE, region)
    current = selectors.licence_of(region)
    form = LicenceForm(
        request.POST if request.method == "POST" else None,
        initial={"licence": current.key, "attribution": current.chosen.attribution if current.chosen else ""},
    )
    if save_valid(request, form, services.choose_licence, region=region, actor=request.user):
        messages.success(request, _("Die Lizenz der offenen Daten ist gespeichert."))
        return redirect("opendata:index", region_slug=region.slug)
    context = {"region": region, "form": form, "licence": current}
    return render(request, "opendata/licence.html", context, status=400 if form.errors else 200)
