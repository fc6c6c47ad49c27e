"""Shared set-up of the project tests (no tests here): strategies, a full Steckbrief, people in roles.

The test modules import it with ``from smartregion.portfolio.tests.test_projects_setup import *``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.portfolio.models import Maturity, Project, ProjectStatus, ProjectVersion
from smartregion.portfolio.services.projects import create_project
from smartregion.portfolio.snapshots import snapshot_of
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy import services as strategy_services
from smartregion.strategy.models import FieldOfAction

__all__ = [
    "BASE",
    "MakeProject",
    "_coordinators_without_mfa",
    "coesfeld_fields",
    "duelmen_officer",
    "emsdetten_officer",
    "form_data",
    "make_project",
    "member",
    "project",
    "project_lead",
    "state_of",
    "steinfurt_fields",
]

BASE = "/r/kreis-steinfurt/projekte/"
MakeProject = Callable[..., Project]


@pytest.fixture(autouse=True)
def _coordinators_without_mfa(settings: Any) -> None:
    """Two-factor set-up is the accounts app's concern; these tests act as coordinators directly."""
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def member(region: Region, role: str, email: str, **scope: Any) -> User:
    return MembershipFactory(region=region, role=role, user=UserFactory(email=email), **scope).user


@pytest.fixture
def steinfurt_fields(steinfurt: Region) -> dict[str, FieldOfAction]:
    strategy = strategy_services.create_strategy(region=steinfurt, title="#Zukunft ST")
    return {
        name: strategy_services.add_field(strategy=strategy, actor=None, name=name)
        for name in ("Verwaltung", "Mobilität")
    }


@pytest.fixture
def coesfeld_fields(coesfeld: Region) -> dict[str, FieldOfAction]:
    strategy = strategy_services.create_strategy(region=coesfeld, title="Coesfeld 12.0")
    return {"Verwaltung": strategy_services.add_field(strategy=strategy, actor=None, name="Verwaltung")}


@pytest.fixture
def make_project(db: None) -> MakeProject:
    def _make(region: Region, title: str, status: str = ProjectStatus.POTENTIAL, **data: Any) -> Project:
        return create_project(region=region, actor=None, data={"title": title, **data}, status=status)

    return _make


@pytest.fixture
def project(
    make_project: MakeProject,
    steinfurt: Region,
    steinfurt_fields: dict[str, FieldOfAction],
    greven: Municipality,
    smart_region_office: Organisation,
) -> Project:
    """Kreis Steinfurt's „Digitales Rathaus“: selected (public), every part of the Steckbrief filled."""
    return make_project(
        steinfurt,
        "Digitales Rathaus",
        summary="Alle Anträge online stellen.",
        starting_point="Viele Wege führen ins Rathaus.",
        goals="Anträge rund um die Uhr.",
        measures="Onlinedienste einführen.",
        target_groups="Bürgerinnen und Bürger",
        fields=[steinfurt_fields["Verwaltung"]],
        municipalities=[greven],
        lead_organisation=smart_region_office,
        lead_person="Anna Beispiel",
        partners="Kommunales Rechenzentrum",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        indicators="Anteil digitaler Anträge",
        risks="Fachverfahren ohne Schnittstelle",
        maturity=Maturity.PILOT,
    )


@pytest.fixture
def project_lead(steinfurt: Region, smart_region_office: Organisation) -> User:
    return member(steinfurt, Role.PROJECT_LEAD, "projekt@steinfurt.example", organisation=smart_region_office)


@pytest.fixture
def emsdetten_officer(emsdetten: Municipality) -> User:
    return member(
        emsdetten.region, Role.MUNICIPAL_OFFICER, "emsdetten@steinfurt.example", municipality=emsdetten
    )


@pytest.fixture
def duelmen_officer(duelmen: Municipality) -> User:
    return member(duelmen.region, Role.MUNICIPAL_OFFICER, "duelmen@coesfeld.example", municipality=duelmen)


def form_data(project: Project, **changes: Any) -> dict[str, Any]:
    """The edit form as the browser sends it for the saved profile, with ``changes`` applied."""
    data: dict[str, Any] = {
        "title": project.title,
        "summary": project.summary,
        "starting_point": project.starting_point,
        "goals": project.goals,
        "measures": project.measures,
        "target_groups": project.target_groups,
        "fields": [f.pk for f in project.fields.all()],
        "maturity": project.maturity,
        "dependencies": [d.pk for d in project.dependencies.all()],
        "municipalities": [m.pk for m in project.municipalities.all()],
        "lead_organisation": project.lead_organisation_id or "",
        "lead_person": project.lead_person,
        "partners": project.partners,
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "end_date": project.end_date.isoformat() if project.end_date else "",
        "indicators": project.indicators,
        "risks": project.risks,
        "expected_version": project.version,
    }
    data.update(changes)
    return data


def state_of(project: Project) -> dict[str, Any]:
    """Everything an edit could touch, to show that refused input changed nothing."""
    fresh = Project.objects.get(pk=project.pk)
    return {
        "profile": snapshot_of(fresh),
        "version": fresh.version,
        "status_reason": fresh.status_reason,
        "versions": list(ProjectVersion.objects.filter(project=fresh).values_list("number", flat=True)),
        "projects": Project.objects.count(),
    }
