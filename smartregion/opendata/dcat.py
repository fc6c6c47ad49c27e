"""A region's open data as a DCAT-AP.de catalogue in JSON-LD, for open data portals to harvest.

DCAT-AP.de is the German application profile of DCAT that GovData and the states' portals read.
The catalogue names the region as publisher, and for each dataset its identifier, title,
description, keywords, licence, theme and place, and two distributions (CSV and JSON) with their
download addresses, formats (the EU's file type vocabulary) and media types (IANA). Every text is
German (``@language``). ``dcatde:contributorID`` is left out: GovData assigns it to a publisher
on registration, and a wrong one would file the data under someone else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from smartregion.core.modules import OpenDataset
from smartregion.opendata.selectors import ChosenLicence
from smartregion.regions.models import Region

CONTEXT = {
    "@language": "de",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
}
GERMAN = "http://publications.europa.eu/resource/authority/language/DEU"
GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
DISTRICT_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
DISTRICT_KEY = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"
# (URL name, file type, media type) of each distribution
FORMATS = (("opendata:csv", "CSV", "text/csv"), ("opendata:json", "JSON", "application/json"))


def _ref(uri: str) -> dict[str, str]:
    return {"@id": uri}


@dataclass(frozen=True)
class _Publication:
    """What every dataset of the catalogue shares: who publishes it, where, under which licence."""

    region: Region
    licence: ChosenLicence
    index: str  # the open data page, the datasets' landing page
    publisher: str
    absolute: Callable[[str], str]

    def url(self, name: str, **kwargs: str) -> str:
        return self.absolute(reverse(name, kwargs={"region_slug": self.region.slug, **kwargs}))


def catalogue(
    *,
    region: Region,
    licence: ChosenLicence,
    datasets: Sequence[OpenDataset],
    absolute: Callable[[str], str],
) -> dict[str, Any]:
    """The catalogue as a JSON-LD document, its texts in the active language (German, for the
    catalogue says so); ``absolute`` turns a path into a URL of this site."""
    publication = _Publication(
        region=region,
        licence=licence,
        index=absolute(reverse("opendata:index", kwargs={"region_slug": region.slug})),
        publisher=absolute(region.get_absolute_url()),
        absolute=absolute,
    )
    description = _("Öffentliche Daten der gemeinsamen Digitalisierungsstrategie %(name_of)s: %(datasets)s.")
    return {
        "@context": CONTEXT,
        "@id": publication.url("opendata:catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": _("Offene Daten: %(region)s") % {"region": region.name},
        "dct:description": description
        % {
            "region": region.name,
            "name_of": region.name_of,
            "datasets": ", ".join(str(dataset.title) for dataset in datasets),
        },
        "dct:publisher": {"@id": publication.publisher, "@type": "foaf:Agent", "foaf:name": region.name},
        "dct:language": _ref(GERMAN),
        "foaf:homepage": _ref(publication.index),
        "dcat:dataset": [_dataset(publication, dataset) for dataset in datasets],
    }


def _dataset(publication: _Publication, dataset: OpenDataset) -> dict[str, Any]:
    identifier = f"{publication.index}#{dataset.key}"
    described: dict[str, Any] = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": str(dataset.title),
        "dct:description": str(dataset.description),
        "dcat:keyword": [str(keyword) for keyword in dataset.keywords],
        "dct:publisher": _ref(publication.publisher),
        "dct:license": _ref(publication.licence.uri),
        "dct:language": _ref(GERMAN),
        "dcat:theme": _ref(GOVERNMENT),
        "dcat:landingPage": _ref(publication.index),
        "dcat:distribution": [
            _distribution(
                publication, dataset, name, file_type, media_type, f"{identifier}-{file_type.lower()}"
            )
            for name, file_type, media_type in FORMATS
        ],
    }
    official_key = publication.region.official_key
    if official_key:
        described["dcatde:politicalGeocodingLevelURI"] = _ref(DISTRICT_LEVEL)
        described["dcatde:politicalGeocodingURI"] = _ref(DISTRICT_KEY + official_key)
    return described


def _distribution(
    publication: _Publication, dataset: OpenDataset, url_name: str, file_type: str, media_type: str, node: str
) -> dict[str, Any]:
    url = publication.url(url_name, dataset=dataset.key)
    distribution: dict[str, Any] = {
        "@id": node,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({file_type})",
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dct:format": _ref(FILE_TYPE + file_type),
        "dcat:mediaType": _ref(MEDIA_TYPE + media_type),
        "dct:license": _ref(publication.licence.uri),
    }
    if publication.licence.needs_attribution:
        distribution["dcatde:licenseAttributionByText"] = publication.licence.attribution
    return distribution
