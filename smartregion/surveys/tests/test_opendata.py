"""Published survey results as open data: only what the public result page shows."""

from __future__ import annotations

import pytest
from django.test import Client

from smartregion.opendata.tests.files import csv_rows, json_rows
from smartregion.surveys import services
from smartregion.surveys.models import Survey
from smartregion.surveys.tests.conftest import q, valid_answers

pytestmark = pytest.mark.django_db

KEY = "umfrageergebnisse"


def _answer(survey: Survey, times: int, *, leave_out: tuple[str, ...] = ()) -> None:
    for _ in range(times):
        answers = valid_answers(survey)
        for text in leave_out:
            answers.pop(str(q(survey, text).pk))
        services.submit_response(survey=survey, answers=answers)


def test_public_results_are_in_the_data_as_on_the_results_page(open_survey: Survey, client: Client) -> None:
    _answer(open_survey, 5)
    services.publish_results(survey=open_survey, actor=None)

    rows = json_rows(client, "kreis-steinfurt", KEY)

    age = [row for row in rows if row["frage"] == "Alter"]
    assert [(row["antwort"], row["anzahl"], row["anteil_prozent"]) for row in age] == [
        ("jung", 5, 100.0),
        ("alt", 0, 0.0),
    ]
    assert age[0]["umfrage"] == "Digitale Angebote"
    assert age[0]["frage_nr"] == 1
    assert age[0]["fragetyp"] == "Einfachauswahl"
    assert age[0]["antworten_zur_frage"] == 5
    matrix = {(row["zeile"], row["antwort"]): row["anzahl"] for row in rows if row["frage"] == "Wichtig"}
    assert matrix == {("x", "ja"): 5, ("x", "nein"): 0, ("y", "ja"): 5, ("y", "nein"): 0}
    assert {row["frage"] for row in rows} == {"Alter", "Nutzung", "Wichtig", "Rang", "Stunden"}
    assert "Mehr online." not in str(rows), "no free text, ever"


def test_a_question_with_fewer_than_five_answers_is_left_out(open_survey: Survey, client: Client) -> None:
    _answer(open_survey, 3)
    _answer(open_survey, 2, leave_out=("Nutzung",))
    services.publish_results(survey=open_survey, actor=None)

    questions = {row["frage"] for row in csv_rows(client, "kreis-steinfurt", KEY)}

    assert "Alter" in questions
    assert "Nutzung" not in questions, "3 answers: suppressed on the page, so here too"


def test_a_survey_with_fewer_than_five_answers_has_no_rows(open_survey: Survey, client: Client) -> None:
    _answer(open_survey, 4)
    services.publish_results(survey=open_survey, actor=None)

    assert json_rows(client, "kreis-steinfurt", KEY) == []


def test_results_not_made_public_are_not_in_the_data(open_survey: Survey, client: Client) -> None:
    _answer(open_survey, 6)

    assert json_rows(client, "kreis-steinfurt", KEY) == []
    assert csv_rows(client, "kreis-steinfurt", KEY) == []
