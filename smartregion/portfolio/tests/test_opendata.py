"""The public projects as open data: the public list's projects, with their fields and places."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from smartregion.opendata.tests.files import csv_rows, json_rows
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.tests.factories import FieldFactory, StrategyFactory

pytestmark = pytest.mark.django_db

KEY = "projekte"


@pytest.fixture
def projects(steinfurt: Region, greven: Municipality, smart_region_office: Organisation) -> list[Project]:
    field = FieldFactory(strategy=StrategyFactory(region=steinfurt), name="Bildung")
    running = Project.objects.create(
        region=steinfurt,
        title="Digitale Schule",
        slug="digitale-schule",
        status=ProjectStatus.IN_PROGRESS,
        summary="Tablets für alle.",
        lead_organisation=smart_region_office,
        lead_person="Erika Mustermann",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    running.fields.add(field)
    running.municipalities.add(greven)
    drafts = [
        Project.objects.create(
            region=steinfurt, title=f"Entwurf {status}", slug=f"entwurf-{status}", status=status
        )
        for status in (
            ProjectStatus.IDEA,
            ProjectStatus.DRAFTING,
            ProjectStatus.IN_REVIEW,
            ProjectStatus.DISCARDED,
        )
    ]
    return [running, *drafts]


def test_public_projects_with_fields_places_and_address(projects: list[Project], client: Client) -> None:
    [row] = json_rows(client, "kreis-steinfurt", KEY)

    assert row == {
        "id": projects[0].pk,
        "titel": "Digitale Schule",
        "kurzname": "digitale-schule",
        "stand": "in Umsetzung",
        "kurzbeschreibung": "Tablets für alle.",
        "handlungsfelder": "Bildung",
        "kommunen": "Greven",
        "federfuehrung": "Smart Region Büro",
        "beginn": "2024-01-01",
        "ende": "2025-12-31",
        "url": "http://testserver/r/kreis-steinfurt/projekte/digitale-schule/",
    }


def test_ideas_and_profiles_in_the_works_never_appear(projects: list[Project], client: Client) -> None:
    titles = [row["titel"] for row in csv_rows(client, "kreis-steinfurt", KEY)]

    assert titles == ["Digitale Schule"]


def test_the_contact_person_is_not_in_the_data(projects: list[Project], client: Client) -> None:
    assert "Mustermann" not in str(json_rows(client, "kreis-steinfurt", KEY))


def test_another_regions_projects_are_not_in_the_data(
    projects: list[Project], coesfeld: Region, client: Client
) -> None:
    Project.objects.create(region=coesfeld, title="Coesfelder Projekt", slug="c", status=ProjectStatus.LEAD)

    assert [row["titel"] for row in json_rows(client, "kreis-steinfurt", KEY)] == ["Digitale Schule"]
    assert [row["titel"] for row in json_rows(client, "kreis-coesfeld", KEY)] == ["Coesfelder Projekt"]
