"""The Atom feed and the API of monitoring: what parses, who sees what, unknown ids are 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from lxml import etree

from smartregion.reporting import services
from smartregion.reporting.tests.conftest import update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_the_public_projects_updates_only(
    client: Any, project: Any, draft: Any
) -> None:
    update(project, 30, datetime.date(2025, 4, 1))
    update(draft, 10, datetime.date(2025, 4, 2))

    answer = client.get("/r/kreis-steinfurt/feed.atom")

    assert answer["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(answer.content, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["IoT für ein besseres Leben: im Plan, 30 %"]


def test_a_feed_of_an_unknown_region_is_404(client: Any) -> None:
    assert client.get("/r/gibt-es-nicht/feed.atom").status_code == 404


def test_status_updates_and_indicators_through_the_api(client: Any, project: Any, draft: Any) -> None:
    update(project, 30, datetime.date(2025, 4, 1))
    update(project, 55, datetime.date(2025, 6, 1))
    indicator = services.add_indicator(
        project=project, actor=None, data={"name": "Sensoren", "unit": "Anzahl", "baseline": 0, "target": 120}
    )
    services.add_measurement(
        indicator=indicator, actor=None, data={"measured_on": datetime.date(2025, 5, 1), "value": 40}
    )

    updates = client.get(f"/api/v1/projects/{project.pk}/status-updates/").json()["items"]
    indicators = client.get(f"/api/v1/projects/{project.pk}/indicators/").json()

    assert [u["progress"] for u in updates] == [55, 30]
    assert indicators == [
        {
            "id": indicator.pk,
            "name": "Sensoren",
            "unit": "Anzahl",
            "baseline": "0.00",
            "target": "120.00",
            "description": "",
            "measurements": [{"measured_on": "2025-05-01", "value": "40.00"}],
        }
    ]
    assert client.get(f"/api/v1/projects/{draft.pk}/status-updates/").status_code == 404
    assert client.get("/api/v1/projects/999999/indicators/").status_code == 404


def test_progress_through_the_api_names_its_weights(client: Any, project: Any, steinfurt: Any) -> None:
    from smartregion.strategy.models import FieldOfAction, Strategy

    strategy = Strategy.objects.create(region=steinfurt, title="Strategie")
    field = FieldOfAction.objects.create(strategy=strategy, name="Verwaltung", slug="verwaltung", order=1)
    project.fields.add(field)
    update(project, 40, datetime.date(2025, 4, 1))
    services.set_project_weight(project=project, actor=None, weight="2,5")

    answer = client.get("/api/v1/regions/kreis-steinfurt/progress/").json()

    assert answer["strategy"] == pytest.approx(40.0)
    assert answer["fields"][0]["projects"][0] | {"title": ""} == {
        "project_id": project.pk,
        "title": "",
        "progress": 40,
        "weight": "2.50",
        "weight_source": "gesetzt",
        "reported": True,
    }
    assert "Statusmeldung" in answer["rule"]
    assert client.get("/api/v1/regions/gibt-es-nicht/progress/").status_code == 404
