"""With the assessment, Leitprojekt and Potenzialprojekt are reached only through a recorded decision."""

from __future__ import annotations

import datetime

import pytest

from smartregion.assessment import services
from smartregion.assessment.tests.conftest import cells, profile, rate_all
from smartregion.portfolio.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db

STATUS = "/r/kreis-steinfurt/projekte/{slug}/stand/"


@pytest.mark.parametrize("to", ["leitprojekt", "potenzialprojekt"])
def test_the_status_page_refuses_a_selection_without_a_decision(login, coordinator, steinfurt, to):
    project = profile(steinfurt, "Digitales Rathaus")

    response = login(coordinator).post(STATUS.format(slug=project.slug), {"to": to})

    assert response.status_code == 400
    assert "nur durch einen erfassten Beschluss aus einer Bewertungsrunde" in response.text
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.IN_REVIEW


def test_other_steps_stay_open(login, coordinator, steinfurt):
    project = profile(steinfurt, "Digitales Rathaus")

    response = login(coordinator).post(STATUS.format(slug=project.slug), {"to": "in_arbeit"})

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.DRAFTING


def test_a_potential_project_becomes_lead_only_by_a_lead_decision(
    login, coordinator, assessment_round, raters, committee
):
    for person in raters[:2]:
        rate_all(assessment_round, person, [(4, 4), (4, 4), (4, 4)])
    closed = services.close_round(assessment_round=assessment_round, actor=coordinator)
    candidates, _, _ = cells(closed)
    services.record_decisions(
        assessment_round=closed,
        actor=coordinator,
        outcomes={candidates[0].pk: "potenzialprojekt"},
        body="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
    )
    project = candidates[0].project

    response = login(coordinator).post(STATUS.format(slug=project.slug), {"to": "leitprojekt"})

    assert response.status_code == 400
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.POTENTIAL
    assert (
        login(coordinator).post(STATUS.format(slug=project.slug), {"to": "in_umsetzung"}).status_code == 302
    )


def test_a_region_without_the_assessment_is_not_guarded(login, coordinator, steinfurt):
    steinfurt.switched_off_modules = ["assessment"]
    steinfurt.save()
    project = profile(steinfurt, "Digitales Rathaus")

    assert login(coordinator).post(STATUS.format(slug=project.slug), {"to": "leitprojekt"}).status_code == 302


def _decide(assessment_round, raters, coordinator, outcome):
    for person in raters[:2]:
        rate_all(assessment_round, person, [(4, 4), (4, 4), (4, 4)])
    closed = services.close_round(assessment_round=assessment_round, actor=coordinator)
    candidates, _, _ = cells(closed)
    services.record_decisions(
        assessment_round=closed,
        actor=coordinator,
        outcomes={candidates[0].pk: outcome},
        body="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
    )
    return candidates[0].project


def test_an_old_decision_does_not_open_the_step_again(login, coordinator, assessment_round, raters):
    """Selected, deferred, back to "zur Bewertung": becoming a lead project needs a new decision."""
    project = _decide(assessment_round, raters, coordinator, "leitprojekt")
    client = login(coordinator)
    status = STATUS.format(slug=project.slug)
    assert client.post(status, {"to": "zurueckgestellt", "reason": "Keine Mittel"}).status_code == 302
    assert client.post(status, {"to": "in_arbeit"}).status_code == 302
    assert client.post(status, {"to": "zur_bewertung"}).status_code == 302

    response = client.post(status, {"to": "leitprojekt"})

    assert response.status_code == 400
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.IN_REVIEW


def test_a_potential_project_assessed_again_becomes_a_lead_project(
    coordinator, assessment_round, raters, steinfurt
):
    project = _decide(assessment_round, raters, coordinator, "potenzialprojekt")
    again = services.open_round(
        region=steinfurt,
        actor=coordinator,
        title="Zweite Runde",
        deadline=assessment_round.deadline,
        candidates=[project],
        raters=raters[:1],
    )
    candidate = again.candidates.get()
    relevance, feasibility = again.criteria.order_by("order")
    services.save_rating(
        assessment_round=again,
        user=raters[0],
        scores={(candidate.pk, relevance.pk): 5, (candidate.pk, feasibility.pk): 5},
        submit=True,
    )
    services.close_round(assessment_round=again, actor=coordinator)

    services.record_decisions(
        assessment_round=again,
        actor=coordinator,
        outcomes={candidate.pk: "leitprojekt"},
        body="Kreisausschuss",
        decided_on=datetime.date(2023, 3, 1),
    )

    assert Project.objects.get(pk=project.pk).status == ProjectStatus.LEAD
