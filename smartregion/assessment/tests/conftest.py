"""Fixtures of the assessment tests: three profiles "zur Bewertung" in Steinfurt, three raters
(two committee members and the Greven officer), an open round with the default criteria."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.assessment import services
from smartregion.assessment.models import AssessmentRound, Candidate, Criterion
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project
from smartregion.regions.models import Municipality, Region


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def person(region: Region, role: str, email: str, **scope: Any) -> User:
    return MembershipFactory(
        region=region, role=role, user=UserFactory(email=email, name=email.split("@")[0]), **scope
    ).user


def profile(region: Region, title: str, *, status: str = ProjectStatus.IN_REVIEW, **data: Any) -> Project:
    return create_project(region=region, actor=None, data={"title": title, **data}, status=status)


@pytest.fixture
def projects(steinfurt: Region, greven: Municipality) -> list[Project]:
    return [
        profile(steinfurt, "Digitale Mobilitätsorte"),
        profile(steinfurt, "Digitales Jugendzentrum", municipalities=[greven]),
        profile(steinfurt, "Patenship.de"),
    ]


@pytest.fixture
def committee(steinfurt: Region) -> User:
    return person(steinfurt, Role.COMMITTEE_MEMBER, "ausschuss@steinfurt.example")


@pytest.fixture
def second_committee(steinfurt: Region) -> User:
    return person(steinfurt, Role.COMMITTEE_MEMBER, "ausschuss2@steinfurt.example")


@pytest.fixture
def raters(committee: User, second_committee: User, officer: User) -> list[User]:
    return [committee, second_committee, officer]


@pytest.fixture
def assessment_round(
    steinfurt: Region, coordinator: User, projects: list[Project], raters: list[User]
) -> AssessmentRound:
    return services.open_round(
        region=steinfurt,
        actor=coordinator,
        title="Konsolidierung 2022",
        deadline=timezone.now() + datetime.timedelta(days=14),
        candidates=projects,
        raters=raters,
    )


def cells(assessment_round: AssessmentRound) -> tuple[list[Candidate], Criterion, Criterion]:
    candidates = list(assessment_round.candidates.order_by("project__title"))
    relevance, feasibility = assessment_round.criteria.order_by("order")
    return candidates, relevance, feasibility


def rate_all(
    assessment_round: AssessmentRound, user: User, values: list[tuple[int, int]], *, submit: bool = True
) -> None:
    """Rate the candidates (in title order) with (relevance, feasibility) pairs."""
    candidates, relevance, feasibility = cells(assessment_round)
    scores = {}
    for candidate, (r, f) in zip(candidates, values, strict=True):
        scores[(candidate.pk, relevance.pk)] = r
        scores[(candidate.pk, feasibility.pk)] = f
    conflicts = {c.pk: "none" for c in candidates}
    services.save_rating(
        assessment_round=assessment_round, user=user, scores=scores, conflicts=conflicts, submit=submit
    )
