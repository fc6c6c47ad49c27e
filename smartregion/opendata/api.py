"""A region's open data in the API: which datasets it offers, where to download them, under which
licence, and their rows page by page (the same rows as the pages' CSV and JSON files, in German)."""

import itertools
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Path

from smartregion.api.errors import ERROR_RESPONSES
from smartregion.api.pagination import MAX_OFFSET
from smartregion.api.params import RegionSlug
from smartregion.api.scoping import region_or_404
from smartregion.opendata import exports, selectors
from smartregion.regions.models import Region

DatasetKey = Annotated[str, Path(pattern=r"^[-a-z0-9_]+$", max_length=40)]
MAX_ROWS = 1000

router = Router(tags=["Offene Daten"])


class LicenceOut(Schema):
    id: str
    name: str
    url: str
    uri: str
    attribution: str


class DatasetOut(Schema):
    key: str
    title: str
    description: str
    keywords: list[str]
    csv_url: str
    json_url: str


class RowsIn(Schema):
    limit: int = Field(100, ge=1, le=MAX_ROWS, description="Zeilen je Seite")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Zeilen, die übersprungen werden")


class RowsOut(Schema):
    dataset: str
    title: str
    licence: LicenceOut
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="je Zeile ein Objekt mit den Spalten als Schlüsseln")
    next_offset: int | None = Field(description="offset der nächsten Seite; null: dies war die letzte")


class OpenDataOut(Schema):
    licence: LicenceOut
    catalogue_url: str
    page_url: str
    datasets: list[DatasetOut]


@router.get(
    "/{slug}/opendata/",
    response={200: OpenDataOut, **ERROR_RESPONSES},
    summary="Offene Daten: Datensätze, Downloads und Lizenz",
)
def list_open_data(request: HttpRequest, slug: RegionSlug) -> OpenDataOut:
    """The region's datasets with the addresses of their CSV and JSON files, the DCAT-AP.de
    catalogue and the licence every dataset is published under."""
    region = region_or_404(slug, "opendata")

    def url(name: str, **kwargs: str) -> str:
        return request.build_absolute_uri(
            reverse(f"opendata:{name}", kwargs={"region_slug": region.slug, **kwargs})
        )

    return OpenDataOut(
        licence=_licence(region),
        catalogue_url=url("catalogue"),
        page_url=url("index"),
        datasets=[
            DatasetOut(
                key=dataset.key,
                title=str(dataset.title),
                description=str(dataset.description),
                keywords=[str(keyword) for keyword in dataset.keywords],
                csv_url=url("csv", dataset=dataset.key),
                json_url=url("json", dataset=dataset.key),
            )
            for dataset in selectors.datasets_of(region)
        ],
    )


@router.get(
    "/{slug}/opendata/{dataset}/",
    response={200: RowsOut, **ERROR_RESPONSES},
    summary="Offene Daten: Zeilen eines Datensatzes",
)
def dataset_rows(request: HttpRequest, slug: RegionSlug, dataset: DatasetKey, page: Query[RowsIn]) -> RowsOut:
    """The rows of one dataset from ``offset`` on, at most ``limit`` of them, as in its JSON file."""
    region = region_or_404(slug, "opendata")
    found = selectors.dataset_of(region, dataset)
    if found is None:
        raise HttpError(404, _("Diesen Datensatz gibt es nicht."))
    origin = request.build_absolute_uri("/").removesuffix("/")
    with translation.override(exports.DATA_LANGUAGE):
        columns, rows = selectors.rows_of(found, region)
        title = str(found.title)
    # One row more than asked tells whether another page follows.
    shown = list(itertools.islice(rows, page.offset, page.offset + page.limit + 1))
    return RowsOut(
        dataset=found.key,
        title=title,
        licence=_licence(region),
        columns=list(columns),
        rows=[
            {column: exports.json_value(value, origin) for column, value in zip(columns, row, strict=True)}
            for row in shown[: page.limit]
        ],
        next_offset=page.offset + page.limit if len(shown) > page.limit else None,
    )


def _licence(region: Region) -> LicenceOut:
    licence = selectors.licence_of(region)
    return LicenceOut(
        id=licence.key, name=licence.name, url=licence.url, uri=licence.uri, attribution=licence.attribution
    )
