"""Reuse (Nachnutzung) by a municipality or another region, and the catalogue of all regions."""

from __future__ import annotations

import pytest

from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE
from smartregion.regions.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

ADOPT = f"{BASE}digitales-rathaus/nachnutzen/"
CATALOGUE = "/projektkatalog/"


# Adoption


def test_officer_of_another_region_adopts_for_the_own_municipality(
    client, login, duelmen_officer, project, duelmen
):
    response = login(duelmen_officer).post(ADOPT, {"target": "kreis-coesfeld/duelmen"})

    copy = Project.objects.get(adopted_from=project)
    assert response.status_code == 302
    assert response["Location"] == "/r/kreis-coesfeld/projekte/digitales-rathaus/"
    assert copy.region == duelmen.region
    assert copy.adopted_by_municipality == duelmen
    assert copy.status == ProjectStatus.DRAFTING
    assert (copy.summary, copy.goals, copy.risks) == (project.summary, project.goals, project.risks)
    assert list(copy.municipalities.all()) == [duelmen]
    assert copy.lead_organisation is None  # an organisation of the other region is not carried over
    assert "Wird nachgenutzt von" in client.get(f"{BASE}digitales-rathaus/").content.decode()
    assert "Dülmen (Kreis Coesfeld)" in client.get(f"{BASE}digitales-rathaus/").content.decode()


def test_adoption_page_offers_only_places_the_person_may_adopt_for(
    login, coesfeld_coordinator, project, duelmen, greven
):
    content = login(coesfeld_coordinator).get(ADOPT).content.decode()

    assert "Kreis Coesfeld (die ganze Region)" in content
    assert "Dülmen (Kreis Coesfeld)" in content
    assert "Greven" not in content.split("<form")[1]
    assert '<legend class="kern-label">Wer nutzt das Projekt nach?' in content


def test_coordinator_of_another_region_adopts_for_the_whole_region(
    login, coesfeld_coordinator, project, coesfeld
):
    response = login(coesfeld_coordinator).post(ADOPT, {"target": "kreis-coesfeld"})

    copy = Project.objects.get(adopted_from=project)
    assert response.status_code == 302
    assert (copy.region, copy.adopted_by_municipality) == (coesfeld, None)


def test_officer_adopts_a_project_of_the_own_region_for_the_own_municipality(
    login, emsdetten_officer, project, emsdetten
):
    response = login(emsdetten_officer).post(ADOPT, {"target": "kreis-steinfurt/emsdetten"})

    copy = Project.objects.get(adopted_from=project)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}digitales-rathaus-2/"
    assert copy.adopted_by_municipality == emsdetten
    assert list(copy.fields.all()) == list(project.fields.all())  # same region: fields carried over


def test_adopting_twice_into_the_same_place_is_refused(login, duelmen_officer, project):
    client = login(duelmen_officer)
    client.post(ADOPT, {"target": "kreis-coesfeld/duelmen"})

    response = client.post(ADOPT, {"target": "kreis-coesfeld/duelmen"})

    assert response.status_code == 400
    assert "Dieses Projekt wird dort bereits nachgenutzt: „Digitales Rathaus“." in response.content.decode()
    assert Project.objects.filter(adopted_from=project).count() == 1
    assert "Dülmen (Kreis Coesfeld) – nutzt das Projekt bereits nach" in response.content.decode()


@pytest.mark.parametrize("person", ["reader", "project_lead"])
def test_people_without_the_right_may_not_adopt(login, project, person, request):
    client = login(request.getfixturevalue(person))

    assert client.get(ADOPT).status_code == 403
    assert client.post(ADOPT, {"target": "kreis-steinfurt/greven"}).status_code == 403
    assert not Project.objects.filter(adopted_from=project).exists()


def test_adoption_needs_a_login(client, project):
    assert client.post(ADOPT, {"target": "kreis-steinfurt/greven"}).status_code == 302
    assert not Project.objects.filter(adopted_from=project).exists()


@pytest.mark.parametrize(
    "target", ["kreis-steinfurt/greven", "kreis-steinfurt", "kreis-coesfeld", "gibt-es-nicht"]
)
def test_forged_places_are_refused(login, emsdetten_officer, project, greven, coesfeld, target):
    response = login(emsdetten_officer).post(ADOPT, {"target": target})

    assert response.status_code == 400
    assert "Für diese Stelle dürfen Sie das Projekt nicht nachnutzen." in response.content.decode()
    assert not Project.objects.filter(adopted_from=project).exists()


def test_draft_of_another_region_cannot_be_adopted(login, duelmen_officer, make_project, steinfurt):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    client = login(duelmen_officer)
    assert client.get(f"{BASE}geheimer-entwurf/nachnutzen/").status_code == 404
    assert (
        client.post(f"{BASE}geheimer-entwurf/nachnutzen/", {"target": "kreis-coesfeld/duelmen"}).status_code
        == 404
    )
    assert Project.objects.count() == 1


def test_project_page_offers_adoption_to_those_who_may(client, login, duelmen_officer, reader, project):
    assert "Projekt nachnutzen" in login(duelmen_officer).get(f"{BASE}digitales-rathaus/").content.decode()
    assert "Projekt nachnutzen" not in login(reader).get(f"{BASE}digitales-rathaus/").content.decode()
    assert "Projekt nachnutzen" not in client.get(f"{BASE}digitales-rathaus/").content.decode()


# The catalogue


def test_catalogue_lists_selected_projects_of_every_region(client, make_project, project, coesfeld):
    make_project(coesfeld, "LoRaWAN-Netz", status=ProjectStatus.IN_PROGRESS)
    make_project(coesfeld, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    content = client.get(CATALOGUE).content.decode()

    assert "Digitales Rathaus" in content
    assert "LoRaWAN-Netz" in content
    assert "Kreis Coesfeld" in content
    assert "Geheimer Entwurf" not in content
    assert 'href="/r/kreis-coesfeld/projekte/lorawan-netz/"' in content


def test_catalogue_searches_and_filters_by_region(client, make_project, project, coesfeld):
    make_project(coesfeld, "LoRaWAN-Netz", summary="Funknetz für Sensoren")

    def titles(**query: str) -> set[str]:
        content = client.get(CATALOGUE, query).content.decode()
        return {t for t in ("Digitales Rathaus", "LoRaWAN-Netz") if f">{t}</a>" in content}

    assert titles(q="Sensoren") == {"LoRaWAN-Netz"}
    assert titles(region="kreis-steinfurt") == {"Digitales Rathaus"}
    assert titles(region="kreis-coesfeld", q="Rathaus") == set()
    assert titles(region="gibt-es-nicht") == {"Digitales Rathaus", "LoRaWAN-Netz"}


def test_catalogue_queries_do_not_grow_with_the_number_of_projects(
    client, make_project, steinfurt_fields, coesfeld, django_assert_max_num_queries
):
    regions = [steinfurt_fields["Verwaltung"].strategy.region, coesfeld, RegionFactory()]

    def add(count: int) -> None:
        for number in range(count):
            region = regions[number % 3]
            fields = list(steinfurt_fields.values()) if region == regions[0] else []
            make_project(region, f"Projekt {Project.objects.count():03d}", fields=fields)

    add(5)
    with django_assert_max_num_queries(8) as few:
        assert client.get(CATALOGUE).status_code == 200
    add(60)
    with django_assert_max_num_queries(8) as many:
        response = client.get(CATALOGUE, {"seite": "3"})

    assert response.status_code == 200
    assert "65 Projekte" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_catalogue_needs_no_login_and_has_no_region_navigation(client, project):
    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert "Projektkatalog" in response.content.decode()
