"""Status updates and indicators: who reports, what is refused in German (and nothing stored)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregion.reporting import services
from smartregion.reporting.models import Indicator, Measurement, StatusUpdate

pytestmark = pytest.mark.django_db


def _url(project: Any, rest: str = "") -> str:
    return f"/r/kreis-steinfurt/fortschritt/projekte/{project.slug}/{rest}"


GOOD = {"reported_on": "", "traffic": "gelb", "progress": "40", "text": "Ausschreibung läuft."}


def test_the_project_lead_reports_a_status_that_everyone_sees(
    client: Any, login: Any, project_lead: Any, project: Any
) -> None:
    answer = login(project_lead).post(
        _url(project, "meldung/"), {**GOOD, "reported_on": timezone.localdate().isoformat()}
    )

    assert answer.status_code == 302
    update = StatusUpdate.objects.get(project=project)
    assert (update.traffic, update.progress, update.author_name) == ("gelb", 40, project_lead.get_full_name())
    page = client.get(_url(project)).text
    assert "Ausschreibung läuft." in page
    assert "mit Abweichungen" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"progress": "101"}, "progress", "kleiner oder gleich 100"),
        ({"progress": "²"}, "progress", "Ziffern 0 bis 9"),
        ({"progress": "١٠"}, "progress", "Ziffern 0 bis 9"),
        ({"traffic": "lila"}, "traffic", "Auswahl"),
        ({"text": "  "}, "text", "erforderlich"),
        ({"reported_on": "2999-01-01"}, "reported_on", "in der Zukunft"),
    ],
)
def test_bad_status_input_is_refused_in_german(
    login: Any, coordinator: Any, project: Any, change: dict[str, str], field: str, message: str
) -> None:
    answer = login(coordinator).post(
        _url(project, "meldung/"), {**GOOD, "reported_on": "2025-01-01", **change}
    )

    assert answer.status_code == 400
    assert message in answer.text
    assert not StatusUpdate.objects.exists()


def test_the_service_refuses_progress_over_100(project: Any) -> None:
    data = {"reported_on": datetime.date(2025, 1, 1), "traffic": "gruen", "progress": 150, "text": "x"}
    with pytest.raises(ValidationError) as refused:
        services.add_status_update(project=project, actor=None, data=data)

    assert "0 bis 100" in str(refused.value.message_dict["progress"])
    assert not StatusUpdate.objects.exists()


def test_people_who_may_not_change_the_profile_may_not_report(
    login: Any, citizen: Any, reader: Any, coesfeld_coordinator: Any, project: Any
) -> None:
    assert login(citizen).post(_url(project, "meldung/"), GOOD).status_code == 403
    assert login(reader).post(_url(project, "meldung/"), GOOD).status_code == 403
    other_region = login(coesfeld_coordinator).post(_url(project, "meldung/"), GOOD)
    assert other_region.status_code == 403
    assert not StatusUpdate.objects.exists()


def test_a_draft_and_another_regions_project_are_not_found(client: Any, draft: Any, coesfeld: Any) -> None:
    assert client.get(_url(draft)).status_code == 404
    assert client.get("/r/kreis-coesfeld/fortschritt/projekte/iot-fur-ein-besseres-leben/").status_code == 404
    assert client.get("/r/gibt-es-nicht/fortschritt/").status_code == 404


def test_an_indicator_is_measured_in_its_own_unit_only(login: Any, coordinator: Any, project: Any) -> None:
    member = login(coordinator)
    created = member.post(
        _url(project, "indikatoren/"),
        {"i-name": "Sensoren", "i-unit": "Anzahl", "i-baseline": "0", "i-target": "120", "i-description": ""},
    )
    assert created.status_code == 302
    indicator = Indicator.objects.get(project=project)
    url = _url(project, f"indikatoren/{indicator.pk}/messwert/")
    prefix = f"m{indicator.pk}"

    refused = member.post(
        url, {f"{prefix}-measured_on": "2025-03-01", f"{prefix}-value": "12,5", f"{prefix}-unit": "Prozent"}
    )
    assert refused.status_code == 400
    assert "wird in „Anzahl“ gemessen, nicht in „Prozent“" in refused.text
    assert not Measurement.objects.exists()

    saved = member.post(
        url, {f"{prefix}-measured_on": "2025-03-01", f"{prefix}-value": "12,5", f"{prefix}-unit": "anzahl"}
    )
    assert saved.status_code == 302
    assert str(Measurement.objects.get().value) == "12.50"
    page = member.get(_url(project)).text
    assert "<svg" in page  # the chart …
    assert "12,50" in page  # … and its table


def test_a_measurement_of_another_projects_indicator_is_not_found(
    login: Any, coordinator: Any, project: Any, steinfurt: Any
) -> None:
    from smartregion.reporting.tests.conftest import profile

    other = profile(steinfurt, "Anderes Projekt")
    indicator = services.add_indicator(
        project=other, actor=None, data={"name": "A", "unit": "Anzahl", "baseline": 0, "target": 5}
    )

    answer = login(coordinator).post(_url(project, f"indikatoren/{indicator.pk}/messwert/"), {})

    assert answer.status_code == 404
    assert not Measurement.objects.exists()
