"""Project list, project page and new Steckbrief: visibility, filters, bounded queries, bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest

from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import adopt_project
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _ids(content: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', content)


def _create_data(**changes: Any) -> dict[str, Any]:
    data = {"title": "Smarte Mülleimer", "maturity": "idee"}
    data.update(changes)
    return data


# The list


def test_list_shows_selected_projects_to_everyone_and_drafts_to_members(
    client, login, reader, make_project, steinfurt, project
):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    public = client.get(BASE).content.decode()
    internal = login(reader).get(BASE).content.decode()

    assert "Digitales Rathaus" in public
    assert "Geheimer Entwurf" not in public
    assert "Geheimer Entwurf" in internal
    assert "Steckbrief in Arbeit" in internal


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

    def titles(**query: str) -> set[str]:
        content = client.get(BASE, query).content.decode()
        return {title for title in ("Digitales Rathaus", "Mobilstationen") if title in content}

    assert titles() == {"Digitales Rathaus", "Mobilstationen"}
    assert titles(field="mobilitaet") == {"Mobilstationen"}
    assert titles(municipality="greven") == {"Digitales Rathaus"}
    assert titles(status="in_umsetzung") == {"Mobilstationen"}
    assert titles(q="Leihräder") == {"Mobilstationen"}


def test_list_shows_an_unknown_filter_value_as_error_and_ignores_it(client, project):
    response = client.get(BASE, {"field": "gibt-es-nicht"})

    assert response.status_code == 200
    assert "Digitales Rathaus" in response.content.decode()
    assert "keine gültige Auswahl" in response.content.decode()


def test_public_cannot_filter_by_statuses_that_are_not_public(client, make_project, steinfurt, project):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    content = client.get(BASE, {"status": "in_arbeit"}).content.decode()

    assert "Geheimer Entwurf" not in content
    assert 'value="in_arbeit"' not in content


def test_list_paginates_and_keeps_the_filters_in_the_page_links(client, make_project, steinfurt, greven):
    for number in range(25):
        make_project(steinfurt, f"Projekt {number:02d}", municipalities=[greven])

    content = client.get(BASE, {"municipality": "greven"}).content.decode()
    second = client.get(BASE, {"municipality": "greven", "seite": "2"}).content.decode()

    assert "25 Projekte" in content
    assert "Seite 1 von 2" in content
    assert 'href="?municipality=greven&amp;seite=2"' in content
    assert "Projekt 24" in second
    assert "Projekt 00" not in second


def _many_projects(make_project, region, fields, municipalities, count: int) -> None:
    for number in range(count):
        make_project(
            region,
            f"Projekt {number:03d}",
            fields=list(fields),
            municipalities=list(municipalities),
            lead_organisation=OrganisationFactory(region=region),
        )


@pytest.mark.parametrize("as_member", [False, True])
def test_list_queries_do_not_grow_with_the_number_of_projects(
    client,
    login,
    reader,
    make_project,
    steinfurt,
    steinfurt_fields,
    greven,
    emsdetten,
    as_member,
    django_assert_max_num_queries,
):
    viewer = login(reader) if as_member else client
    fields, places = steinfurt_fields.values(), (greven, emsdetten)
    _many_projects(make_project, steinfurt, fields, places, 5)
    with django_assert_max_num_queries(14) as few:
        assert viewer.get(BASE).status_code == 200
    _many_projects(make_project, steinfurt, fields, places, 60)
    with django_assert_max_num_queries(14) as many:
        response = viewer.get(BASE, {"seite": "2"})

    assert response.status_code == 200
    assert "65 Projekte" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


# A project's page


def test_page_shows_every_filled_part_of_the_steckbrief(client, project):
    response = client.get(f"{BASE}digitales-rathaus/")

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Digitales Rathaus",
        "ausgewählt: Potenzialprojekt",
        "Alle Anträge online stellen.",
        "Viele Wege führen ins Rathaus.",
        "Anträge rund um die Uhr.",
        "Onlinedienste einführen.",
        "Bürgerinnen und Bürger",
        "Verwaltung",
        "Greven",
        "Smart Region Büro",
        "Anna Beispiel",
        "Kommunales Rechenzentrum",
        "01.01.2025 – 31.12.2026",
        "Anteil digitaler Anträge",
        "Fachverfahren ohne Schnittstelle",
        "Pilot läuft",
        "/r/kreis-steinfurt/projekte/digitales-rathaus/fassungen/",
    ):
        assert text in content, text
    assert "Steckbrief bearbeiten" not in content
    assert "Stand ändern" not in content
    assert "Projekt nachnutzen" not in content


def test_page_leaves_out_empty_parts(client, make_project, steinfurt):
    make_project(steinfurt, "Nur ein Titel")

    content = client.get(f"{BASE}nur-ein-titel/").content.decode()

    for heading in ("Ausgangslage", "Risiken", "Abhängig von", "Hervorgegangen aus", "Wird nachgenutzt von"):
        assert f">{heading}</h2>" not in content, heading


def test_draft_is_seen_by_members_only(client, login, reader, coesfeld_coordinator, make_project, steinfurt):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)
    url = f"{BASE}geheimer-entwurf/"

    assert client.get(url).status_code == 404
    assert login(coesfeld_coordinator).get(url).status_code == 404
    response = login(reader).get(url)
    assert response.status_code == 200
    assert "nur für Mitglieder der Region sichtbar" in response.content.decode()


def test_project_of_another_region_is_404_under_this_region(client, make_project, coesfeld):
    make_project(coesfeld, "Coesfelder Projekt")

    assert client.get(f"{BASE}coesfelder-projekt/").status_code == 404
    assert client.get("/r/kreis-coesfeld/projekte/coesfelder-projekt/").status_code == 200


def test_coordinator_sees_allowed_steps_with_reason_fields_and_no_duplicate_ids(login, coordinator, project):
    content = login(coordinator).get(f"{BASE}digitales-rathaus/").content.decode()

    # A step another module guards is not offered; its reason is shown instead.
    assert "Auf „ausgewählt: Leitprojekt“ setzen" not in content
    assert "nur durch einen erfassten Beschluss aus einer Bewertungsrunde" in content
    assert "Auf „in Umsetzung“ setzen" in content
    assert "Auf „abgeschlossen“ setzen" not in content
    assert 'for="stand-zurueckgestellt-reason">Warum wird das Projekt zurückgestellt?' in content
    assert 'for="stand-verworfen-reason">Warum wird das Projekt verworfen?' in content
    assert "Steckbrief bearbeiten" in content
    ids = _ids(content)
    assert len(ids) == len(set(ids))


def test_officer_of_a_project_municipality_may_edit_but_not_change_the_status(login, officer, project):
    content = login(officer).get(f"{BASE}digitales-rathaus/").content.decode()

    assert "Steckbrief bearbeiten" in content
    assert "Stand ändern" not in content


def test_page_links_the_ideas_the_original_and_the_reuses(
    client, login, project, coesfeld, duelmen, make_project, steinfurt
):
    idea = Idea.objects.create(
        region=steinfurt, title="Anträge online", description="Bitte!", status=IdeaStatus.PUBLISHED
    )
    hidden = Idea.objects.create(
        region=steinfurt, title="Noch ungeprüft", description="?", status=IdeaStatus.SUBMITTED
    )
    project.source_ideas.add(idea, hidden)
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)
    copy.status = ProjectStatus.POTENTIAL
    copy.save()

    original = client.get(f"{BASE}digitales-rathaus/").content.decode()
    adopted = client.get(copy.get_absolute_url()).content.decode()

    assert f'href="/r/kreis-steinfurt/ideen/{idea.pk}/">Anträge online</a>' in original
    assert "Noch ungeprüft" not in original
    assert "Wird nachgenutzt von" in original
    assert f'href="{copy.get_absolute_url()}">Dülmen (Kreis Coesfeld)</a>' in original
    assert "Nachnutzung von" in adopted
    assert 'href="/r/kreis-steinfurt/projekte/digitales-rathaus/">„Digitales Rathaus“</a>' in adopted


def test_reuse_that_is_not_public_is_named_but_not_linked(client, project, coesfeld, duelmen):
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)

    content = client.get(f"{BASE}digitales-rathaus/").content.decode()

    assert "Dülmen (Kreis Coesfeld)" in content
    assert copy.get_absolute_url() not in content


def test_dependencies_on_drafts_are_hidden_from_the_public(
    client, login, reader, make_project, steinfurt, project
):
    draft = make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)
    make_project(steinfurt, "Abhängiges Projekt", dependencies=[project, draft])

    public = client.get(f"{BASE}abhaengiges-projekt/").content.decode()
    internal = login(reader).get(f"{BASE}abhaengiges-projekt/").content.decode()

    assert "Digitales Rathaus" in public
    assert "Geheimer Entwurf" not in public
    assert "Geheimer Entwurf" in internal


# The profile page's own queries and 7 for the parts the roadmap adds (milestones, personnel, financing).
PAGE_QUERIES = 18


def test_page_queries_do_not_grow_with_its_links(
    client, login, coordinator, project, make_project, steinfurt, coesfeld, django_assert_max_num_queries
):
    def add_links(count: int) -> None:
        for _ in range(count):
            project.dependencies.add(make_project(steinfurt, f"Vorläufer {Project.objects.count()}"))
            place = MunicipalityFactory(region=coesfeld)
            adopt_project(project=project, actor=None, region=coesfeld, municipality=place)

    for viewer in (client, login(coordinator)):
        add_links(1)
        with django_assert_max_num_queries(PAGE_QUERIES) as few:
            assert viewer.get(f"{BASE}digitales-rathaus/").status_code == 200
        add_links(10)
        with django_assert_max_num_queries(PAGE_QUERIES) as many:
            assert viewer.get(f"{BASE}digitales-rathaus/").status_code == 200
        assert len(many.captured_queries) == len(few.captured_queries)


# A new Steckbrief


def test_new_steckbrief_needs_a_login_and_the_permission(client, login, reader, steinfurt):
    url = f"{BASE}neu/"

    assert client.get(url).status_code == 302
    assert login(reader).get(url).status_code == 403
    assert login(reader).post(url, _create_data()).status_code == 403
    assert not Project.objects.exists()


def test_list_offers_a_new_steckbrief_to_those_who_may_add(client, login, officer, reader, steinfurt):
    assert "Neuer Steckbrief" in login(officer).get(BASE).content.decode()
    assert "Neuer Steckbrief" not in login(reader).get(BASE).content.decode()
    assert "Neuer Steckbrief" not in client.get(BASE).content.decode()


def test_officer_creates_a_steckbrief_as_first_version(
    login, officer, steinfurt_fields, greven, smart_region_office
):
    data = _create_data(
        summary="Füllstand melden",
        fields=[steinfurt_fields["Verwaltung"].pk],
        municipalities=[greven.pk],
        lead_organisation=smart_region_office.pk,
        start_date="2025-03-01",
        end_date="2025-12-31",
    )

    response = login(officer).post(f"{BASE}neu/", data)

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}smarte-muelleimer/"
    assert project.status == ProjectStatus.IDEA
    assert (str(project.start_date), str(project.end_date)) == ("2025-03-01", "2025-12-31")
    assert list(project.municipalities.all()) == [greven]
    assert project.lead_organisation == smart_region_office
    assert project.versions.count() == 1


def test_new_steckbrief_form_groups_choices_in_fieldsets(login, officer, steinfurt_fields, greven):
    content = login(officer).get(f"{BASE}neu/").content.decode()

    assert '<legend class="kern-label">Handlungsfelder' in content
    assert '<legend class="kern-label">Wo (Kommunen)' in content
    assert 'for="id_fields_0">Verwaltung</label>' in content
    ids = _ids(content)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": "2025-06-01", "end_date": "2025-05-31"},
            "end_date",
            "Ende darf nicht vor dem Beginn",
        ),
        ({"title": "   "}, "title", "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_new_steckbrief_with_bad_input_is_refused(login, officer, steinfurt, changes, field, message):
    response = login(officer).post(f"{BASE}neu/", _create_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Project.objects.exists()


@pytest.mark.parametrize("kind", ["fields", "municipalities", "lead_organisation", "dependencies"])
def test_new_steckbrief_refuses_ids_of_another_region(
    login, officer, steinfurt, steinfurt_fields, coesfeld_fields, duelmen, coesfeld_agency, make_project, kind
):
    foreign = {
        "fields": coesfeld_fields["Verwaltung"].pk,
        "municipalities": duelmen.pk,
        "lead_organisation": coesfeld_agency.pk,
        "dependencies": make_project(duelmen.region, "Coesfelder Projekt").pk,
    }[kind]
    before = Project.objects.count()

    response = login(officer).post(f"{BASE}neu/", _create_data(**{kind: foreign}))

    assert response.status_code == 400
    assert kind in response.context["form"].errors
    assert "dieser Region" in response.content.decode()
    assert Project.objects.count() == before


def test_same_title_gets_its_own_address(login, officer, steinfurt):
    client = login(officer)
    client.post(f"{BASE}neu/", _create_data())
    response = client.post(f"{BASE}neu/", _create_data())

    assert response["Location"] == f"{BASE}smarte-muelleimer-2/"


def test_municipality_of_same_name_in_another_region_is_not_offered(login, officer, greven, coesfeld):
    MunicipalityFactory(region=coesfeld, name="Greven-Ost")

    content = login(officer).get(f"{BASE}neu/").content.decode()

    assert ">Greven</label>" in content
    assert "Greven-Ost" not in content
