"""Fixtures of the surveys tests: a Steinfurt survey with one question of each kind."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from smartregion.regions.models import Region
from smartregion.surveys import services
from smartregion.surveys.models import Question, QuestionType, Survey


@pytest.fixture(autouse=True)
def _count_answers_at_once(settings: Any) -> None:
    """Answers are counted by a background task; here it runs as soon as an answer queues it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def open_survey(steinfurt: Region, greven: Any) -> Survey:
    now = timezone.now()
    survey = services.create_survey(
        region=steinfurt,
        actor=None,
        data={
            "title": "Digitale Angebote",
            "privacy_notice": "Anonym.",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=10),
        },
    )
    add = services.add_question
    add(
        survey=survey,
        actor=None,
        type=QuestionType.SINGLE,
        text="Alter",
        options=["jung", "alt"],
        required=True,
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.MULTIPLE,
        text="Nutzung",
        options=["a", "b", "c"],
        max_choices=2,
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.MATRIX,
        text="Wichtig",
        options=["ja", "nein"],
        rows=["x", "y"],
    )
    add(survey=survey, actor=None, type=QuestionType.RANKING, text="Rang", options=["r1", "r2", "r3"], page=2)
    add(
        survey=survey,
        actor=None,
        type=QuestionType.NUMBER,
        text="Stunden",
        min_value=0,
        max_value=100,
        page=2,
    )
    add(survey=survey, actor=None, type=QuestionType.LONG_TEXT, text="Wünsche", page=2)
    services.publish_survey(survey=survey, actor=None)
    return survey


def q(survey: Survey, text: str) -> Question:
    return survey.questions.get(text=text)


def opt(survey: Survey, text: str, label: str) -> int:
    return int(q(survey, text).options.get(label=label).pk)


def valid_answers(survey: Survey) -> dict[str, Any]:
    matrix = q(survey, "Wichtig")
    rows = {str(o.pk): opt(survey, "Wichtig", "ja") for o in matrix.options.filter(is_row=True)}
    rank = [o.pk for o in q(survey, "Rang").options.all()]
    return {
        str(q(survey, "Alter").pk): opt(survey, "Alter", "jung"),
        str(q(survey, "Nutzung").pk): [opt(survey, "Nutzung", "a")],
        str(matrix.pk): rows,
        str(q(survey, "Rang").pk): rank,
        str(q(survey, "Stunden").pk): 12,
        str(q(survey, "Wünsche").pk): "Mehr online.",
    }
