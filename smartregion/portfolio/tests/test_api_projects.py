"""The project API: a region's list with filters, one profile, its versions, and adoption."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import adopt_project, change_project
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
LIST = f"{API}/regions/kreis-steinfurt/projects/"


def _titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


# The list


def test_list_shows_selected_projects_to_everyone_and_drafts_to_members(
    client, login, reader, make_project, steinfurt, project
):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    assert _titles(client.get(LIST)) == ["Digitales Rathaus"]
    assert _titles(login(reader).get(LIST)) == ["Digitales Rathaus", "Geheimer Entwurf"]


def test_list_item_describes_the_project(client, project):
    item = client.get(LIST).json()["items"][0]

    assert item == {
        "id": project.pk,
        "slug": "digitales-rathaus",
        "title": "Digitales Rathaus",
        "region": "kreis-steinfurt",
        "status": "potenzialprojekt",
        "status_label": "ausgewählt: Potenzialprojekt",
        "maturity": "pilot",
        "summary": "Alle Anträge online stellen.",
        "fields": [{"slug": "verwaltung", "name": "Verwaltung"}],
        "municipalities": [{"slug": "greven", "name": "Greven"}],
        "lead_organisation": "Smart Region Büro",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "url": "/r/kreis-steinfurt/projekte/digitales-rathaus/",
    }


def test_list_filters_by_field_municipality_status_and_text(
    client, make_project, steinfurt, steinfurt_fields, emsdetten, project
):
    make_project(
        steinfurt,
        "Mobilstationen",
        status=ProjectStatus.IN_PROGRESS,
        fields=[steinfurt_fields["Mobilität"]],
        municipalities=[emsdetten],
        summary="Leihräder am Bahnhof",
    )

    assert _titles(client.get(LIST, {"field": "mobilitaet"})) == ["Mobilstationen"]
    assert _titles(client.get(LIST, {"municipality": "greven"})) == ["Digitales Rathaus"]
    assert _titles(client.get(LIST, {"status": "in_umsetzung"})) == ["Mobilstationen"]
    assert _titles(client.get(LIST, {"q": "Leihräder"})) == ["Mobilstationen"]
    assert _titles(client.get(LIST, {"field": "gibt-es-nicht"})) == []


def test_list_refuses_an_unknown_status_and_an_unknown_region(client, project):
    assert client.get(LIST, {"status": "erledigt"}).status_code == 422
    response = client.get(f"{API}/regions/kreis-unbekannt/projects/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Region gibt es nicht."}


def test_list_queries_do_not_grow_with_the_number_of_projects(
    client, make_project, steinfurt, steinfurt_fields, greven, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            make_project(
                steinfurt,
                f"Projekt {Project.objects.count():03d}",
                fields=list(steinfurt_fields.values()),
                municipalities=[greven],
            )

    add(5)
    with django_assert_max_num_queries(8) as few:
        assert client.get(LIST).status_code == 200
    add(60)
    with django_assert_max_num_queries(8) as many:
        response = client.get(LIST, {"limit": "50", "offset": "10"})

    assert response.json()["count"] == 65
    assert len(response.json()["items"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


# One profile and its versions


def test_profile_has_every_part_and_only_the_links_the_viewer_may_see(
    client, login, reader, make_project, steinfurt, coesfeld, duelmen, project
):
    draft = make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)
    project.dependencies.add(draft)
    idea = Idea.objects.create(
        region=steinfurt, title="Online!", description="…", status=IdeaStatus.PUBLISHED
    )
    project.source_ideas.add(idea)
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)

    public = client.get(f"{API}/projects/{project.pk}/").json()
    internal = login(reader).get(f"{API}/projects/{project.pk}/").json()

    assert public["risks"] == "Fachverfahren ohne Schnittstelle"
    assert public["version"] == 1
    assert public["dependencies"] == []
    assert [d["title"] for d in internal["dependencies"]] == ["Geheimer Entwurf"]
    assert public["source_ideas"] == [{"id": idea.pk, "title": "Online!"}]
    assert public["adopted_from"] is None
    assert public["adoptions"] == [
        {
            "project": {"id": copy.pk, "title": "Digitales Rathaus", "region": "kreis-coesfeld", "url": None},
            "region_name": "Kreis Coesfeld",
            "municipality": {"slug": "duelmen", "name": "Dülmen"},
        }
    ]
    assert login(reader).get(f"{API}/projects/{copy.pk}/").status_code == 404
    adopted = client.get(f"{API}/projects/{copy.pk}/")
    assert adopted.status_code == 404  # a draft in Coesfeld


def test_profile_queries_do_not_grow_with_its_links(
    client, make_project, steinfurt, coesfeld, project, django_assert_max_num_queries
):
    def add_links(count: int) -> None:
        for _ in range(count):
            other = make_project(steinfurt, f"Projekt {Project.objects.count():03d}")
            project.dependencies.add(other)
            place = MunicipalityFactory(region=coesfeld)
            adopt_project(project=project, actor=None, region=coesfeld, municipality=place)

    add_links(1)
    with django_assert_max_num_queries(10) as few:
        assert client.get(f"{API}/projects/{project.pk}/").status_code == 200
    add_links(10)
    with django_assert_max_num_queries(10) as many:
        response = client.get(f"{API}/projects/{project.pk}/")

    assert len(response.json()["dependencies"]) == 11
    assert len(response.json()["adoptions"]) == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def test_draft_profile_is_404_for_the_public(client, login, reader, make_project, steinfurt):
    draft = make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    response = client.get(f"{API}/projects/{draft.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Dieses Projekt gibt es nicht, oder Sie dürfen es nicht sehen."}
    assert client.get(f"{API}/projects/{draft.pk}/versions/").status_code == 404
    assert login(reader).get(f"{API}/projects/{draft.pk}/").status_code == 200
    assert client.get(f"{API}/projects/999999/").status_code == 404


def test_versions_newest_first_with_their_content(client, coordinator, project):
    change_project(project=project, editor=coordinator, data={"goals": "Mobil."}, expected_version=1)

    items = client.get(f"{API}/projects/{project.pk}/versions/").json()["items"]

    assert [v["number"] for v in items] == [2, 1]
    assert items[0]["summary"] == "Steckbrief bearbeitet"
    assert items[0]["content"]["goals"] == "Mobil."
    assert items[1]["content"]["goals"] == "Anträge rund um die Uhr."
    assert "author" not in items[0]


# Adoption


def _adopt(client: Client, project: Project, **body: object):
    return client.post(f"{API}/projects/{project.pk}/adoptions/", body, content_type="application/json")


def test_officer_adopts_for_the_own_municipality(login, duelmen_officer, project, duelmen):
    response = _adopt(login(duelmen_officer), project, region="kreis-coesfeld", municipality="duelmen")

    copy = Project.objects.get(adopted_from=project)
    assert response.status_code == 201
    assert response.json() == {
        "id": copy.pk,
        "slug": "digitales-rathaus",
        "title": "Digitales Rathaus",
        "region": "kreis-coesfeld",
        "municipality": "duelmen",
        "url": "/r/kreis-coesfeld/projekte/digitales-rathaus/",
    }
    assert response["Location"] == "http://testserver/r/kreis-coesfeld/projekte/digitales-rathaus/"
    assert copy.adopted_by_municipality == duelmen


def test_coordinator_adopts_for_the_whole_other_region(login, coesfeld_coordinator, project, coesfeld):
    response = _adopt(login(coesfeld_coordinator), project, region="kreis-coesfeld", municipality=None)

    assert response.status_code == 201
    assert Project.objects.get(adopted_from=project).region == coesfeld


def test_adoption_needs_a_login(client, project):
    response = _adopt(client, project, region="kreis-coesfeld", municipality="duelmen")

    assert response.status_code == 401
    assert not Project.objects.filter(adopted_from=project).exists()


def test_adoption_needs_the_csrf_token_of_the_session(duelmen_officer, project, duelmen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(duelmen_officer, backend=LOGIN_BACKEND)

    response = _adopt(browser, project, region="kreis-coesfeld", municipality="duelmen")

    assert response.status_code == 403
    assert not Project.objects.filter(adopted_from=project).exists()


@pytest.mark.parametrize(
    ("person", "body"),
    [
        ("duelmen_officer", {"region": "kreis-steinfurt", "municipality": "greven"}),
        ("duelmen_officer", {"region": "kreis-coesfeld", "municipality": None}),
        ("reader", {"region": "kreis-steinfurt", "municipality": "greven"}),
        ("officer", {"region": "kreis-steinfurt", "municipality": "emsdetten"}),
    ],
)
def test_adoption_by_someone_not_allowed_is_403(
    login, project, greven, emsdetten, duelmen, person, body, request
):
    response = _adopt(login(request.getfixturevalue(person)), project, **body)

    assert response.status_code == 403
    assert response.json() == {"detail": "Sie dürfen dieses Projekt hier nicht nachnutzen."}
    assert not Project.objects.filter(adopted_from=project).exists()


def test_adopting_twice_into_the_same_place_is_409(login, duelmen_officer, project, duelmen):
    client = login(duelmen_officer)
    _adopt(client, project, region="kreis-coesfeld", municipality="duelmen")

    response = _adopt(client, project, region="kreis-coesfeld", municipality="duelmen")

    assert response.status_code == 409
    assert response.json() == {"detail": "Dieses Projekt wird dort bereits nachgenutzt: „Digitales Rathaus“."}
    assert Project.objects.filter(adopted_from=project).count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"region": "kreis-unbekannt"}, "region", "Diese Region gibt es nicht."),
        (
            {"region": "kreis-coesfeld", "municipality": "greven"},
            "municipality",
            "Diese Kommune gibt es in der gewählten Region nicht.",
        ),
        (
            {"region": "kreis-steinfurt", "municipality": None},
            "municipality",
            "Bitte wählen Sie die Kommune, die das Projekt nachnutzt.",
        ),
        ({"municipality": "duelmen"}, "region", None),
    ],
)
def test_bad_adoption_requests_are_422(login, coordinator, project, greven, coesfeld, body, field, message):
    response = _adopt(login(coordinator), project, **body)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == field
    if message:
        assert detail[0]["msg"] == message
    assert not Project.objects.filter(adopted_from=project).exists()


def test_draft_of_another_region_cannot_be_adopted(login, duelmen_officer, make_project, steinfurt, duelmen):
    draft = make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    response = _adopt(login(duelmen_officer), draft, region="kreis-coesfeld", municipality="duelmen")

    assert response.status_code == 404
    assert not Project.objects.filter(adopted_from=draft).exists()


def test_openapi_documents_the_project_endpoints(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert set(paths[f"{API}/projects/{{project_id}}/adoptions/"]["post"]["responses"]) >= {
        "201",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
    assert f"{API}/regions/{{slug}}/projects/" in paths
    assert f"{API}/projects/{{project_id}}/versions/" in paths


def test_an_api_key_adopts_another_regions_project_into_its_own_region_only(
    coesfeld_coordinator, project, coesfeld, steinfurt
):
    from smartregion.accounts import tokens

    key = tokens.create_token(
        region=coesfeld,
        actor=coesfeld_coordinator,
        name="Portal",
        write_scopes=["portfolio"],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    client, auth = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key.secret}"}

    def adopt(region: str):
        body = {"region": region, "municipality": None}
        return client.post(
            f"{API}/projects/{project.pk}/adoptions/", body, content_type="application/json", **auth
        )

    into_steinfurt = adopt("kreis-steinfurt")
    into_own = adopt("kreis-coesfeld")

    assert into_steinfurt.status_code == 403
    assert into_own.status_code == 201, into_own.content
    assert list(Project.objects.filter(adopted_from=project).values_list("region", flat=True)) == [
        coesfeld.pk
    ]
