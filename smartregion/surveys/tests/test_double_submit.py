"""A last page sent twice (a double click, a reload) shows the thank-you page both times and
stores the answer once, one request after the other and at the same time."""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from smartregion.surveys import selectors, services
from smartregion.surveys.models import Draft, Response, Survey
from smartregion.surveys.tests.conftest import opt, q, valid_answers


def _thanks(survey: Survey) -> str:
    return reverse("surveys:thanks", kwargs={"region_slug": survey.region.slug, "survey_id": survey.pk})


def _first_page(survey: Survey) -> dict[str, Any]:
    return {
        f"q{q(survey, 'Alter').pk}": opt(survey, "Alter", "jung"),
        f"q{q(survey, 'Nutzung').pk}": [opt(survey, "Nutzung", "a")],
    }


def _last_page(survey: Survey) -> dict[str, Any]:
    rank = q(survey, "Rang")
    page = {f"q{rank.pk}_o{o.pk}": i for i, o in enumerate(rank.options.all(), start=1)}
    page[f"q{q(survey, 'Stunden').pk}"] = "7"
    return page


def _start(client: Client, survey: Survey) -> str:
    start = client.post(survey.get_absolute_url(), _first_page(survey))
    assert start.status_code == 302
    return str(start["Location"]) + "?seite=2"


@pytest.mark.django_db
def test_last_page_twice_shows_thanks_twice_and_stores_once(open_survey: Survey, client: Client) -> None:
    last = _start(client, open_survey)
    first = client.post(last, _last_page(open_survey))
    second = client.post(last, _last_page(open_survey))
    assert (first.status_code, first["Location"]) == (302, _thanks(open_survey))
    assert (second.status_code, second["Location"]) == (302, _thanks(open_survey))
    assert Response.objects.filter(survey=open_survey).count() == 1
    # The resume link, used later, leads to the thanks too; the finished draft keeps no answers.
    assert client.get(last)["Location"] == _thanks(open_survey)
    draft = Draft.objects.get(survey=open_survey)
    assert (draft.answers, draft.access_code) == ({}, None)
    assert selectors.survey_results(survey=open_survey).started == 1  # the receipt is no second start


@pytest.mark.django_db
def test_last_page_sent_again_while_the_first_is_finishing(open_survey: Survey, client: Client) -> None:
    """The second request read the draft before the first finished it (the old code failed with
    "Save with update_fields did not affect any rows")."""
    last = _start(client, open_survey)
    other = Client()
    other.cookies = client.cookies
    real_save = services.save_draft_page
    answers: list[Any] = []
    overtaken: list[bool] = []

    def first_one_overtakes(**kwargs: Any) -> Any:
        if not overtaken:
            overtaken.append(True)
            answers.append(other.post(last, _last_page(open_survey)))
        return real_save(**kwargs)

    with mock.patch.object(services, "save_draft_page", side_effect=first_one_overtakes):
        late = client.post(last, _last_page(open_survey))
    (early,) = answers
    assert (early.status_code, early["Location"]) == (302, _thanks(open_survey))
    assert (late.status_code, late["Location"]) == (302, _thanks(open_survey))
    assert Response.objects.filter(survey=open_survey).count() == 1


@pytest.mark.django_db
def test_finished_draft_refuses_a_second_finish(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    draft = services.save_draft_page(survey=open_survey, draft=None, page=1, given=answers)
    stale = Draft.objects.get(pk=draft.pk)
    services.finish_draft(draft_token=draft.token)
    with pytest.raises(services.AlreadyStored):
        services.save_draft_page(survey=open_survey, draft=stale, page=2, given=answers)
    with pytest.raises(services.AlreadyStored):
        services.finish_draft(draft_token=draft.token)
    assert Response.objects.filter(survey=open_survey).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("with_code", [False, True])
def test_single_page_sent_twice_shows_thanks_twice(
    open_survey: Survey, client: Client, with_code: bool
) -> None:
    Survey.objects.filter(pk=open_survey.pk).update(requires_code=with_code)
    Draft.objects.all().delete()
    open_survey.questions.exclude(page=1).delete()
    data: dict[str, Any] = {**_first_page(open_survey), "submission_key": "doppelklick-1"}
    if with_code:
        [data["access_code"]] = services.create_access_codes(survey=open_survey, actor=None, count=1)
    first = client.post(open_survey.get_absolute_url(), data)
    second = client.post(open_survey.get_absolute_url(), data)
    assert (first.status_code, first["Location"]) == (302, _thanks(open_survey))
    assert (second.status_code, second["Location"]) == (302, _thanks(open_survey))
    assert Response.objects.filter(survey=open_survey).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_last_page_twice_at_once_stores_once(open_survey: Survey) -> None:
    client = Client()
    last = _start(client, open_survey)
    start = threading.Barrier(4)
    answers: list[Any] = []

    def post() -> None:
        try:
            other = Client()
            other.cookies = client.cookies
            start.wait()
            answers.append(other.post(last, _last_page(open_survey)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, _thanks(open_survey))] * 4
    assert Response.objects.filter(survey=open_survey).count() == 1
