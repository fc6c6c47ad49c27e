"""The needs-analysis API: lists, results by visibility, writing a questionnaire."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.analysis import services
from smartregion.analysis.models import AnalysisRound, Answer, QuestionnaireStatus
from smartregion.analysis.tests.conftest import questionnaire_of

pytestmark = pytest.mark.django_db


def put(client: Client, url: str, body: dict) -> object:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def qurl(analysis_round: AnalysisRound, municipality: str = "greven") -> str:
    return f"/api/v1/analyses/{analysis_round.pk}/questionnaires/{municipality}/"


def body(analysis_round: AnalysisRound, value: int | None = 4, **extra: object) -> dict:
    answers = [
        {"field": field.slug, "dimension": key, "value": value}
        for field in analysis_round.fields.all()
        for key in analysis_round.dimension_keys()
    ]
    return {"version": 0, "answers": answers, **extra}


def test_list_shows_members_all_rounds_and_the_public_published_ones(client, login, analysis_round, reader):
    assert client.get("/api/v1/regions/kreis-steinfurt/analyses/").json()["items"] == []
    items = login(reader).get("/api/v1/regions/kreis-steinfurt/analyses/").json()["items"]
    assert [(i["name"], i["invited"], i["submitted"]) for i in items] == [("Bedarfsanalyse 2026", 3, 0)]
    assert client.get("/api/v1/regions/nirgendwo/analyses/").status_code == 404


def test_officer_puts_and_submits_own_questionnaire(login, analysis_round, greven, officer):
    client = login(officer)
    response = put(client, qurl(analysis_round), body(analysis_round, None))
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    response = put(client, qurl(analysis_round), body(analysis_round, 5, version=1, submit=True))
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert questionnaire_of(analysis_round, greven).status == QuestionnaireStatus.SUBMITTED
    got = client.get(qurl(analysis_round)).json()
    assert {a["value"] for a in got["answers"]} == {5}


def test_put_needs_login(client, analysis_round):
    assert put(client, qurl(analysis_round), body(analysis_round)).status_code == 401


def test_officer_cannot_put_or_read_another_municipalitys_questionnaire(
    login, analysis_round, officer, emsdetten
):
    client = login(officer)
    assert put(client, qurl(analysis_round, "emsdetten"), body(analysis_round)).status_code == 403
    assert client.get(qurl(analysis_round, "emsdetten")).status_code == 403
    assert not Answer.objects.exists()


def test_coordinator_reads_but_cannot_put(login, analysis_round, coordinator):
    client = login(coordinator)
    assert client.get(qurl(analysis_round)).status_code == 200
    assert put(client, qurl(analysis_round), body(analysis_round)).status_code == 403


def test_other_region_and_forged_ids_are_404(login, analysis_round, coesfeld_coordinator, officer):
    assert put(login(coesfeld_coordinator), qurl(analysis_round), body(analysis_round)).status_code == 404
    client = login(officer)
    assert (
        put(client, "/api/v1/analyses/999999/questionnaires/greven/", body(analysis_round)).status_code == 404
    )
    assert put(client, qurl(analysis_round, "duelmen"), body(analysis_round)).status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"answers": [{"field": "verwaltung", "dimension": "relevanz", "value": 9}]}, 422, "Skala"),
        ({"answers": [{"field": "verwaltung", "dimension": "relevanz", "value": 0}]}, 422, "Skala"),
        ({"answers": [{"field": "tourismus", "dimension": "relevanz", "value": 3}]}, 422, "gehört nicht"),
        ({"answers": [{"field": "verwaltung", "dimension": "kosten", "value": 3}]}, 422, "Dimension"),
        ({"answers": [{"field": "verwaltung", "dimension": "relevanz", "value": "viel"}]}, 422, ""),
        ({"comments": {"tourismus": "x"}}, 422, "gehört nicht"),
        ({"version": 7}, 409, "Inzwischen"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(login, analysis_round, officer, change, status, text):
    response = put(login(officer), qurl(analysis_round), {**body(analysis_round), **change})
    assert response.status_code == status, response.content
    assert text in json.dumps(response.json(), ensure_ascii=False)
    assert not Answer.objects.exists()


def test_put_after_deadline_or_closed_is_409(login, analysis_round, officer, coordinator):
    AnalysisRound.objects.filter(pk=analysis_round.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = put(login(officer), qurl(analysis_round), body(analysis_round))
    assert response.status_code == 409
    assert "Frist" in response.json()["detail"]
    AnalysisRound.objects.filter(pk=analysis_round.pk).update(
        deadline=timezone.now() + datetime.timedelta(days=1)
    )
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    assert put(login(officer), qurl(analysis_round), body(analysis_round)).status_code == 409
    assert not Answer.objects.exists()


def test_results_by_visibility(
    client, login, analysis_round, greven, emsdetten, submit, officer, reader, coordinator
):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3, "Demografie": 1})
    submit(analysis_round, emsdetten, {"Verwaltung": 4, "Mobilität": 3, "Demografie": 2})
    url = f"/api/v1/analyses/{analysis_round.pk}/results/"
    assert client.get(url).status_code == 404
    assert login(officer).get(url).status_code == 403
    data = login(coordinator).get(url).json()
    assert [f["suggested_tier"] for f in data["fields"]] == ["I", "II", "III"]
    assert data["fields"][0]["aggregates"][0]["mean"] == 4.5
    assert data["fields"][0]["tier"] is None
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    data = login(reader).get(url).json()
    assert data["fields"][0]["aggregates"][0]["count"] == 2
    assert [row["municipality"] for row in data["municipalities"]] == ["Emsdetten", "Greven"]
    services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    assert client.get(url).status_code == 404
    services.publish_results(analysis_round=analysis_round, actor=coordinator)
    public = client.get(url).json()
    assert [(f["name"], f["tier"]) for f in public["fields"]] == [
        ("Verwaltung", "I"),
        ("Mobilität", "II"),
        ("Demografie", "III"),
    ]
    assert all(f["aggregates"] == [] and f["suggested_tier"] is None for f in public["fields"])
    assert public["municipalities"] is None
    assert "Greven" not in json.dumps(public)


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/regions/{slug}/analyses/" in paths
    assert "/api/v1/analyses/{round_id}/results/" in paths
    assert "put" in paths["/api/v1/analyses/{round_id}/questionnaires/{municipality_slug}/"]
