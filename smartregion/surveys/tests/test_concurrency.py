"""The same answer posted twice at once is stored once (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from smartregion.surveys import services
from smartregion.surveys.models import Response, Survey
from smartregion.surveys.tests.conftest import valid_answers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_double_post_at_once_is_stored_once(open_survey: Survey) -> None:
    answers = valid_answers(open_survey)
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def post() -> None:
        try:
            start.wait()
            services.submit_response(
                survey=Survey.objects.get(pk=open_survey.pk), answers=answers, submission_key="doppelt"
            )
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == 1
    assert all("bereits gespeichert" in o for o in outcomes if o != "stored")
    assert Response.objects.filter(survey=open_survey).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_one_time_code_used_once_under_concurrency(open_survey: Survey) -> None:
    open_survey.requires_code = True
    open_survey.save()
    [code] = services.create_access_codes(survey=open_survey, actor=None, count=1)
    answers: Any = valid_answers(open_survey)
    start = threading.Barrier(6)
    stored: list[int] = []

    def post() -> None:
        try:
            start.wait()
            services.submit_response(
                survey=Survey.objects.get(pk=open_survey.pk), answers=answers, access_code=code
            )
            stored.append(1)
        except ValidationError:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stored) == 1
    assert Response.objects.filter(survey=open_survey).count() == 1
