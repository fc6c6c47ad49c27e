"""Anonymous answers share the platform's one limit on anonymous writes (per client address)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from smartregion.core import ratelimit
from smartregion.surveys.models import Draft, Response, Survey
from smartregion.surveys.tests.conftest import opt, q, valid_answers

pytestmark = pytest.mark.django_db

SMALL = ratelimit.Limit("survey-responses", 3, 3600)


@pytest.fixture(autouse=True)
def _small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "SURVEY_RESPONSES", SMALL)


def _api(client: Client, survey: Survey, **extra: Any) -> Any:
    body = json.dumps({"answers": valid_answers(survey)})
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses/", body, content_type="application/json", **extra
    )


def test_answers_by_api_from_one_address_are_limited(open_survey: Survey, client: Client) -> None:
    assert [_api(client, open_survey).status_code for _ in range(SMALL.count)] == [201] * SMALL.count

    response = _api(client, open_survey)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Von Ihrem Anschluss kamen")
    assert Response.objects.filter(survey=open_survey).count() == SMALL.count


def test_starting_the_form_from_one_address_is_limited(open_survey: Survey, client: Client) -> None:
    url = open_survey.get_absolute_url()
    data = {f"q{q(open_survey, 'Alter').pk}": opt(open_survey, "Alter", "jung")}
    for _ in range(SMALL.count):
        assert client.post(url, data).status_code == 302

    response = client.post(url, data)

    assert response.status_code == 429
    assert "sehr viele Einsendungen" in response.content.decode()
    assert Draft.objects.filter(survey=open_survey).count() == SMALL.count


def test_behind_the_proxy_each_person_has_an_own_allowance(
    open_survey: Survey, client: Client, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(SMALL.count):
        _api(client, open_survey, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert _api(client, open_survey, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429

    assert _api(client, open_survey, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 201


def test_the_limit_can_be_switched_off_for_load_tests(
    open_survey: Survey, client: Client, settings: Any
) -> None:
    settings.ANONYMOUS_WRITE_LIMITS = False
    assert {_api(client, open_survey).status_code for _ in range(SMALL.count + 2)} == {201}
