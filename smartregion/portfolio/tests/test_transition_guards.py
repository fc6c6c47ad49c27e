"""Another module can guard a step of the lifecycle (``Module.transition_guards``); the step is
then refused with the module's German reason, and the status change is announced as an event."""

from __future__ import annotations

from unittest import mock

import pytest

from smartregion.core import modules
from smartregion.core.models import AuditEvent
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE, state_of

pytestmark = pytest.mark.django_db

STATUS = f"{BASE}digitales-rathaus/stand/"


def only_through_a_decision(project, to, actor):
    if not project.title.endswith("(beschlossen)"):
        return "Leitprojekt wird ein Projekt nur durch einen erfassten Beschluss."
    return None


GUARDING = modules.Module(
    key="guarding_example",
    label="Beispiel einer Prüfung",
    transition_guards=(
        modules.TransitionGuard(
            model="portfolio.project",
            guard=f"{__name__}.only_through_a_decision",
            to=(ProjectStatus.LEAD,),
        ),
    ),
)


@pytest.fixture
def with_example_guard(steinfurt):
    """Only the example guard: the assessment module, which guards the same steps, is switched off."""
    steinfurt.switched_off_modules = ["assessment"]
    steinfurt.save()
    with mock.patch.object(modules, "modules", return_value=(*modules.modules(), GUARDING)):
        yield


def test_a_guarded_step_is_refused_in_german_and_changes_nothing(
    login, coordinator, make_project, steinfurt, with_example_guard
):
    project = make_project(steinfurt, "Digitales Rathaus", status=ProjectStatus.IN_REVIEW)
    before = state_of(project)

    response = login(coordinator).post(STATUS, {"to": "leitprojekt"})

    assert response.status_code == 400
    assert "Leitprojekt wird ein Projekt nur durch einen erfassten Beschluss." in response.text
    assert state_of(project) == before
    assert not AuditEvent.objects.filter(action="project.status_changed").exists()


def test_other_steps_and_allowed_ones_go_through(
    login, coordinator, make_project, steinfurt, with_example_guard
):
    make_project(steinfurt, "Digitales Rathaus", status=ProjectStatus.IN_REVIEW)
    client = login(coordinator)

    assert client.post(STATUS, {"to": "potenzialprojekt"}).status_code == 302
    Project.objects.filter(slug="digitales-rathaus").update(title="Digitales Rathaus (beschlossen)")
    assert client.post(STATUS, {"to": "leitprojekt"}).status_code == 302

    assert Project.objects.get(slug="digitales-rathaus").status == ProjectStatus.LEAD
    changes = AuditEvent.objects.filter(action="project.status_changed").order_by("pk")
    assert [e.details for e in changes] == [
        {"from": "zur_bewertung", "to": "potenzialprojekt"},
        {"from": "potenzialprojekt", "to": "leitprojekt"},
    ]


def test_a_region_without_the_guarding_module_is_not_guarded(
    login, coordinator, make_project, steinfurt, with_example_guard
):
    steinfurt.switched_off_modules = ["assessment", "guarding_example"]
    steinfurt.save()
    make_project(steinfurt, "Digitales Rathaus", status=ProjectStatus.IN_REVIEW)

    assert login(coordinator).post(STATUS, {"to": "leitprojekt"}).status_code == 302
