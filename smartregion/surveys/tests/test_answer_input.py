"""Numbers in answers are read strictly: only ASCII digits, else a German message next to the
question (form) or a 400 naming it (API), never a server error, and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from smartregion.regions.models import Region
from smartregion.surveys import services
from smartregion.surveys.answers import QuestionSpec, check_answers
from smartregion.surveys.models import Question, QuestionType, Response, Survey

pytestmark = pytest.mark.django_db

BAD = ["²", "١", "1e5", "", "--5", " 1_0 ", "9" * 40]
MESSAGES = {
    "Auswahl": "Bitte wählen Sie eine der angebotenen Antworten.",
    "Mehrfach": "Bitte wählen Sie nur angebotene Antworten.",
    "Zahl": "Bitte geben Sie eine ganze Zahl mit den Ziffern 0 bis 9 ein.",
    "Tabelle": "Bitte beantworten Sie die Zeilen mit den angebotenen Antworten.",
    "Rang": "Bitte wählen Sie nur angebotene Antworten.",
}
EMPTY = "Bitte beantworten Sie diese Frage."


@pytest.fixture
def survey(steinfurt: Region) -> Survey:
    survey = services.create_survey(
        region=steinfurt, actor=None, data={"title": "Zahlen", "privacy_notice": "Anonym."}
    )
    add = services.add_question
    add(
        survey=survey, actor=None, type=QuestionType.SINGLE, text="Auswahl", options=["a", "b"], required=True
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.MULTIPLE,
        text="Mehrfach",
        options=["a", "b"],
        required=True,
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.NUMBER,
        text="Zahl",
        min_value=-5,
        max_value=100,
        required=True,
    )
    add(
        survey=survey,
        actor=None,
        type=QuestionType.MATRIX,
        text="Tabelle",
        options=["ja", "nein"],
        rows=["x"],
        required=True,
    )
    add(
        survey=survey, actor=None, type=QuestionType.RANKING, text="Rang", options=["r1", "r2"], required=True
    )
    services.publish_survey(survey=survey, actor=None)
    return survey


def _question(survey: Survey, text: str) -> Question:
    return survey.questions.get(text=text)


def _first(question: Question, *, row: bool = False) -> int:
    return int(question.options.filter(is_row=row).order_by("pk").values_list("pk", flat=True)[0])


def _valid_api(survey: Survey) -> dict[str, Any]:
    matrix = _question(survey, "Tabelle")
    rank = _question(survey, "Rang")
    return {
        str(_question(survey, "Auswahl").pk): _first(_question(survey, "Auswahl")),
        str(_question(survey, "Mehrfach").pk): [_first(_question(survey, "Mehrfach"))],
        str(_question(survey, "Zahl").pk): "-3",
        str(matrix.pk): {str(_first(matrix, row=True)): str(_first(matrix))},
        str(rank.pk): [str(pk) for pk in rank.options.order_by("pk").values_list("pk", flat=True)],
    }


def _valid_form(survey: Survey) -> dict[str, Any]:
    matrix = _question(survey, "Tabelle")
    rank = _question(survey, "Rang")
    data: dict[str, Any] = {
        f"q{_question(survey, 'Auswahl').pk}": str(_first(_question(survey, "Auswahl"))),
        f"q{_question(survey, 'Mehrfach').pk}": [str(_first(_question(survey, "Mehrfach")))],
        f"q{_question(survey, 'Zahl').pk}": "-3",
        f"q{matrix.pk}_r{_first(matrix, row=True)}": str(_first(matrix)),
    }
    for place, option in enumerate(rank.options.order_by("pk"), start=1):
        data[f"q{rank.pk}_o{option.pk}"] = str(place)
    return data


def _spoil_form(survey: Survey, data: dict[str, Any], text: str, bad: str) -> None:
    question = _question(survey, text)
    if text == "Tabelle":
        data[f"q{question.pk}_r{_first(question, row=True)}"] = bad
    elif text == "Rang":
        for option in question.options.all():
            data[f"q{question.pk}_o{option.pk}"] = bad
    elif text == "Mehrfach":
        data[f"q{question.pk}"] = [bad]
    else:
        data[f"q{question.pk}"] = bad


def _spoil_api(survey: Survey, answers: dict[str, Any], text: str, bad: str) -> None:
    question = _question(survey, text)
    key = str(question.pk)
    if text == "Tabelle":
        row = str(_first(question, row=True))
        answers[key] = {row: bad}
    elif text in ("Rang", "Mehrfach"):
        answers[key] = [bad] * (2 if text == "Rang" else 1)
    else:
        answers[key] = bad


def test_valid_answers_with_digits_in_text_are_stored(survey: Survey, client: Client) -> None:
    url = f"/api/v1/surveys/{survey.pk}/responses/"
    response = client.post(url, json.dumps({"answers": _valid_api(survey)}), content_type="application/json")
    assert response.status_code == 201
    assert Response.objects.get().answers[f"q{_question(survey, 'Zahl').pk}"] == -3
    form = client.post(survey.get_absolute_url(), _valid_form(survey))
    assert form.status_code == 302
    assert Response.objects.count() == 2


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("text", list(MESSAGES))
def test_strange_numbers_by_api_are_400_naming_the_question(
    survey: Survey, client: Client, text: str, bad: str
) -> None:
    answers = _valid_api(survey)
    _spoil_api(survey, answers, text, bad)
    url = f"/api/v1/surveys/{survey.pk}/responses/"
    response = client.post(url, json.dumps({"answers": answers}), content_type="application/json")
    assert response.status_code == 400
    message = response.json()["questions"][str(_question(survey, text).pk)]
    assert message == (EMPTY if bad == "" and text in ("Auswahl", "Zahl") else MESSAGES[text])
    assert not Response.objects.exists()


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("text", list(MESSAGES))
def test_strange_numbers_by_form_show_a_german_error(
    survey: Survey, client: Client, text: str, bad: str
) -> None:
    data = _valid_form(survey)
    _spoil_form(survey, data, text, bad)
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGES[text] in page or EMPTY in page or "Bitte beantworten Sie alle Zeilen." in page
    assert not Response.objects.exists()


@pytest.mark.parametrize("value", ["²", "١", "٣", "1e5", "+5", "0x1", "1.0", "9" * 16, "-" * 3 + "5"])
def test_validator_takes_only_ascii_digits(value: str) -> None:
    number = QuestionSpec(id=1, type="number", text="", page=1, required=False)
    choice = QuestionSpec(id=2, type="single", text="", page=1, required=False, options=(3, 5))
    checked = check_answers([number, choice], {"1": value, "2": value})
    assert checked.answers == {}
    assert set(checked.errors) == {1, 2}


def test_validator_reads_plain_numbers_with_a_sign() -> None:
    number = QuestionSpec(id=1, type="number", text="", page=1, required=False)
    assert check_answers([number], {"1": " -15 "}).answers == {"q1": -15}
    assert check_answers([number], {"1": "9" * 15}).answers == {"q1": int("9" * 15)}
    assert check_answers([number], {"1": 12.0}).answers == {"q1": 12}
