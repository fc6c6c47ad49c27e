"""The aggregation against numbers computed by hand (see the rule in ``scoring``)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from smartregion.assessment.scoring import CandidateSpec, CriterionSpec, aggregate

REL = CriterionSpec(1, "Relevanz", Decimal(60), 1, 5, "relevance")
FEA = CriterionSpec(2, "Realisierbarkeit", Decimal(40), 1, 5, "feasibility")
A, B, C, D = (
    CandidateSpec(i, 100 + i, title) for i, title in enumerate(("Alpha", "Beta", "Gamma", "Delta"), 1)
)


def _scores() -> list[tuple[int, int, int, int]]:
    # (rater, candidate, criterion, value)
    return [
        # Alpha: relevance 5, 4, 3; feasibility 2, 2, 5
        (1, 1, 1, 5), (2, 1, 1, 4), (3, 1, 1, 3),
        (1, 1, 2, 2), (2, 1, 2, 2), (3, 1, 2, 5),
        # Beta: rater 3 abstains (their 1s must not count); relevance 4, 4; feasibility 5, 3
        (1, 2, 1, 4), (2, 2, 1, 4), (3, 2, 1, 1),
        (1, 2, 2, 5), (2, 2, 2, 3), (3, 2, 2, 1),
        # Gamma: relevance 3, 5; feasibility 3, 3 (rater 3 did not rate)
        (1, 3, 1, 3), (2, 3, 1, 5),
        (1, 3, 2, 3), (2, 3, 2, 3),
        # Delta: no scores at all
    ]  # fmt: skip


def _result(weights=None):
    return aggregate(
        criteria=[REL, FEA], candidates=[A, B, C, D], scores=_scores(), abstentions=[(3, 2)], weights=weights
    )


def _by_title(result):
    return {item.candidate.title: item for item in result.candidates}


def test_mean_median_spread_and_n_per_criterion():
    alpha = _by_title(_result())["Alpha"]
    relevance, feasibility = alpha.criteria

    assert (relevance.n, relevance.mean, relevance.median) == (3, 4.0, 4.0)
    assert relevance.spread == pytest.approx(math.sqrt(2 / 3))  # 0.816
    assert (relevance.minimum, relevance.maximum) == (3, 5)
    assert (feasibility.n, feasibility.mean, feasibility.median) == (3, 3.0, 2.0)
    assert feasibility.spread == pytest.approx(math.sqrt(2))  # deviations 1, 1, 2
    assert not relevance.disagreement  # 0.82 < a quarter of the width 4
    assert feasibility.disagreement  # 1.41 ≥ 1.0
    assert alpha.disagreement


def test_weighted_score_on_100_points():
    result = _by_title(_result())
    # Alpha: relevance 4 → 75 points, feasibility 3 → 50 points; 0.6·75 + 0.4·50 = 65
    assert result["Alpha"].weighted_score == pytest.approx(65.0)
    # Beta without the abstaining rater: relevance 4 → 75, feasibility 4 → 75; 75
    assert result["Beta"].weighted_score == pytest.approx(75.0)
    # Gamma: relevance 4 → 75, feasibility 3 → 50; 65, the same as Alpha
    assert result["Gamma"].weighted_score == pytest.approx(65.0)
    assert result["Delta"].weighted_score is None


def test_abstentions_are_counted_and_left_out():
    beta = _by_title(_result())["Beta"]

    assert beta.abstained == 1
    assert [item.n for item in beta.criteria] == [2, 2]
    assert _result().abstentions == 1


def test_ranking_shares_ranks_on_equal_scores_and_puts_unscored_last():
    ranking = [(item.candidate.title, item.rank) for item in _result().candidates]

    assert ranking == [("Beta", 1), ("Alpha", 2), ("Gamma", 2), ("Delta", None)]


def test_matrix_axes_and_proposals():
    result = _by_title(_result())

    assert (result["Alpha"].relevance, result["Alpha"].feasibility) == (75.0, 50.0)
    assert result["Alpha"].proposal == "leitprojekt"  # 50 points counts as high
    assert result["Delta"].proposal == ""
    low = aggregate(
        criteria=[REL, FEA], candidates=[A], scores=[(1, 1, 1, 2), (1, 1, 2, 4)], abstentions=[]
    ).candidates[0]
    assert (low.relevance, low.feasibility, low.proposal) == (25.0, 75.0, "potenzialprojekt")
    both_low = aggregate(
        criteria=[REL, FEA], candidates=[A], scores=[(1, 1, 1, 1), (1, 1, 2, 2)], abstentions=[]
    )
    assert both_low.candidates[0].proposal == "zurueckgestellt"


def test_what_if_weights_re_rank_without_touching_the_inputs():
    # Only feasibility counts: Beta 75, Alpha 50, Gamma 50
    changed = _result(weights={1: Decimal(0), 2: Decimal(100)})
    assert [(i.candidate.title, i.rank, i.weighted_score) for i in changed.candidates[:3]] == [
        ("Beta", 1, 75.0),
        ("Alpha", 2, 50.0),
        ("Gamma", 2, 50.0),
    ]
    # Only relevance counts: every scored candidate has 75 points, all share rank 1
    changed = _result(weights={1: Decimal(100), 2: Decimal(0)})
    assert [i.rank for i in changed.candidates] == [1, 1, 1, None]
    assert REL.weight == Decimal(60)


def test_criteria_on_other_scales_are_put_on_points():
    cost = CriterionSpec(3, "Kosten/Nutzen", Decimal(100), 0, 10, "")
    result = aggregate(criteria=[cost], candidates=[A], scores=[(1, 1, 3, 7), (2, 1, 3, 8)], abstentions=[])

    assert result.candidates[0].weighted_score == pytest.approx(75.0)
    assert not result.has_matrix


def test_a_criterion_of_zero_weight_does_not_move_its_axis():
    r1 = CriterionSpec(1, "Relevanz", Decimal(50), 0, 100, "relevance")
    r2 = CriterionSpec(2, "Wirkung", Decimal(0), 0, 100, "relevance")
    f = CriterionSpec(3, "Realisierbarkeit", Decimal(50), 0, 100, "feasibility")
    scores = [(1, 1, 1, 49), (1, 1, 2, 100), (1, 1, 3, 80)]

    item = aggregate(criteria=[r1, r2, f], candidates=[A], scores=scores, abstentions=[]).candidates[0]

    assert item.relevance == pytest.approx(49.0)
    assert item.proposal == "potenzialprojekt"


def test_a_candidate_scored_only_on_criteria_of_zero_weight_has_no_score():
    heavy = CriterionSpec(1, "A", Decimal(100), 1, 5)
    light = CriterionSpec(2, "B", Decimal(0), 1, 5)

    result = aggregate(
        criteria=[heavy, light], candidates=[A, B], scores=[(1, 1, 2, 5), (1, 2, 1, 3)], abstentions=[]
    )

    assert [(i.candidate.title, i.rank, i.weighted_score) for i in result.candidates] == [
        ("Beta", 1, 50.0),
        ("Alpha", None, None),
    ]


def test_equal_scores_share_a_rank_despite_floating_point_noise():
    thirds = [
        CriterionSpec(i, f"K{i}", Decimal(w), 0, 3) for i, w in ((1, "33.33"), (2, "33.33"), (3, "33.34"))
    ]
    # Alpha and Beta have the same scores in another order of criteria of (almost) equal weight ...
    scores = [(1, 1, 1, 2), (1, 1, 2, 2), (1, 1, 3, 2), (1, 2, 3, 2), (1, 2, 2, 2), (1, 2, 1, 2)]

    result = aggregate(criteria=thirds, candidates=[A, B], scores=scores, abstentions=[])

    assert [item.rank for item in result.candidates] == [1, 1]
