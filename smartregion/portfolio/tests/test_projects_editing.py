"""Editing a Steckbrief (stale edits refused, nothing lost), the lifecycle, versions and comparison."""

from __future__ import annotations

import re

import pytest

from smartregion.portfolio.models import Project, ProjectStatus, ProjectVersion
from smartregion.portfolio.services.projects import change_project, transition_project
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE, form_data, state_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_assessment(steinfurt):
    """The lifecycle of a profile on its own: with the assessment module, "Leitprojekt" and
    "Potenzialprojekt" need a recorded decision (``assessment/tests/test_guard.py``)."""
    steinfurt.switched_off_modules = ["assessment"]
    steinfurt.save()


EDIT = f"{BASE}digitales-rathaus/bearbeiten/"
STATUS = f"{BASE}digitales-rathaus/stand/"
VERSIONS = f"{BASE}digitales-rathaus/fassungen/"
COMPARE = f"{BASE}digitales-rathaus/vergleich/"


# Who may edit


def test_edit_needs_a_login(client, project):
    response = client.get(EDIT)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("person", ["reader", "emsdetten_officer", "coesfeld_coordinator"])
def test_people_without_the_right_may_not_edit(login, project, person, request):
    client = login(request.getfixturevalue(person))
    before = state_of(project)

    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, form_data(project, title="Übernommen")).status_code == 403
    assert state_of(project) == before


@pytest.mark.parametrize("person", ["coordinator", "officer", "project_lead"])
def test_coordinator_officer_of_its_municipality_and_lead_of_its_organisation_may_edit(
    login, project, person, request
):
    assert login(request.getfixturevalue(person)).get(EDIT).status_code == 200


def test_draft_of_another_region_is_404_not_403(login, coesfeld_coordinator, make_project, steinfurt):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    assert login(coesfeld_coordinator).get(f"{BASE}geheimer-entwurf/bearbeiten/").status_code == 404


# Saving


def test_edit_form_carries_the_version_it_was_opened_on(login, coordinator, project):
    content = login(coordinator).get(EDIT).content.decode()

    assert '<input type="hidden" name="expected_version" value="1"' in content
    assert 'value="Digitales Rathaus"' in content
    assert 'value="Anna Beispiel"' in content


def test_saving_records_a_new_version(login, coordinator, project):
    response = login(coordinator).post(EDIT, form_data(project, goals="Alle Anträge rund um die Uhr."))

    fresh = Project.objects.get(pk=project.pk)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}digitales-rathaus/"
    assert fresh.goals == "Alle Anträge rund um die Uhr."
    assert fresh.version == 2
    assert ProjectVersion.objects.get(project=fresh, number=2).author == coordinator


def test_second_editor_is_refused_and_keeps_the_input_and_sees_the_changes(
    login, coordinator, officer, project
):
    first, second = login(coordinator), login(officer)
    opened_by_second = form_data(project)  # both open version 1
    first.post(EDIT, form_data(project, goals="Anträge rund um die Uhr, auch mobil."))
    saved_by_first = state_of(project)

    response = second.post(EDIT, {**opened_by_second, "risks": "Mein wichtiger Hinweis"})

    content = response.content.decode()
    assert response.status_code == 409
    assert state_of(project) == saved_by_first  # nothing overwritten, nothing half-saved
    assert "Ihre Änderungen wurden nicht gespeichert" in content
    assert "Mein wichtiger Hinweis</textarea>" in content  # the refused input is still there
    assert "Was sich inzwischen geändert hat" in content
    assert "<ins>Uhr, auch mobil.</ins>" in content
    assert "Sie haben mit Fassung 1 begonnen; inzwischen gilt Fassung 2." in content
    assert '<input type="hidden" name="expected_version" value="2"' in content


def test_saving_again_after_seeing_the_changes_is_accepted(login, coordinator, officer, project):
    first, second = login(coordinator), login(officer)
    opened_by_second = form_data(project)
    first.post(EDIT, form_data(project, goals="Neu vom ersten."))
    refused = second.post(EDIT, {**opened_by_second, "risks": "Vom zweiten."})
    resubmitted = {
        **opened_by_second,
        "goals": "Neu vom ersten.",
        "risks": "Vom zweiten.",
        "expected_version": 2,
    }

    response = second.post(EDIT, resubmitted)

    fresh = Project.objects.get(pk=project.pk)
    assert refused.status_code == 409
    assert response.status_code == 302
    assert (fresh.goals, fresh.risks, fresh.version) == ("Neu vom ersten.", "Vom zweiten.", 3)


