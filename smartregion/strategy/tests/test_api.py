"""The public read-only API of a region's strategy and its versions."""

from __future__ import annotations

import datetime

import pytest

from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, StrategyVersion
from smartregion.strategy.tests.factories import FieldFactory, GoalFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/regions/kreis-steinfurt/strategy/"


def test_strategy_has_vision_values_fields_with_goals_and_priority_and_its_version(client, strategy):
    response = client.get(API)

    assert response.status_code == 200
    assert response.json() == {
        "title": "#Zukunft ST",
        "vision": "Wir gestalten die Zukunft.",
        "values": [
            {"name": "Gemeinschaft", "description": "Mit allen Menschen im Kreis."},
            {"name": "Teilhabe", "description": ""},
        ],
        "fields": [
            {
                "name": "Verwaltung",
                "slug": "verwaltung",
                "description": "",
                "colour": "#1d4f91",
                "priority": None,
                "priority_source": "",
                "goals": [
                    {"text": "Interne Prozesse digitalisieren.", "target_date": None},
                    {"text": "Dienstleistungen digital anbieten.", "target_date": None},
                ],
            },
            {
                "name": "Mobilität",
                "slug": "mobilitaet",
                "description": "",
                "colour": "#1d4f91",
                "priority": "II",
                "priority_source": "Bürgermeisterkonferenz 2019",
                "goals": [{"text": "Mobilstationen smart betreiben.", "target_date": None}],
            },
        ],
        "version": 8,
    }


def test_strategy_gives_every_priority_tier_as_roman_numeral_or_null(client, strategy):
    FieldFactory(strategy=strategy, name="Bildung", priority="I")
    FieldFactory(strategy=strategy, name="Kultur", priority="III")

    fields = client.get(API).json()["fields"]

    assert [(f["slug"], f["priority"]) for f in fields] == [
        ("verwaltung", None),
        ("mobilitaet", "II"),
        ("bildung", "I"),
        ("kultur", "III"),
    ]


def test_strategy_follows_every_change_with_a_new_version_number(client, strategy, coordinator):
    GoalFactory(
        field=FieldOfAction.objects.get(strategy=strategy, slug="mobilitaet"),
        text="Leihräder anbinden.",
        target_date=datetime.date(2026, 12, 31),
    )

    body = client.get(API).json()

    assert body["version"] == 9
    assert body["fields"][1]["goals"][-1] == {"text": "Leihräder anbinden.", "target_date": "2026-12-31"}


def test_versions_are_listed_newest_first_with_the_fixed_name(client, strategy, coordinator):
    services.fix_version(
        version=StrategyVersion.objects.get(strategy=strategy, number=3),
        actor=coordinator,
        name="Fassung vom 20.06.2022",
        note="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
    )

    body = client.get(f"{API}versions/").json()

    assert body["count"] == 8
    assert [v["number"] for v in body["items"]] == [8, 7, 6, 5, 4, 3, 2, 1]
    fixed = body["items"][5]
    assert set(fixed) == {"number", "summary", "created_at", "fixed_name", "fixed_note", "fixed_on"}
    assert (fixed["fixed_name"], fixed["fixed_note"], fixed["fixed_on"]) == (
        "Fassung vom 20.06.2022",
        "Kreistag",
        "2022-06-20",
    )
    assert body["items"][-1]["summary"] == "Strategie angelegt"
    assert body["items"][0]["fixed_name"] == ""


def test_versions_are_paginated_by_limit_and_offset(client, strategy):
    body = client.get(f"{API}versions/", {"limit": 3, "offset": 2}).json()

    assert body["count"] == 8
    assert [v["number"] for v in body["items"]] == [6, 5, 4]


def test_one_version_carries_its_own_text(client, strategy, coordinator):
    services.update_vision(strategy=strategy, actor=coordinator, title="#Zukunft ST", vision="Neu.")

    body = client.get(f"{API}versions/1/").json()

    assert body["number"] == 1
    assert body["summary"] == "Strategie angelegt"
    assert body["content"] == {
        "title": "#Zukunft ST",
        "vision": "Wir gestalten die Zukunft.",
        "values": [],
        "fields": [],
        "version": 1,
    }
    assert client.get(f"{API}versions/9/").json()["content"]["vision"] == "Neu."


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/regions/kreis-unbekannt/strategy/",
        "/api/v1/regions/kreis-unbekannt/strategy/versions/",
        "/api/v1/regions/kreis-unbekannt/strategy/versions/1/",
        "/api/v1/regions/kreis-coesfeld/strategy/",
        "/api/v1/regions/kreis-coesfeld/strategy/versions/",
        "/api/v1/regions/kreis-coesfeld/strategy/versions/1/",
        f"{API}versions/9/",
        f"{API}versions/0/",
    ],
)
def test_unknown_region_region_without_strategy_and_unknown_version_are_404(client, strategy, coesfeld, path):
    assert client.get(path).status_code == 404


def test_version_number_must_be_a_number(client, strategy):
    assert client.get(f"{API}versions/eins/").status_code == 422


def test_api_is_read_only(client, strategy, state_of):
    before = state_of(strategy)

    response = client.post(API, {"title": "Gehackt"}, content_type="application/json")

    assert response.status_code == 405
    assert state_of(strategy) == before


def test_strategy_endpoints_stay_within_a_few_queries(client, strategy, django_assert_max_num_queries):
    for number in range(10):
        GoalFactory(field=FieldFactory(strategy=strategy, name=f"Feld {number}"))

    with django_assert_max_num_queries(3):
        assert client.get(API).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}versions/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"{API}versions/5/").status_code == 200


def test_demo_strategies_in_the_api(client, demo):
    steinfurt = client.get(API).json()
    coesfeld = client.get("/api/v1/regions/kreis-coesfeld/strategy/").json()
    versions = client.get(f"{API}versions/", {"limit": 100}).json()["items"]

    assert (len(steinfurt["values"]), len(steinfurt["fields"])) == (7, 6)
    assert {f["priority"] for f in steinfurt["fields"]} == {None}
    assert [f["priority"] for f in coesfeld["fields"]] == ["I", "I", "II", "II", "II", "III", "III", "III"]
    assert [v["fixed_name"] for v in versions if v["fixed_name"]] == ["Fassung vom 20.06.2022"]
    assert steinfurt["version"] == versions[0]["number"]
