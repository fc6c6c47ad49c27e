"""/r/<region>/opendata/catalog.jsonld: a DCAT-AP.de catalogue that RDF tools read, whose every
download address answers."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from smartregion.opendata import services
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

CATALOGUE = "/r/kreis-steinfurt/opendata/catalog.jsonld"
# Plain namespaces: rdflib's own DCAT warns when pytest looks into the module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DL_BY = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DATASETS = {"handlungsfelder", "projekte", "beschluesse", "umfrageergebnisse", "veranstaltungen"}


def _graph(client: Client) -> Graph:
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return Graph().parse(data=response.content, format="json-ld")


def test_the_catalogue_parses_as_rdf_with_one_dataset_per_dataset(
    public_data: object, client: Client
) -> None:
    graph = _graph(client)

    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {
        str(graph.value(dataset, DCTERMS.identifier)).rpartition("#")[2] for dataset in datasets
    } == DATASETS
    assert graph.value(catalogue, DCTERMS.title) == Literal("Offene Daten: Kreis Steinfurt", lang="de")
    assert "Projekte, Beschlüsse" in str(graph.value(catalogue, DCTERMS.description))
    assert graph.value(catalogue, DCTERMS.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/DEU"
    )
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert graph.value(publisher, FOAF.name) == Literal("Kreis Steinfurt", lang="de")


def test_each_dataset_has_a_csv_and_a_json_file_that_answer(public_data: object, client: Client) -> None:
    graph = _graph(client)

    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert graph.value(dataset, DCTERMS.title) is not None
        assert graph.value(dataset, DCTERMS.description) is not None
        assert list(graph.objects(dataset, DCAT.keyword))
        assert graph.value(dataset, DCTERMS.license) == DL_BY
        formats = {}
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert graph.value(distribution, DCTERMS.license) == DL_BY
            assert graph.value(distribution, DCATDE.licenseAttributionByText) == Literal(
                "Kreis Steinfurt", lang="de"
            )
            url = graph.value(distribution, DCAT.downloadURL)
            assert graph.value(distribution, DCAT.accessURL) == url
            assert str(url).startswith("http://testserver/r/kreis-steinfurt/opendata/")
            assert client.get(urlsplit(str(url)).path).status_code == 200, url
            formats[str(graph.value(distribution, DCTERMS["format"])).removeprefix(FILE_TYPE)] = str(url)
        assert sorted(formats) == ["CSV", "JSON"]
        assert formats["CSV"].endswith(".csv")
        assert formats["JSON"].endswith(".json")


def test_the_datasets_are_placed_in_the_district_by_its_key(public_data: object, client: Client) -> None:
    graph = _graph(client)

    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert graph.value(dataset, DCATDE.politicalGeocodingLevelURI) == URIRef(
            "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
        )
        assert graph.value(dataset, DCATDE.politicalGeocodingURI) == URIRef(
            "http://dcat-ap.de/def/politicalGeocoding/districtKey/05566"
        )


def test_a_region_without_a_district_key_is_not_placed(steinfurt: Region, client: Client) -> None:
    steinfurt.official_key = ""
    steinfurt.save()

    graph = _graph(client)

    assert not list(graph.subject_objects(DCATDE.politicalGeocodingURI))


def test_the_chosen_licence_is_in_the_catalogue_without_attribution_where_none_is_asked(
    steinfurt: Region, coordinator: object, client: Client
) -> None:
    services.choose_licence(region=steinfurt, actor=coordinator, licence="dl-de/zero-2-0", attribution="")

    graph = _graph(client)

    licences = set(graph.objects(None, DCTERMS.license))
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")}
    assert not list(graph.subject_objects(DCATDE.licenseAttributionByText))
