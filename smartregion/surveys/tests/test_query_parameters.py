"""Numbers in survey links and forms: only plain ASCII digits count, anything else is ignored or 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from smartregion.surveys import services
from smartregion.surveys.models import Survey
from smartregion.surveys.tests.conftest import q, valid_answers

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "١", "1" * 5000, "9" * 30, "+1", "-1", " 1", "1\x00"]


def _url(survey: Survey, name: str) -> str:
    return reverse(f"surveys:{name}", kwargs={"region_slug": survey.region.slug, "survey_id": survey.pk})


@pytest.fixture
def resume_link(open_survey: Survey, client: Client) -> str:
    answers = valid_answers(open_survey)
    first_page = {f"q{q(open_survey, key).pk}": answers[str(q(open_survey, key).pk)] for key in ("Alter",)}
    response = client.post(_url(open_survey, "survey"), first_page)
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize("page", ODD_NUMBERS)
def test_resume_link_with_an_odd_page_number_shows_the_saved_page(
    client: Client, resume_link: str, page: str
) -> None:
    response = client.get(resume_link, {"seite": page})

    assert response.status_code == 200


@pytest.mark.parametrize("option", ODD_NUMBERS)
def test_results_with_an_odd_filter_show_all_answers(
    client: Client, open_survey: Survey, option: str
) -> None:
    services.publish_results(survey=open_survey, actor=None)

    response = client.get(_url(open_survey, "results"), {"filter": option})

    assert response.status_code == 200


@pytest.mark.parametrize("answer", ODD_NUMBERS)
def test_moderating_an_odd_answer_number_is_404(
    login: Any, coordinator: Any, open_survey: Survey, answer: str
) -> None:
    response = login(coordinator).post(_url(open_survey, "moderation"), {"answer": answer})

    assert response.status_code == 404
