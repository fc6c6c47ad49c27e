"""The demo rounds: Coesfeld's closed round gives exactly the published tiers; Steinfurt's is open."""

from __future__ import annotations

import pytest

from smartregion.analysis import demo as analysis_demo
from smartregion.analysis.consolidation import consolidate
from smartregion.analysis.models import AnalysisRound, QuestionnaireStatus, default_rule
from smartregion.strategy.models import FieldOfAction

PUBLISHED = {
    "I": ["Verwaltung", "Bildung"],
    "II": ["Mobilität", "Wirtschaft", "Innenstadt/Dorfmitte"],
    "III": ["Gesundheit", "Kultur", "Tourismus"],
}


@pytest.fixture
def _demo(demo: None, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _names(tiers: dict) -> dict[str, list[str]]:
    return {tier: [item.name for item in items] for tier, items in tiers.items()}


@pytest.mark.usefixtures("_demo")
def test_coesfeld_round_consolidates_by_the_default_rule_into_the_published_tiers():
    analysis_round = AnalysisRound.objects.get(region__slug="kreis-coesfeld")
    assert analysis_round.rule == default_rule()
    assert analysis_round.is_closed
    assert analysis_round.is_confirmed
    assert analysis_round.is_published
    result = consolidate(analysis_round)
    assert result.submitted == result.invited == 11
    assert _names(result.by_tier("suggested")) == PUBLISHED
    assert _names(result.by_tier("tier")) == PUBLISHED
    priorities = {
        f.name: (f.priority, f.priority_source)
        for f in FieldOfAction.objects.filter(strategy__region__slug="kreis-coesfeld")
    }
    for tier, names in PUBLISHED.items():
        for name in names:
            assert priorities[name] == (tier, analysis_demo.COESFELD_ROUND)


@pytest.mark.usefixtures("_demo")
def test_steinfurt_round_is_open_with_municipalities_missing_and_demo_officer_can_answer():
    analysis_round = AnalysisRound.objects.get(region__slug="kreis-steinfurt")
    assert analysis_round.is_open
    assert not analysis_round.deadline_passed
    statuses = dict(analysis_round.questionnaires.values_list("municipality__name", "status"))
    assert len(statuses) == 24
    submitted = [name for name, status in statuses.items() if status == QuestionnaireStatus.SUBMITTED]
    assert sorted(submitted) == sorted(analysis_demo.STEINFURT_SUBMITTED)
    assert statuses["Greven"] == QuestionnaireStatus.DRAFT


@pytest.mark.usefixtures("_demo")
def test_demo_is_idempotent():
    analysis_demo.load()
    assert AnalysisRound.objects.count() == 2
