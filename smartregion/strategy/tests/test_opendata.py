"""The fields of action as open data: in the strategy's order, with their goals."""

from __future__ import annotations

import pytest
from django.test import Client

from smartregion.opendata.tests.files import csv_rows, json_rows
from smartregion.regions.models import Region
from smartregion.strategy.tests.factories import FieldFactory, GoalFactory, StrategyFactory

pytestmark = pytest.mark.django_db

KEY = "handlungsfelder"


def test_fields_in_order_with_their_goals(steinfurt: Region, client: Client) -> None:
    strategy = StrategyFactory(region=steinfurt)
    education = FieldFactory(strategy=strategy, name="Bildung", priority="I")
    FieldFactory(strategy=strategy, name="Mobilität")
    GoalFactory(field=education, text="Jede Schule hat WLAN.")
    GoalFactory(field=education, text="Lehrkräfte sind fortgebildet.")

    rows = json_rows(client, "kreis-steinfurt", KEY)

    assert [row["name"] for row in rows] == ["Bildung", "Mobilität"]
    assert rows[0]["ziele"] == "Jede Schule hat WLAN.\nLehrkräfte sind fortgebildet."
    assert rows[0]["prioritaet"] == "I"
    assert rows[1]["prioritaet"] is None
    assert (
        rows[0]["url"] == f"http://testserver/r/kreis-steinfurt/strategie/handlungsfelder/{education.slug}/"
    )
    assert csv_rows(client, "kreis-steinfurt", KEY)[0]["ziele"] == rows[0]["ziele"]


def test_a_region_without_a_strategy_has_no_rows(steinfurt: Region, client: Client) -> None:
    assert json_rows(client, "kreis-steinfurt", KEY) == []
