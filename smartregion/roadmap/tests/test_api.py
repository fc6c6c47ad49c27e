"""The roadmap API: milestones with their dependencies, sums as decimal strings, who may read."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from smartregion.portfolio.models import ProjectStatus
from smartregion.roadmap.models import ProgrammeDeadline, SourceKind, SourceStatus
from smartregion.roadmap.services import resources
from smartregion.roadmap.tests.conftest import D, profile, step

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_roadmap_lists_milestones_with_their_dependencies(client, project):
    concept = step(project, "Konzept", D(2025, 1, 1), D(2025, 3, 31))
    pilot = step(project, "Pilot", D(2025, 4, 1), D(2025, 9, 30), depends_on=[concept])

    answer = client.get(f"{API}/regions/kreis-steinfurt/roadmap/")

    assert answer.status_code == 200
    assert answer.json()["milestones"] == [
        {
            "id": concept.pk,
            "project_id": project.pk,
            "title": "Konzept",
            "kind": "phase",
            "start": "2025-01-01",
            "end": "2025-03-31",
            "status": "geplant",
            "depends_on": [],
        },
        {
            "id": pilot.pk,
            "project_id": project.pk,
            "title": "Pilot",
            "kind": "phase",
            "start": "2025-04-01",
            "end": "2025-09-30",
            "status": "geplant",
            "depends_on": [concept.pk],
        },
    ]


def test_roadmap_shows_the_public_only_public_projects(client, login, reader, steinfurt):
    draft = profile(steinfurt, "Entwurf", status=ProjectStatus.DRAFTING)
    step(draft, "Geheim", D(2025, 1, 1), D(2025, 1, 2))

    assert client.get(f"{API}/regions/kreis-steinfurt/roadmap/").json() == {"milestones": []}
    assert len(login(reader).get(f"{API}/regions/kreis-steinfurt/roadmap/").json()["milestones"]) == 1


def test_financing_in_decimal_strings_per_project_field_and_region(
    login, reader, project, other_project, steinfurt
):
    resources.save_cost_plan(
        project=project,
        actor=None,
        lines={2025: (Decimal("100000"), Decimal("10000.25")), 2026: (Decimal(0), Decimal(10000))},
    )
    resources.save_funding_source(
        project=project,
        actor=None,
        data={"kind": SourceKind.OWN, "amount": Decimal("20000.25"), "status": SourceStatus.GRANTED},
    )
    resources.save_funding_source(
        project=project,
        actor=None,
        data={"kind": SourceKind.OWN, "amount": Decimal("50000"), "status": SourceStatus.REJECTED},
    )

    body = login(reader).get(f"{API}/regions/kreis-steinfurt/financing/").json()

    assert (body["total_costs"], body["covered"], body["gap"]) == ("120000.25", "20000.25", "100000.00")
    by_title = {p["title"]: p for p in body["projects"]}
    assert by_title["IoT für ein besseres Leben"] == {
        "project_id": project.pk,
        "title": "IoT für ein besseres Leben",
        "total_costs": "120000.25",
        "covered": "20000.25",
        "gap": "100000.00",
    }
    assert by_title["Digitale Mobilitätsorte"]["gap"] == "0.00"
    assert body["fields"] == [
        {
            "field_id": None,
            "name": "Ohne Handlungsfeld",
            "total_costs": "120000.25",
            "covered": "20000.25",
            "gap": "100000.00",
        }
    ]


def test_personnel_per_organisation_and_year(login, reader, project, smart_region_office, steinfurt):
    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=Decimal("1.5")
    )
    resources.save_capacity(
        region=steinfurt,
        actor=None,
        organisation=smart_region_office,
        year=2026,
        filled=Decimal(1),
        vacant=Decimal("0.5"),
    )

    body = login(reader).get(f"{API}/regions/kreis-steinfurt/personnel/").json()

    assert body == {
        "lines": [
            {
                "organisation_id": smart_region_office.pk,
                "organisation": "Smart Region Büro",
                "year": 2026,
                "need": "1.50",
                "capacity": "1.00",
                "vacant": "0.50",
                "gap": "0.50",
            }
        ]
    }


@pytest.mark.parametrize("path", ["financing", "personnel"])
def test_financing_and_personnel_are_for_members_only(client, login, coesfeld_coordinator, steinfurt, path):
    url = f"{API}/regions/kreis-steinfurt/{path}/"
    assert client.get(url).status_code in (401, 403)
    answer = login(coesfeld_coordinator).get(url)
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Personal und Finanzierung sehen nur Mitglieder der Region."}


def test_unknown_region_is_404(client, steinfurt):
    assert client.get(f"{API}/regions/gibt-es-nicht/roadmap/").status_code == 404


def test_funding_programmes_with_rate_and_deadlines(client, programme):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    ProgrammeDeadline.objects.create(programme=programme, date=soon, label="Antrag")

    body = client.get(f"{API}/funding-programmes/").json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["name"], item["funder"], item["funding_rate"]) == (
        "Smart Cities – Made in Germany",
        "Bund",
        "65.00",
    )
    assert item["deadlines"] == [{"date": soon.isoformat(), "label": "Antrag"}]


def test_a_coordinator_without_totp_reads_no_financing_from_the_api(settings, login, coordinator, project):
    settings.REQUIRE_MFA_FOR_COORDINATORS = True

    answer = login(coordinator).get(f"{API}/regions/kreis-steinfurt/financing/")

    assert answer.status_code == 403
    assert "total_costs" not in answer.text


def test_a_coordinator_without_totp_plans_nothing(settings, login, coordinator, project):
    settings.REQUIRE_MFA_FOR_COORDINATORS = True

    answer = login(coordinator).post(
        f"/r/kreis-steinfurt/fahrplan/projekte/{project.slug}/kosten/", {"investment_2025": "1000"}
    )

    assert answer.status_code in (302, 403)
    assert not project.cost_lines.exists()
