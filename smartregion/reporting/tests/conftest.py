"""Fixtures of the reporting tests: a running Steinfurt project led by the Smart Region office, a
draft, and reports generated at once (tasks run immediately)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project
from smartregion.regions.models import Organisation, Region
from smartregion.reporting.models import StatusUpdate, Traffic

D = datetime.date


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def profile(region: Region, title: str, **data: Any) -> Project:
    status = data.pop("status", ProjectStatus.IN_PROGRESS)
    return create_project(region=region, actor=None, data={"title": title, **data}, status=status)


def update(project: Project, progress: int, day: D, traffic: str = Traffic.GREEN) -> StatusUpdate:
    return StatusUpdate.objects.create(
        region_id=project.region_id,
        project=project,
        reported_on=day,
        traffic=traffic,
        progress=progress,
        text="Stand",
    )


@pytest.fixture
def project(steinfurt: Region, smart_region_office: Organisation) -> Project:
    return profile(steinfurt, "IoT für ein besseres Leben", lead_organisation=smart_region_office)


@pytest.fixture
def draft(steinfurt: Region) -> Project:
    return profile(steinfurt, "Noch geheim", status=ProjectStatus.DRAFTING)


@pytest.fixture
def project_lead(steinfurt: Region, smart_region_office: Organisation) -> User:
    return MembershipFactory(
        region=steinfurt,
        role=Role.PROJECT_LEAD,
        user=UserFactory(email="projektleitung@steinfurt.example"),
        organisation=smart_region_office,
    ).user


@pytest.fixture
def citizen(db: None) -> User:
    return UserFactory(email="buergerin@example.org")