def test_status_change_meanwhile_also_refuses_a_stale_edit(login, officer, coordinator, project):
    opened = form_data(project)
    transition_project(project=project, actor=coordinator, to=ProjectStatus.LEAD)

    response = login(officer).post(EDIT, {**opened, "title": "Digitales Rathaus 2.0"})

    assert response.status_code == 409
    assert Project.objects.get(pk=project.pk).title == "Digitales Rathaus"
    assert "<ins>Leitprojekt</ins>" in response.content.decode()


def test_edit_without_the_version_is_refused(login, coordinator, project):
    before = state_of(project)
    data = form_data(project, title="Ohne Fassung")
    del data["expected_version"]

    response = login(coordinator).post(EDIT, data)

    assert response.status_code == 400
    assert "Bitte laden Sie die Seite neu" in response.content.decode()
    assert state_of(project) == before


def test_end_before_start_is_refused(login, coordinator, project):
    before = state_of(project)

    response = login(coordinator).post(
        EDIT, form_data(project, start_date="2026-01-01", end_date="2025-12-31")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert 'value="2025-12-31"' in response.content.decode()
    assert state_of(project) == before


@pytest.mark.parametrize("kind", ["fields", "municipalities", "lead_organisation", "dependencies"])
def test_ids_of_another_region_are_refused(
    login, coordinator, project, coesfeld_fields, duelmen, coesfeld_agency, make_project, kind
):
    foreign = {
        "fields": [coesfeld_fields["Verwaltung"].pk],
        "municipalities": [duelmen.pk],
        "lead_organisation": coesfeld_agency.pk,
        "dependencies": [make_project(duelmen.region, "Coesfelder Projekt").pk],
    }[kind]
    before = state_of(project)

    response = login(coordinator).post(EDIT, form_data(project, **{kind: foreign}))

    assert response.status_code == 400
    assert kind in response.context["form"].errors
    assert state_of(project) == before


def test_a_project_cannot_depend_on_itself(login, coordinator, project):
    before = state_of(project)

    response = login(coordinator).post(EDIT, form_data(project, dependencies=[project.pk]))

    assert response.status_code == 400
    assert "dependencies" in response.context["form"].errors
    assert state_of(project) == before


def test_edit_form_offers_the_other_projects_of_the_region_only(
    login, coordinator, project, make_project, steinfurt, coesfeld
):
    make_project(steinfurt, "Glasfaser für alle")
    make_project(coesfeld, "Coesfelder Projekt")

    content = login(coordinator).get(EDIT).content.decode()
    dependencies = content[content.index("Abhängig von anderen Projekten") :]

    assert "Glasfaser für alle" in dependencies
    assert "Coesfelder Projekt" not in dependencies
    assert ">Digitales Rathaus</label>" not in dependencies


# The lifecycle


def test_coordinator_moves_a_project_along_the_whole_lifecycle(login, coordinator, make_project, steinfurt):
    make_project(steinfurt, "Digitales Rathaus", status=ProjectStatus.IDEA)
    client = login(coordinator)
    path = ("in_arbeit", "zur_bewertung", "leitprojekt", "in_umsetzung", "abgeschlossen")

    for status in path:
        assert client.post(STATUS, {"to": status}).status_code == 302

    project = Project.objects.get()
    assert project.status == ProjectStatus.COMPLETED
    assert project.version == 6
    content = client.get(f"{BASE}digitales-rathaus/").content.decode()
    assert "Der Stand ist jetzt „abgeschlossen“." in content
    assert "Stand ändern" not in content


def test_a_step_that_is_not_allowed_is_refused(login, coordinator, project):
    before = state_of(project)

    response = login(coordinator).post(STATUS, {"to": "abgeschlossen"})

    assert response.status_code == 400
    content = response.content.decode()
    assert (
        "Von „ausgewählt: Potenzialprojekt“ kann ein Projekt nicht nach „abgeschlossen“ wechseln." in content
    )
    assert state_of(project) == before


@pytest.mark.parametrize("to", ["gibt-es-nicht", "", "<script>"])
def test_an_unknown_status_is_refused(login, coordinator, project, to):
    before = state_of(project)

    response = login(coordinator).post(STATUS, {"to": to})

    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert state_of(project) == before


@pytest.mark.parametrize("to", ["zurueckgestellt", "verworfen"])
def test_deferring_and_discarding_need_a_reason(login, coordinator, project, to):
    before = state_of(project)

    response = login(coordinator).post(STATUS, {"to": to, "reason": "   "})

    assert response.status_code == 400
    assert "Bitte begründen Sie" in response.content.decode()
    assert state_of(project) == before


def test_deferring_with_a_reason_shows_it_on_the_page(client, login, coordinator, project):
    response = login(coordinator).post(
        STATUS, {"to": "zurueckgestellt", "reason": "Kein Geld im Haushalt 2025"}
    )

    fresh = Project.objects.get(pk=project.pk)
    assert response.status_code == 302
    assert (fresh.status, fresh.status_reason) == (ProjectStatus.DEFERRED, "Kein Geld im Haushalt 2025")
    content = login(coordinator).get(f"{BASE}digitales-rathaus/").content.decode()
    assert "Kein Geld im Haushalt 2025" in content
    assert "Auf „Steckbrief in Arbeit“ setzen" in content
    assert client.get(f"{BASE}digitales-rathaus/").status_code == 404  # no longer public


def test_refused_reason_form_keeps_the_other_forms_and_has_no_duplicate_ids(login, coordinator, project):
    response = login(coordinator).post(STATUS, {"to": "verworfen", "reason": ""})

    content = response.content.decode()
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids))
    assert 'id="stand-zurueckgestellt-reason"' in content
    assert "Bitte begründen Sie" in content


