"""Free texts are released only by a decision, and a question is deleted only after confirming."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from smartregion.surveys import services
from smartregion.surveys.models import Question, QuestionType, Survey, TextAnswer, TextAnswerStatus
from smartregion.surveys.tests.conftest import valid_answers

pytestmark = pytest.mark.django_db


def _url(survey: Survey, name: str, **kwargs: Any) -> str:
    return reverse(
        f"surveys:{name}", kwargs={"region_slug": survey.region.slug, "survey_id": survey.pk, **kwargs}
    )


@pytest.fixture
def text_answer(open_survey: Survey) -> TextAnswer:
    services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    services.refresh_tallies(survey=open_survey)
    return TextAnswer.objects.get(question__survey=open_survey)


def _state(answer: TextAnswer) -> tuple[str, str]:
    answer.refresh_from_db()
    return answer.status, answer.text


def test_no_decision_is_chosen_beforehand(login: Any, coordinator: Any, text_answer: TextAnswer) -> None:
    page = login(coordinator).get(_url(text_answer.question.survey, "moderation"))

    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="a{text_answer.pk}-status" value="shown"' in html
    assert f'name="a{text_answer.pk}-status" value="hidden"' in html
    assert "checked" not in html
    assert "Derzeit: zu prüfen" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Mehr online."}, "Bitte wählen Sie, ob der Text freigegeben oder verborgen wird."),
        ({"status": "pending", "text": "Mehr online."}, "Bitte wählen Sie „Freigeben“ oder „Verbergen“."),
        ({"status": "shown", "text": "  "}, "Bitte lassen Sie den Text nicht leer"),
    ],
)
def test_a_missing_decision_changes_nothing_and_says_why_in_german(
    login: Any, coordinator: Any, text_answer: TextAnswer, data: dict[str, str], message: str
) -> None:
    before = _state(text_answer)
    posted = {"answer": text_answer.pk, **{f"a{text_answer.pk}-{k}": v for k, v in data.items()}}

    response = login(coordinator).post(_url(text_answer.question.survey, "moderation"), posted)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Nichts wurde gespeichert." in html
    assert _state(text_answer) == before


def test_releasing_a_text_with_personal_data_removed(
    login: Any, coordinator: Any, text_answer: TextAnswer
) -> None:
    posted = {
        "answer": text_answer.pk,
        f"a{text_answer.pk}-status": "shown",
        f"a{text_answer.pk}-text": "Mehr online, sagt [Name entfernt].",
    }

    response = login(coordinator).post(_url(text_answer.question.survey, "moderation"), posted)

    assert response.status_code == 302
    assert _state(text_answer) == (TextAnswerStatus.SHOWN, "Mehr online, sagt [Name entfernt].")


def test_deleting_a_question_asks_first_and_names_its_options(
    login: Any, coordinator: Any, steinfurt: Any
) -> None:
    survey = services.create_survey(region=steinfurt, actor=None, data={"title": "Entwurf"})
    question = services.add_question(
        survey=survey, actor=None, type=QuestionType.SINGLE, text="Wie oft?", options=["oft", "selten"]
    )
    follow_up = services.add_question(survey=survey, actor=None, type=QuestionType.SHORT_TEXT, text="Warum?")
    Question.objects.filter(pk=follow_up.pk).update(show_if_option=question.options.first())
    url = _url(survey, "delete_question", question_id=question.pk)
    client = login(coordinator)

    asked = client.get(url).content.decode()
    one_click = client.post(url)

    assert "Frage „Wie oft?“ löschen?" in asked
    assert "Ebenfalls entfernt werden: 2 zugehörige Einträge." in asked
    assert "Bei 1 Frage wird die Angabe „Nur zeigen, wenn zuvor geantwortet“ geleert." in asked
    assert one_click.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()

    done = client.post(url, {"bestaetigt": "1"})

    assert done["Location"] == _url(survey, "edit")
    assert not Question.objects.filter(pk=question.pk).exists()
    assert Question.objects.get(pk=follow_up.pk).show_if_option is None


def test_a_question_of_a_survey_with_answers_is_kept_with_a_reason(
    login: Any, coordinator: Any, text_answer: TextAnswer
) -> None:
    survey = text_answer.question.survey
    url = _url(survey, "delete_question", question_id=text_answer.question_id)

    answer = login(coordinator).post(url, {"bestaetigt": "1"}, follow=True)

    assert "Fragen einer Umfrage mit Antworten lassen sich nicht mehr löschen." in answer.content.decode()
    assert Question.objects.filter(pk=text_answer.question_id).exists()


def test_the_edit_page_links_to_the_question_removal_instead_of_posting_it(
    login: Any, coordinator: Any, open_survey: Survey
) -> None:
    html = login(coordinator).get(_url(open_survey, "edit")).content.decode()
    question = open_survey.questions.first()
    assert question is not None

    removal = _url(open_survey, "delete_question", question_id=question.pk)
    assert f'href="{removal}"' in html
    assert f'action="{removal}"' not in html
