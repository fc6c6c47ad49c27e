"""Fixtures of the roadmap tests: a Steinfurt project running 2025–2027 led by the Smart Region
office, a second project, a funding programme, and the people who plan or only read."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project
from smartregion.regions.models import Organisation, Region
from smartregion.regions.tests.factories import OrganisationFactory
from smartregion.roadmap.models import FundingProgramme, Milestone, MilestoneStatus
from smartregion.roadmap.services import milestones

D = datetime.date


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def person(region: Region, role: str, email: str, **scope: Any) -> User:
    return MembershipFactory(region=region, role=role, user=UserFactory(email=email), **scope).user


def profile(region: Region, title: str, **data: Any) -> Project:
    status = data.pop("status", ProjectStatus.IN_PROGRESS)
    return create_project(region=region, actor=None, data={"title": title, **data}, status=status)


def step(project: Project, title: str, start: D, end: D, **data: Any) -> Milestone:
    return milestones.save_milestone(
        project=project,
        actor=None,
        data={
            "kind": "phase",
            "title": title,
            "start": start,
            "end": end,
            "status": MilestoneStatus.PLANNED,
            "responsible_organisation": None,
            "responsible_person": "",
            "deliverable": "",
            "depends_on": [],
            **data,
        },
    )


@pytest.fixture
def project(steinfurt: Region, smart_region_office: Organisation) -> Project:
    return profile(
        steinfurt,
        "IoT für ein besseres Leben",
        lead_organisation=smart_region_office,
        start_date=D(2025, 1, 1),
        end_date=D(2027, 12, 31),
    )


@pytest.fixture
def other_project(steinfurt: Region) -> Project:
    return profile(steinfurt, "Digitale Mobilitätsorte")


@pytest.fixture
def university(steinfurt: Region) -> Organisation:
    return OrganisationFactory(region=steinfurt, name="FH Münster", slug="fh-muenster")


@pytest.fixture
def programme(steinfurt: Region) -> FundingProgramme:
    return FundingProgramme.objects.create(
        name="Smart Cities – Made in Germany",
        funder="Bund",
        funding_rate=Decimal(65),
        keywords="IoT, Datenplattform",
        added_by_region=steinfurt,
    )


@pytest.fixture
def project_lead(steinfurt: Region, smart_region_office: Organisation) -> User:
    return person(
        steinfurt, Role.PROJECT_LEAD, "projektleitung@steinfurt.example", organisation=smart_region_office
    )
