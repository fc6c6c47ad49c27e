"""Answering: what is stored, what is refused (and then nothing is stored)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from smartregion.surveys import services
from smartregion.surveys.answers import QuestionSpec, check_answers
from smartregion.surveys.models import AccessCode, Response, Survey, TextAnswer
from smartregion.surveys.tests.conftest import opt, q, valid_answers

pytestmark = pytest.mark.django_db


def _nothing_stored(survey: Survey) -> None:
    assert Response.objects.filter(survey=survey).count() == 0
    assert TextAnswer.objects.filter(question__survey=survey).count() == 0


def test_valid_answer_is_stored_with_the_day_only(open_survey: Survey) -> None:
    response = services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    fields = {f.name for f in Response._meta.get_fields() if getattr(f, "concrete", False)}
    assert fields == {"id", "survey", "day", "duration_minutes", "answers", "submission_key", "tallied"}
    assert response.day == timezone.localdate()
    services.refresh_tallies(survey=open_survey)
    assert TextAnswer.objects.get(response=response).text == "Mehr online."


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("Alter", 999999, "angebotenen"),
        ("Nutzung", ["x"], "angebotene"),
        ("Stunden", 101, "von 0 bis 100"),
        ("Stunden", "zwölf", "ganze Zahl"),
        ("Wünsche", "x" * 5001, "höchstens 5000"),
    ],
)
def test_bad_values_are_refused(open_survey: Survey, question: str, value: Any, message: str) -> None:
    answers = valid_answers(open_survey)
    answers[str(q(open_survey, question).pk)] = value
    with pytest.raises(services.AnswerErrors) as error:
        services.submit_response(survey=open_survey, answers=answers)
    assert message in error.value.by_question[q(open_survey, question).pk]
    _nothing_stored(open_survey)


def test_too_many_choices(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    answers[str(q(open_survey, "Nutzung").pk)] = [opt(open_survey, "Nutzung", x) for x in "abc"]
    with pytest.raises(services.AnswerErrors, match="höchstens 2"):
        services.submit_response(survey=open_survey, answers=answers)
    _nothing_stored(open_survey)


def test_option_of_another_question_is_refused(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    answers[str(q(open_survey, "Alter").pk)] = opt(open_survey, "Nutzung", "a")
    with pytest.raises(services.AnswerErrors):
        services.submit_response(survey=open_survey, answers=answers)
    _nothing_stored(open_survey)


def test_question_of_another_survey_is_refused(open_survey: Survey) -> None:
    other = services.duplicate_survey(survey=open_survey, actor=None)
    answers = valid_answers(open_survey)
    answers[str(other.questions.first().pk)] = 1  # type: ignore[union-attr]
    with pytest.raises(services.AnswerErrors) as error:
        services.submit_response(survey=open_survey, answers=answers)
    assert "passen nicht" in error.value.by_question[0]
    _nothing_stored(open_survey)


def test_missing_required_answer(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    del answers[str(q(open_survey, "Alter").pk)]
    with pytest.raises(services.AnswerErrors, match="Bitte beantworten Sie diese Frage"):
        services.submit_response(survey=open_survey, answers=answers)
    _nothing_stored(open_survey)


@pytest.mark.parametrize("shift", [{"opens_at": 1}, {"closes_at": -1}])
def test_no_answers_outside_the_time(open_survey: Survey, shift: dict[str, int]) -> None:
    now = timezone.now()
    for name, days in shift.items():
        if name == "opens_at":
            open_survey.opens_at, open_survey.closes_at = now + datetime.timedelta(days=days), None
        else:
            open_survey.opens_at, open_survey.closes_at = None, now + datetime.timedelta(days=days)
    open_survey.save()
    with pytest.raises(ValidationError):
        services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    _nothing_stored(open_survey)


def test_same_submission_twice_is_stored_once(open_survey: Survey) -> None:
    services.submit_response(survey=open_survey, answers=valid_answers(open_survey), submission_key="abc")
    with pytest.raises(ValidationError, match="bereits gespeichert"):
        services.submit_response(survey=open_survey, answers=valid_answers(open_survey), submission_key="abc")
    assert Response.objects.filter(survey=open_survey).count() == 1


def test_one_time_code_cannot_be_reused(open_survey: Survey) -> None:
    open_survey.requires_code = True
    open_survey.save()
    [code] = services.create_access_codes(survey=open_survey, actor=None, count=1)
    with pytest.raises(ValidationError, match="Zugangscode"):
        services.submit_response(survey=open_survey, answers=valid_answers(open_survey), access_code="FALSCH")
    services.submit_response(survey=open_survey, answers=valid_answers(open_survey), access_code=code.lower())
    with pytest.raises(ValidationError, match="schon benutzt"):
        services.submit_response(survey=open_survey, answers=valid_answers(open_survey), access_code=code)
    assert Response.objects.filter(survey=open_survey).count() == 1
    assert AccessCode.objects.get(code=code).used


def test_draft_pages_and_finish(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    page1 = {k: v for k, v in answers.items() if q(open_survey, "Rang").pk != int(k)}
    draft = services.save_draft_page(survey=open_survey, draft=None, page=1, given=page1)
    services.save_draft_page(survey=open_survey, draft=draft, page=2, given=answers)
    services.finish_draft(draft_token=draft.token)
    with pytest.raises(services.AlreadyStored, match="bereits gespeichert"):
        services.finish_draft(draft_token=draft.token)
    assert Response.objects.filter(survey=open_survey).count() == 1


def test_conditional_question_is_dropped_when_hidden(open_survey: Survey) -> None:
    young = q(open_survey, "Alter").options.get(label="jung")
    follow = services.add_question(
        survey=open_survey, actor=None, type="short_text", text="Warum?", show_if_option=young
    )
    answers = valid_answers(open_survey)
    answers[str(q(open_survey, "Alter").pk)] = opt(open_survey, "Alter", "alt")
    answers[str(follow.pk)] = "geheim"
    response = services.submit_response(survey=open_survey, answers=answers)
    assert f"q{follow.pk}" not in response.answers


SPEC = QuestionSpec(
    id=1, type="multiple", text="", page=1, required=True, options=(10, 11, 12), max_choices=2
)
NUMBER = QuestionSpec(id=2, type="number", text="", page=1, required=False, min_value=0, max_value=10)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(choice=values, number=values)
def test_validator_accepts_only_what_fits(choice: Any, number: Any) -> None:
    checked = check_answers([SPEC, NUMBER], {"1": choice, "2": number})
    if "q1" in checked.answers:
        chosen = checked.answers["q1"]
        assert set(chosen) <= {10, 11, 12}
        assert 1 <= len(chosen) <= 2
        assert len(set(chosen)) == len(chosen)
    else:
        assert 1 in checked.errors
    if "q2" in checked.answers:
        assert isinstance(checked.answers["q2"], int)
        assert 0 <= checked.answers["q2"] <= 10


@settings(max_examples=200, deadline=None)
@given(keys=st.dictionaries(st.text(max_size=5), st.integers(), max_size=4))
def test_validator_refuses_unknown_question_ids(keys: dict[str, int]) -> None:
    checked = check_answers([SPEC, NUMBER], keys)
    if set(keys) - {"1", "2"}:
        assert 0 in checked.errors
        assert not checked.answers


def test_new_question_is_checked_at_once(open_survey: Survey) -> None:
    services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    extra = services.add_question(
        survey=open_survey, actor=None, type="short_text", text="Neu", required=True
    )
    with pytest.raises(services.AnswerErrors) as error:
        services.submit_response(
            survey=Survey.objects.get(pk=open_survey.pk), answers=valid_answers(open_survey)
        )
    assert extra.pk in error.value.by_question


@pytest.mark.page_cache
def test_a_survey_withdrawn_while_it_is_kept_refuses_the_next_answer(
    client: Client, open_survey: Survey, django_capture_on_commit_callbacks: Any
) -> None:
    """The API reads the survey it answers through the page cache's versions: a change is seen at once."""
    url = f"/api/v1/surveys/{open_survey.pk}/responses/"
    body = json.dumps({"answers": valid_answers(open_survey)})
    assert client.post(url, body, content_type="application/json").status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_survey(survey=open_survey, actor=None, published=False)

    refused = client.post(url, body, content_type="application/json")

    assert refused.status_code == 404  # an unpublished survey is not shown to the public at all
    assert "Diese Umfrage gibt es nicht" in refused.json()["detail"]
    assert Response.objects.filter(survey=open_survey).count() == 1
