"""The decision log as open data: every decision, with a link only to public projects."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.assessment.models import AssessmentRound, Candidate, Decision, Outcome, RoundStatus
from smartregion.opendata.tests.files import csv_rows, json_rows
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

KEY = "beschluesse"


def _decide(region: Region, project: Project, outcome: str, day: datetime.date, reference: str = "") -> None:
    now = timezone.now()
    assessment = AssessmentRound.objects.create(
        region=region, title=f"Runde {project.slug}", deadline=now, status=RoundStatus.CLOSED, closed_at=now
    )
    candidate = Candidate.objects.create(round=assessment, project=project)
    Decision.objects.create(
        region=region,
        candidate=candidate,
        project=project,
        outcome=outcome,
        body="Kreistag",
        decided_on=day,
        reference=reference,
        note="Interne Anmerkung",
    )


def test_decisions_newest_first_with_links_to_public_projects(steinfurt: Region, client: Client) -> None:
    chosen = Project.objects.create(
        region=steinfurt, title="Leitprojekt", slug="leit", status=ProjectStatus.LEAD
    )
    deferred = Project.objects.create(
        region=steinfurt, title="Später", slug="spaeter", status=ProjectStatus.DEFERRED
    )
    _decide(steinfurt, chosen, Outcome.LEAD, datetime.date(2022, 6, 20), reference="B 110/2022")
    _decide(steinfurt, deferred, Outcome.DEFERRED, datetime.date(2023, 1, 10))

    rows = json_rows(client, "kreis-steinfurt", KEY)

    assert rows == [
        {
            "datum": "2023-01-10",
            "projekt": "Später",
            "beschluss": "zurückgestellt",
            "gremium": "Kreistag",
            "vorlage": None,
            "projekt_url": None,
        },
        {
            "datum": "2022-06-20",
            "projekt": "Leitprojekt",
            "beschluss": "Leitprojekt",
            "gremium": "Kreistag",
            "vorlage": "B 110/2022",
            "projekt_url": "http://testserver/r/kreis-steinfurt/projekte/leit/",
        },
    ]
    assert "Interne Anmerkung" not in str(csv_rows(client, "kreis-steinfurt", KEY))
