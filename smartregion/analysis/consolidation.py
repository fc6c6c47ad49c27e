"""Consolidation of a round's submitted answers: aggregates, heatmap, suggested tiers.

Pure computation over plain rows, so the page, the API, the PDF and the benchmark share it.
Only submitted questionnaires count; "kann ich nicht beurteilen" (NULL) is counted apart and
left out of every figure.

The rule: each field's *score* is the weighted mean of the means of the weighted dimensions
(default: Relevanz der Digitalisierung and Gestaltungsspielraum der Kommune, weight 1 each).
Tiers by thresholds: score at least the first threshold is tier I, at least the second tier II,
else tier III. Tiers by thirds: the fields ranked by score, the first third tier I, the second
tier II, the rest tier III; fields with equal scores share the better tier.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from smartregion.analysis.models import AnalysisRound, Answer, Questionnaire, QuestionnaireStatus, TierMethod

TIERS = ("I", "II", "III")


@dataclass(frozen=True)
class Aggregate:
    dimension: str
    label: str
    mean: float | None
    median: float | None
    spread: float | None  # population standard deviation
    minimum: int | None
    maximum: int | None
    count: int
    unknown: int


@dataclass
class FieldResult:
    field_id: int
    name: str
    slug: str
    aggregates: list[Aggregate]
    score: float | None
    suggested: str = ""
    tier: str = ""  # confirmed
    reason: str = ""


@dataclass(frozen=True)
class HeatmapRow:
    municipality_id: int
    name: str
    cells: tuple[float | None, ...]  # one per field, the municipality's own score


@dataclass
class Consolidation:
    fields: list[FieldResult]
    heatmap: list[HeatmapRow]
    submitted: int
    invited: int
    rule: dict[str, Any] = field(default_factory=dict)

    def by_tier(self, attribute: str = "suggested") -> dict[str, list[FieldResult]]:
        grouped: dict[str, list[FieldResult]] = {tier: [] for tier in TIERS}
        for result in self.fields:
            tier = getattr(result, attribute)
            if tier in grouped:
                grouped[tier].append(result)
        return grouped


Row = tuple[int, int, str, int | None]  # municipality id, field id, dimension, value


def _aggregate(dimension: str, label: str, values: Sequence[int | None]) -> Aggregate:
    known = [v for v in values if v is not None]
    if not known:
        return Aggregate(dimension, label, None, None, None, None, None, 0, len(values))
    return Aggregate(
        dimension=dimension,
        label=label,
        mean=round(statistics.fmean(known), 2),
        median=float(statistics.median(known)),
        spread=round(statistics.pstdev(known), 2),
        minimum=min(known),
        maximum=max(known),
        count=len(known),
        unknown=len(values) - len(known),
    )


def weighted_score(means: dict[str, float | None], weights: dict[str, Any]) -> float | None:
    """The weighted mean of the given dimension means; dimensions without a mean are left out."""
    total = weight_sum = 0.0
    for key, weight in weights.items():
        mean = means.get(key)
        if mean is None or not weight:
            continue
        total += float(weight) * mean
        weight_sum += float(weight)
    return round(total / weight_sum, 2) if weight_sum else None


def suggest_tiers(scores: Sequence[float | None], rule: dict[str, Any]) -> list[str]:
    """One tier per score by the rule ("" where there is no score)."""
    if rule.get("method") == TierMethod.THIRDS:
        ranked = sorted((s for s in scores if s is not None), reverse=True)
        count = len(ranked)
        tiers = []
        for score in scores:
            if score is None:
                tiers.append("")
                continue
            position = ranked.index(score)  # the first of equal scores: ties share the better tier
            tiers.append("I" if position * 3 < count else "II" if position * 3 < 2 * count else "III")
        return tiers
    first, second = (float(t) for t in rule.get("thresholds", (4.0, 3.0)))
    return ["" if s is None else "I" if s >= first else "II" if s >= second else "III" for s in scores]


def consolidate_rows(
    *,
    rows: Iterable[Row],
    fields: Sequence[tuple[int, str, str]],  # id, name, slug in display order
    dimensions: Sequence[dict[str, str]],
    municipalities: Sequence[tuple[int, str]],  # the submitted ones, id and name
    rule: dict[str, Any],
    invited: int,
) -> Consolidation:
    values: dict[tuple[int, str], list[int | None]] = defaultdict(list)
    own: dict[tuple[int, int, str], int | None] = {}
    for municipality_id, field_id, dimension, value in rows:
        values[(field_id, dimension)].append(value)
        own[(municipality_id, field_id, dimension)] = value
    weights = dict(rule.get("weights") or {})
    results = []
    for field_id, name, slug in fields:
        aggregates = [_aggregate(d["key"], d["label"], values[(field_id, d["key"])]) for d in dimensions]
        score = weighted_score({a.dimension: a.mean for a in aggregates}, weights)
        results.append(FieldResult(field_id, name, slug, aggregates, score))
    for result, tier in zip(results, suggest_tiers([r.score for r in results], rule), strict=True):
        result.suggested = tier
    heatmap = []
    for municipality_id, municipality_name in municipalities:
        cells = []
        for field_id, _name, _slug in fields:
            means: dict[str, float | None] = {}
            for key in weights:
                value = own.get((municipality_id, field_id, key))
                means[key] = float(value) if value is not None else None
            cells.append(weighted_score(means, weights))
        heatmap.append(HeatmapRow(municipality_id, municipality_name, tuple(cells)))
    return Consolidation(results, heatmap, len(municipalities), invited, rule)


def consolidate(analysis_round: AnalysisRound, rule: dict[str, Any] | None = None) -> Consolidation:
    """Consolidate the round's submitted questionnaires (by its own rule unless one is given)."""
    fields = [(f.pk, f.name, f.slug) for f in analysis_round.fields.order_by("order", "pk")]
    submitted = Questionnaire.objects.filter(round=analysis_round, status=QuestionnaireStatus.SUBMITTED)
    municipalities = [
        (m_id, name) for m_id, name in submitted.values_list("municipality_id", "municipality__name")
    ]
    rows = Answer.objects.filter(
        questionnaire__round=analysis_round, questionnaire__status=QuestionnaireStatus.SUBMITTED
    ).values_list("questionnaire__municipality_id", "field_id", "dimension", "value")
    result = consolidate_rows(
        rows=rows.iterator(chunk_size=5000),
        fields=fields,
        dimensions=analysis_round.dimensions,
        municipalities=sorted(municipalities, key=lambda m: m[1]),
        rule=rule or analysis_round.rule,
        invited=analysis_round.questionnaires.count(),
    )
    decisions = {d.field_id: d for d in analysis_round.decisions.all()}
    for item in result.fields:
        decision = decisions.get(item.field_id)
        if decision is not None:
            item.tier, item.reason = decision.tier, decision.reason
    return result
