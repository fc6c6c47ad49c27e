"""Reads of the open data: the datasets a region offers, their rows, and its licence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from smartregion.core import modules
from smartregion.core.modules import OpenDataset
from smartregion.opendata.models import DEFAULT_LICENCE, TERMS, Licence, OpenDataLicence
from smartregion.regions.models import Region


@dataclass(frozen=True)
class ChosenLicence:
    """The licence of a region's open data as pages, files and the catalogue name it."""

    key: str
    name: str
    url: str
    uri: str
    attribution: str
    needs_attribution: bool
    chosen: OpenDataLicence | None  # None: the region has not chosen one, the default applies


def licence_of(region: Region) -> ChosenLicence:
    """The region's licence (one query); the default and the region's name where none is chosen."""
    row = OpenDataLicence.objects.filter(region=region).first()
    key = row.licence if row is not None and row.licence in TERMS else DEFAULT_LICENCE
    terms = TERMS[key]
    return ChosenLicence(
        key=str(key),
        name=str(Licence(key).label),
        url=terms.url,
        uri=terms.uri,
        attribution=(row.attribution if row is not None else "") or region.name,
        needs_attribution=terms.needs_attribution,
        chosen=row,
    )


def datasets_of(region: Region) -> list[OpenDataset]:
    """The datasets of the modules the region uses (no query)."""
    return [dataset for _module, dataset in modules.open_datasets(region)]


def dataset_of(region: Region, key: str) -> OpenDataset | None:
    return next((dataset for dataset in datasets_of(region) if dataset.key == key), None)


def rows_of(dataset: OpenDataset, region: Region) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
    """The dataset's column names and rows; the rows may be read lazily, as they are written."""
    columns, rows = import_string(dataset.rows)(region)
    return list(columns), rows
