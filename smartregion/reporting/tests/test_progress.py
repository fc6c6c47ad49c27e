"""The roll-up rule (progress.py): projects to fields to the strategy, with its weights."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartregion.reporting.progress import FieldRow, ProjectRow, roll_up

FIELDS = [
    FieldRow(1, "Verwaltung", "verwaltung"),
    FieldRow(2, "Mobilität", "mobilitaet"),
    FieldRow(3, "Leer", "leer"),
]


def row(pk: int, fields: tuple[int, ...], progress: int | None, costs: int = 0, **kw: object) -> ProjectRow:
    return ProjectRow(
        pk,
        f"P{pk}",
        f"p{pk}",
        fields,
        progress,
        bool(kw.get("completed")),
        Decimal(costs),
        kw.get("weight"),  # type: ignore[arg-type]
    )


def test_fields_are_weighted_by_costs_and_the_strategy_by_the_fields_weights() -> None:
    result = roll_up(
        FIELDS,
        [row(1, (1,), 20, costs=300), row(2, (1,), 60, costs=100), row(3, (2,), 50, costs=100)],
        "budget",
    )

    verwaltung, mobilitaet, leer = result.fields
    assert verwaltung.progress == pytest.approx(30.0)  # (20·300 + 60·100) / 400
    assert mobilitaet.progress == pytest.approx(50.0)
    assert leer.progress is None
    assert leer.projects == []
    assert result.strategy == pytest.approx((30 * 400 + 50 * 100) / 500)


def test_equal_weights_completed_projects_and_projects_without_an_update() -> None:
    result = roll_up(
        FIELDS, [row(1, (1,), 20), row(2, (1,), None), row(3, (1,), 10, completed=True)], "gleich"
    )

    assert result.fields[0].progress == pytest.approx((20 + 0 + 100) / 3)
    assert result.unreported == ["P2"]


def test_a_set_weight_wins_and_zero_costs_fall_back_to_equal_weights() -> None:
    result = roll_up(
        FIELDS,
        [
            row(1, (1,), 100, costs=0, weight=Decimal(3)),
            row(2, (1,), 0, costs=0),
            row(3, (2,), 40),
            row(4, (2,), 80),
        ],
        "budget",
    )

    assert result.fields[0].progress == pytest.approx(100.0)  # weight 3 against cost weight 0
    assert result.fields[1].equal_fallback is True
    assert result.fields[1].progress == pytest.approx(60.0)
    sources = {p.project_id: p.weight_source for f in result.fields for p in f.projects}
    assert sources == {1: "gesetzt", 2: "kosten", 3: "kosten", 4: "kosten"}


def test_a_project_in_two_fields_counts_in_each() -> None:
    result = roll_up(FIELDS, [row(1, (1, 2), 40)], "gleich")

    assert [f.progress for f in result.fields[:2]] == [40.0, 40.0]
    assert result.strategy == pytest.approx(40.0)
