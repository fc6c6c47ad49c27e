"""The API: rounds, results (blind before closing, public once published), the decision log."""

from __future__ import annotations

import datetime

import pytest

from smartregion.assessment import services
from smartregion.assessment.tests.conftest import cells, rate_all

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _closed(assessment_round, raters, coordinator):
    rate_all(assessment_round, raters[0], [(5, 4), (3, 2), (4, 4)])
    rate_all(assessment_round, raters[1], [(4, 4), (2, 2), (5, 3)])
    return services.close_round(assessment_round=assessment_round, actor=coordinator)


def test_rounds_of_a_region(login, client, assessment_round, reader):
    rounds = login(reader).get(f"{API}/regions/kreis-steinfurt/assessments/").json()

    assert rounds["count"] == 1
    item = rounds["items"][0]
    assert (item["id"], item["title"], item["status"], item["candidates"]) == (
        assessment_round.pk,
        "Konsolidierung 2022",
        "open",
        3,
    )
    assert client.get(f"{API}/regions/kreis-steinfurt/assessments/").json()["count"] == 0


def test_before_closing_results_are_403_except_progress_for_the_coordinator(
    login, client, assessment_round, raters, coordinator
):
    rate_all(assessment_round, raters[0], [(5, 4), (3, 2), (1, 1)])
    path = f"{API}/assessments/{assessment_round.pk}/results/"

    for caller in (client, login(raters[0]), login(raters[1])):
        response = caller.get(path)
        assert response.status_code == 403
        assert "erst nach Abschluss" in response.json()["detail"]
    progress = login(coordinator).get(path).json()
    assert progress["candidates"] is None
    assert {p["rater"]: (p["rated"], p["submitted"]) for p in progress["progress"]}["ausschuss"] == (3, True)
    assert '"value"' not in str(progress)
    assert "mean" not in str(progress)


def test_results_after_closing(login, client, assessment_round, raters, coordinator, reader):
    closed = _closed(assessment_round, raters, coordinator)
    path = f"{API}/assessments/{closed.pk}/results/"

    assert client.get(path).status_code == 403
    body = login(reader).get(path).json()
    first = body["candidates"][0]
    assert first["title"] == "Digitale Mobilitätsorte"
    assert first["rank"] == 1
    assert first["weighted_score"] == pytest.approx(81.25)
    relevance = first["criteria"][0]
    assert (relevance["name"], relevance["mean"], relevance["median"], relevance["n"]) == (
        "Relevanz",
        4.5,
        4.5,
        2,
    )
    assert relevance["spread"] == pytest.approx(0.5)
    assert first["decision"] is None

    candidates, _, _ = cells(closed)
    services.record_decisions(
        assessment_round=closed,
        actor=coordinator,
        outcomes={candidates[0].pk: "leitprojekt"},
        body="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
        reference="B 110/2022",
    )
    services.publish_round(assessment_round=closed, actor=coordinator)
    public = client.get(path).json()
    assert public["candidates"][0]["decision"] == "leitprojekt"


def test_the_decision_log_is_public(client, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    services.record_decisions(
        assessment_round=closed,
        actor=coordinator,
        outcomes={candidates[0].pk: "leitprojekt", candidates[2].pk: "abgelehnt"},
        body="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
        reference="B 110/2022",
    )

    items = client.get(f"{API}/regions/kreis-steinfurt/decisions/").json()["items"]

    assert sorted((i["title"], i["decision"], i["body"], i["date"], i["reference"]) for i in items) == [
        ("Digitale Mobilitätsorte", "leitprojekt", "Kreistag", "2022-06-20", "B 110/2022"),
        ("Patenship.de", "abgelehnt", "Kreistag", "2022-06-20", "B 110/2022"),
    ]
    assert {i["project_id"] for i in items} == {candidates[0].project_id, candidates[2].project_id}


def test_unknown_round_and_switched_off_module(client, assessment_round, steinfurt):
    assert client.get(f"{API}/assessments/999999/results/").status_code == 404
    steinfurt.switched_off_modules = ["assessment"]
    steinfurt.save()
    assert client.get(f"{API}/assessments/{assessment_round.pk}/results/").status_code == 404
    assert client.get(f"{API}/regions/kreis-steinfurt/decisions/").status_code == 404
