"""Fixtures of the needs-analysis tests: a Steinfurt strategy, an open round, people in roles."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.analysis import services
from smartregion.analysis.models import AnalysisRound, Questionnaire
from smartregion.regions.models import Municipality, Region
from smartregion.regions.tests.factories import MunicipalityFactory
from smartregion.strategy import services as strategy_services
from smartregion.strategy.models import FieldOfAction

Answers = dict[tuple[int, str], int | None]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def person(region: Region, role: str, email: str, **scope: Any) -> User:
    return MembershipFactory(region=region, role=role, user=UserFactory(email=email), **scope).user


@pytest.fixture
def fields(steinfurt: Region) -> list[FieldOfAction]:
    strategy = strategy_services.create_strategy(region=steinfurt, title="#Zukunft ST")
    return [
        strategy_services.add_field(strategy=strategy, actor=None, name=name)
        for name in ("Verwaltung", "Mobilität", "Demografie")
    ]


@pytest.fixture
def rheine(steinfurt: Region) -> Municipality:
    return MunicipalityFactory(region=steinfurt, name="Rheine", slug="rheine", ags="05566076")


@pytest.fixture
def analysis_round(
    steinfurt: Region,
    fields: list[FieldOfAction],
    greven: Municipality,
    emsdetten: Municipality,
    rheine: Municipality,
    coordinator: User,
) -> AnalysisRound:
    return services.open_round(
        region=steinfurt,
        actor=coordinator,
        name="Bedarfsanalyse 2026",
        fields=fields,
        municipalities=[greven, emsdetten, rheine],
        deadline=timezone.now() + datetime.timedelta(days=14),
        questions=["Was läuft schon?"],
    )


@pytest.fixture
def emsdetten_officer(emsdetten: Municipality) -> User:
    return person(
        emsdetten.region, Role.MUNICIPAL_OFFICER, "emsdetten@steinfurt.example", municipality=emsdetten
    )


@pytest.fixture
def second_greven_officer(greven: Municipality) -> User:
    return person(greven.region, Role.MUNICIPAL_OFFICER, "zweite@greven.example", municipality=greven)


def questionnaire_of(analysis_round: AnalysisRound, municipality: Municipality) -> Questionnaire:
    return Questionnaire.objects.get(round=analysis_round, municipality=municipality)


def full_answers(analysis_round: AnalysisRound, values: dict[str, int]) -> Answers:
    """Every field and dimension answered; ``values`` by field name, the same for every dimension."""
    return {
        (field.pk, key): values.get(field.name, 3)
        for field in analysis_round.fields.all()
        for key in analysis_round.dimension_keys()
    }


@pytest.fixture
def submit() -> Callable[..., Questionnaire]:
    def _submit(
        analysis_round: AnalysisRound, municipality: Municipality, values: dict[str, int]
    ) -> Questionnaire:
        questionnaire = questionnaire_of(analysis_round, municipality)
        return services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers=full_answers(analysis_round, values),
            expected_version=questionnaire.version,
            submit=True,
        )

    return _submit