@pytest.mark.parametrize("person", ["officer", "reader", "project_lead"])
def test_only_coordinators_change_the_status(login, project, person, request):
    before = state_of(project)

    response = login(request.getfixturevalue(person)).post(STATUS, {"to": "leitprojekt"})

    assert response.status_code == 403
    assert state_of(project) == before


def test_status_change_needs_post_and_login(client, login, coordinator, project):
    assert client.post(STATUS, {"to": "leitprojekt"}).status_code == 302
    assert login(coordinator).get(STATUS).status_code == 405
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.POTENTIAL


# Versions and comparison


def _three_versions(project: Project, editor) -> None:
    change_project(project=project, editor=editor, data={"goals": "Anträge mobil."}, expected_version=1)
    transition_project(project=project, actor=editor, to=ProjectStatus.LEAD)


def test_versions_list_every_change_newest_first(client, login, coordinator, project):
    _three_versions(project, coordinator)

    public = client.get(VERSIONS).content.decode()
    internal = login(coordinator).get(VERSIONS).content.decode()

    assert public.index("Stand: ausgewählt: Potenzialprojekt → ausgewählt: Leitprojekt") < public.index(
        "Steckbrief bearbeitet"
    )
    assert "Steckbrief angelegt" in public
    assert f"{COMPARE}?von=2&amp;bis=3" in public
    assert "koordination@steinfurt.example" not in public  # who edited: members only
    assert str(coordinator) in internal


def test_any_two_versions_can_be_compared(client, coordinator, project):
    _three_versions(project, coordinator)

    response = client.get(COMPARE, {"von": "3", "bis": "1"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Zwischen Fassung 1 und Fassung 3 haben sich 2 Teile des Steckbriefs geändert." in content
    assert "<del>rund um die Uhr.</del>" in content
    assert "<ins>mobil.</ins>" in content
    assert "<ins>Leitprojekt</ins>" in content


def test_compare_without_parameters_shows_the_latest_change(client, coordinator, project):
    _three_versions(project, coordinator)

    content = client.get(COMPARE).content.decode()

    assert "Zwischen Fassung 2 und Fassung 3 hat sich 1 Teil des Steckbriefs geändert." in content


def test_comparing_a_version_with_itself_says_they_match(client, project):
    assert "stimmen überein" in client.get(COMPARE, {"von": "1", "bis": "1"}).content.decode()


@pytest.mark.parametrize(
    ("query", "status"),
    [({"von": "1", "bis": "9"}, 404), ({"von": "x", "bis": "1"}, 400), ({"von": "0"}, 400)],
)
def test_bad_comparison_requests_are_answered_with_a_message(client, project, query, status):
    response = client.get(COMPARE, query)

    assert response.status_code == status
    if status == 404:
        assert "Es gibt die Fassungen 1 bis 1." in response.content.decode()


def test_versions_of_a_draft_are_hidden_from_the_public(client, login, reader, make_project, steinfurt):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)

    for page in ("fassungen/", "vergleich/?von=1&bis=1"):
        assert client.get(f"{BASE}geheimer-entwurf/{page}").status_code == 404
        assert login(reader).get(f"{BASE}geheimer-entwurf/{page}").status_code == 200


def test_versions_list_is_paginated_with_bounded_queries(
    client, coordinator, project, django_assert_max_num_queries
):
    def add_versions(count: int) -> None:
        for _ in range(count):
            version = Project.objects.get(pk=project.pk).version
            change_project(
                project=project,
                editor=coordinator,
                data={"goals": f"Ziel {version}"},
                expected_version=version,
            )

    add_versions(4)
    with django_assert_max_num_queries(12) as few:
        assert client.get(VERSIONS).status_code == 200
    add_versions(60)
    with django_assert_max_num_queries(12) as many:
        response = client.get(VERSIONS, {"seite": "2"})

    assert response.status_code == 200
    assert "Seite 2 von 2" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
