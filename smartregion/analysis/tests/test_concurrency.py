"""Two officers of one municipality saving at the same moment (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from smartregion.analysis import services
from smartregion.analysis.models import Answer
from smartregion.analysis.tests.conftest import questionnaire_of


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_on_one_version_keep_exactly_one_and_refuse_the_other(analysis_round, greven):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent writers")
    questionnaire = questionnaire_of(analysis_round, greven)
    field = analysis_round.fields.first()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(value: int) -> None:
        try:
            barrier.wait()
            services.save_questionnaire(
                questionnaire=questionnaire,
                actor=None,
                answers={(field.pk, "relevanz"): value},
                expected_version=0,
            )
            outcomes.append("saved")
        except services.StaleQuestionnaire:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(value,)) for value in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert Answer.objects.count() == 1
    assert questionnaire_of(analysis_round, greven).version == 1
