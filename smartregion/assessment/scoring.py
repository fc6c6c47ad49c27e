"""The results of an assessment round, computed from its scores: the one place this rule lives.

Used alike by the results page, the what-if view, the committee paper, the API and the benchmark.

The rule:

- For each candidate and criterion, the scores of the raters who did not abstain for that
  candidate give ``n``, the mean, the median and the spread (population standard deviation). A
  rater who declared a conflict of interest counts for none of the candidate's criteria.
- The spread is flagged as disagreement when it reaches a quarter of the scale's width (on a
  scale of 1 to 5: a standard deviation of 1.0 or more).
- Each mean is put on 0–100 points (scale minimum 0, maximum 100), so that criteria with different
  scales can be combined. The weighted score is the weighted mean of these points over the
  criteria that received at least one score (their weights renormalised); a candidate without any
  score has no weighted score and no rank.
- The ranking sorts by weighted score, highest first; candidates with equal scores share a rank,
  and the next rank skips accordingly (1, 2, 2, 4). A candidate scored only on criteria that weigh
  0 has no weighted score.
- In the portfolio matrix, a candidate's relevance and feasibility are the points of the criteria
  on those axes (weighted among themselves when an axis has several; unweighted when they all
  weigh 0). Each axis is split at 50
  points; the quadrant suggests the decision: both high → Leitprojekt, one high → Potenzialprojekt,
  both low → zurückgestellt. The suggestion is only a proposal for the committee paper.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

RELEVANCE = "relevance"
FEASIBILITY = "feasibility"
DISAGREEMENT_SHARE = 0.25
MIDPOINT = 50.0


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: Decimal
    low: int
    high: int
    axis: str = ""


@dataclass(frozen=True)
class CandidateSpec:
    id: int
    project_id: int
    title: str


@dataclass(frozen=True)
class CriterionResult:
    criterion: CriterionSpec
    n: int
    mean: float | None
    median: float | None
    spread: float | None
    minimum: int | None
    maximum: int | None

    @property
    def points(self) -> float | None:
        """The mean on 0–100 points."""
        if self.mean is None:
            return None
        return to_points(self.mean, self.criterion)

    @property
    def disagreement(self) -> bool:
        if self.spread is None or self.n < 2:
            return False
        return self.spread >= DISAGREEMENT_SHARE * (self.criterion.high - self.criterion.low) - 1e-9


@dataclass(frozen=True)
class CandidateResult:
    candidate: CandidateSpec
    criteria: tuple[CriterionResult, ...]
    weighted_score: float | None
    abstained: int
    relevance: float | None
    feasibility: float | None
    rank: int | None = None

    @property
    def disagreement(self) -> bool:
        return any(item.disagreement for item in self.criteria)

    @property
    def proposal(self) -> str:
        """The decision the matrix suggests ("leitprojekt", "potenzialprojekt", "zurueckgestellt");
        "" when the round has no relevance and feasibility criteria or the candidate no scores."""
        if self.relevance is None or self.feasibility is None:
            return ""
        high = (self.relevance >= MIDPOINT) + (self.feasibility >= MIDPOINT)
        return ("zurueckgestellt", "potenzialprojekt", "leitprojekt")[high]


@dataclass(frozen=True)
class RoundResult:
    criteria: tuple[CriterionSpec, ...]
    candidates: tuple[CandidateResult, ...]  # ranked: best first, unranked last

    @property
    def has_matrix(self) -> bool:
        axes = {c.axis for c in self.criteria}
        return RELEVANCE in axes and FEASIBILITY in axes

    @property
    def abstentions(self) -> int:
        return sum(item.abstained for item in self.candidates)


def to_points(value: float, criterion: CriterionSpec) -> float:
    return (value - criterion.low) / (criterion.high - criterion.low) * 100


def _weighted(
    pairs: Iterable[tuple[float | None, Decimal]], *, unweighted_if_zero: bool = False
) -> float | None:
    """The weighted mean of the points that exist; None without points or, unless
    ``unweighted_if_zero``, when all of them weigh 0."""
    rated = [(points, float(weight)) for points, weight in pairs if points is not None]
    total = sum(weight for _points, weight in rated)
    if not rated:
        return None
    if total <= 0:
        return statistics.fmean(points for points, _weight in rated) if unweighted_if_zero else None
    return sum(points * weight for points, weight in rated) / total


def _criterion_result(criterion: CriterionSpec, values: Sequence[int]) -> CriterionResult:
    if not values:
        return CriterionResult(criterion, 0, None, None, None, None, None)
    return CriterionResult(
        criterion,
        n=len(values),
        mean=statistics.fmean(values),
        median=float(statistics.median(values)),
        spread=statistics.pstdev(values),
        minimum=min(values),
        maximum=max(values),
    )


def _axis(results: Sequence[CriterionResult], axis: str) -> float | None:
    on_axis = [item for item in results if item.criterion.axis == axis]
    if not on_axis:
        return None
    # An axis stays meaningful when its criteria weigh 0 in the ranking (e.g. in a what-if view).
    return _weighted(((item.points, item.criterion.weight) for item in on_axis), unweighted_if_zero=True)


def rank(results: Iterable[CandidateResult]) -> tuple[CandidateResult, ...]:
    """Best first; equal scores (two decimals) share a rank; candidates without a score come last."""
    scored = sorted(
        (r for r in results if r.weighted_score is not None),
        key=lambda r: (-_tie_key(r.weighted_score), r.candidate.title),
    )
    unscored = sorted((r for r in results if r.weighted_score is None), key=lambda r: r.candidate.title)
    ranked: list[CandidateResult] = []
    previous: float | None = None
    current = 0
    for position, result in enumerate(scored, 1):
        score = _tie_key(result.weighted_score)
        if score != previous:
            current, previous = position, score
        ranked.append(_with_rank(result, current))
    return (*ranked, *unscored)


def _tie_key(score: float | None) -> float:
    """Scores equal but for floating-point noise compare equal (66.665 computed two ways)."""
    return round(score or 0.0, 9)


def _with_rank(result: CandidateResult, rank_: int) -> CandidateResult:
    return CandidateResult(
        result.candidate,
        result.criteria,
        result.weighted_score,
        result.abstained,
        result.relevance,
        result.feasibility,
        rank_,
    )


def aggregate(
    *,
    criteria: Sequence[CriterionSpec],
    candidates: Sequence[CandidateSpec],
    scores: Iterable[tuple[int, int, int, int]],
    abstentions: Iterable[tuple[int, int]],
    weights: Mapping[int, Decimal] | None = None,
) -> RoundResult:
    """The round's result.

    ``scores`` are (rater id, candidate id, criterion id, value); ``abstentions`` (rater id,
    candidate id) pairs; ``weights`` (criterion id → weight) replace the recorded weights for a
    what-if view.
    """
    if weights is not None:
        criteria = [
            CriterionSpec(c.id, c.name, weights.get(c.id, c.weight), c.low, c.high, c.axis) for c in criteria
        ]
    abstaining: dict[int, set[int]] = defaultdict(set)
    for rater_id, candidate_id in abstentions:
        abstaining[candidate_id].add(rater_id)
    values: dict[tuple[int, int], list[int]] = defaultdict(list)
    for rater_id, candidate_id, criterion_id, value in scores:
        if rater_id not in abstaining[candidate_id]:
            values[(candidate_id, criterion_id)].append(value)
    results = []
    for candidate in candidates:
        per_criterion = tuple(_criterion_result(c, values.get((candidate.id, c.id), ())) for c in criteria)
        results.append(
            CandidateResult(
                candidate,
                per_criterion,
                weighted_score=_weighted((item.points, item.criterion.weight) for item in per_criterion),
                abstained=len(abstaining[candidate.id]),
                relevance=_axis(per_criterion, RELEVANCE),
                feasibility=_axis(per_criterion, FEASIBILITY),
            )
        )
    return RoundResult(criteria=tuple(criteria), candidates=rank(results))
