"""What the needs analysis puts on a person's to-do list: questionnaires due, rounds to follow up."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory
from smartregion.analysis import services
from smartregion.analysis.models import AnalysisRound, Questionnaire
from smartregion.analysis.selectors import dashboard_items
from smartregion.regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def _rows(region: Region, user: User) -> list[tuple[str, int, str, datetime.date | None, str]]:
    return [(i.label, i.count, i.url, i.due, i.detail) for i in dashboard_items(region, user)]


def test_an_officer_sees_the_questionnaire_of_their_municipality_with_the_deadline(
    analysis_round: AnalysisRound, officer: User, steinfurt: Region
) -> None:
    assert _rows(steinfurt, officer) == [
        (
            "Fragebogen ausfüllen und abgeben: Bedarfsanalyse 2026",
            1,
            f"/r/kreis-steinfurt/bedarfsanalyse/{analysis_round.pk}/fragebogen/greven/",
            timezone.localdate(analysis_round.deadline),
            "Greven",
        )
    ]


def test_an_officer_of_two_municipalities_gets_one_item_with_both(
    analysis_round: AnalysisRound, officer: User, emsdetten: Municipality, steinfurt: Region
) -> None:
    MembershipFactory(region=steinfurt, role=Role.MUNICIPAL_OFFICER, user=officer, municipality=emsdetten)
    officer = User.objects.get(pk=officer.pk)  # the roles are read once per user object

    ((label, count, url, _due, detail),) = _rows(steinfurt, officer)
    assert label == "Fragebogen ausfüllen und abgeben: Bedarfsanalyse 2026"

    assert (count, detail) == (2, "Emsdetten, Greven")
    assert url == f"/r/kreis-steinfurt/bedarfsanalyse/{analysis_round.pk}/"


def test_a_handed_in_questionnaire_is_no_longer_due(
    analysis_round: AnalysisRound,
    officer: User,
    greven: Municipality,
    steinfurt: Region,
    submit: Callable[..., Questionnaire],
) -> None:
    submit(analysis_round, greven, {})

    assert _rows(steinfurt, officer) == []


def test_after_the_deadline_nothing_is_due_for_the_officer_and_the_coordinator_closes(
    analysis_round: AnalysisRound, officer: User, coordinator: User, steinfurt: Region
) -> None:
    AnalysisRound.objects.filter(pk=analysis_round.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert _rows(steinfurt, officer) == []
    assert _rows(steinfurt, coordinator) == [
        (
            "Bedarfsanalysen nach Ablauf der Frist abschließen",
            1,
            f"/r/kreis-steinfurt/bedarfsanalyse/{analysis_round.pk}/",
            None,
            "Bedarfsanalyse 2026",
        )
    ]


def test_the_coordinator_sees_questionnaires_still_missing_then_tiers_to_confirm(
    analysis_round: AnalysisRound,
    coordinator: User,
    greven: Municipality,
    steinfurt: Region,
    submit: Callable[..., Questionnaire],
) -> None:
    submit(analysis_round, greven, {})
    assert _rows(steinfurt, coordinator) == [
        (
            "Fragebögen noch nicht abgegeben: Bedarfsanalyse 2026",
            2,
            f"/r/kreis-steinfurt/bedarfsanalyse/{analysis_round.pk}/",
            timezone.localdate(analysis_round.deadline),
            "2 von 3 Kommunen",
        )
    ]

    services.close_round(analysis_round=analysis_round, actor=coordinator)
    assert [row[:2] for row in _rows(steinfurt, coordinator)] == [
        ("Prioritäten abgeschlossener Bedarfsanalysen bestätigen", 1)
    ]

    services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    assert _rows(steinfurt, coordinator) == []


def test_readers_and_people_of_other_regions_see_nothing(
    analysis_round: AnalysisRound, reader: User, coesfeld_coordinator: User, steinfurt: Region
) -> None:
    assert _rows(steinfurt, reader) == []
    assert _rows(steinfurt, coesfeld_coordinator) == []


def test_two_queries_however_many_rounds_and_municipalities(
    analysis_round: AnalysisRound,
    coordinator: User,
    officer: User,
    steinfurt: Region,
    greven: Municipality,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    fields = list(analysis_round.fields.all())
    for number in range(5):
        services.open_round(
            region=steinfurt,
            actor=coordinator,
            name=f"Runde {number}",
            fields=fields,
            municipalities=[greven],
            deadline=timezone.now() + datetime.timedelta(days=3 + number),
        )
    coordinator, officer = User.objects.get(pk=coordinator.pk), User.objects.get(pk=officer.pk)
    dashboard_items(steinfurt, coordinator)  # reads the roles
    dashboard_items(steinfurt, officer)

    with django_assert_max_num_queries(1):  # type: ignore[operator]
        assert len(dashboard_items(steinfurt, coordinator)) == 6
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        assert len(dashboard_items(steinfurt, officer)) == 6
