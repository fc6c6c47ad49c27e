"""Every list page and API list reads a fixed number of SQL queries, however long the list.

Each list is read on the demo, then again after 60 more rows of what it lists; both counts must
equal the pinned number below, for an anonymous visitor and for the coordinator. A new list, or a
list that reads more, fails here until its number is pinned on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartregion.accounts.models import User
from smartregion.analysis.models import AnalysisRound
from smartregion.assessment.models import AssessmentRound, Candidate, Decision, Outcome, RoundStatus
from smartregion.events.models import Event
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import Project, ProjectStatus, ProjectVersion
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.reporting.models import Indicator, Measurement, StatusReport, StatusUpdate
from smartregion.roadmap.models import CostLine, FundingProgramme, FundingSource, PersonnelNeed, SourceKind
from smartregion.strategy.models import FieldOfAction, Strategy, StrategyVersion
from smartregion.surveys.models import Survey

pytestmark = pytest.mark.django_db

MORE = 60
PROFILE = "coworking-spaces-in-ortszentren"  # a Steinfurt demo profile
STEINFURT = "/r/kreis-steinfurt"
API = "/api/v1/regions/kreis-steinfurt"


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _steinfurt() -> Region:
    return Region.objects.get(slug="kreis-steinfurt")


def more_ideas() -> None:
    region = _steinfurt()
    Idea.objects.bulk_create(
        Idea(region=region, title=f"Idee {n}", description="Text", status=IdeaStatus.PUBLISHED)
        for n in range(MORE)
    )


def more_projects() -> None:
    region = _steinfurt()
    projects = Project.objects.bulk_create(
        Project(
            region=region,
            title=f"Zusatzprojekt {n:03d}",
            slug=f"zusatz-{n}",
            status=ProjectStatus.IN_PROGRESS,
        )
        for n in range(MORE)
    )
    field = FieldOfAction.objects.filter(strategy__region=region).first()
    place = Municipality.objects.filter(region=region).first()
    Project.fields.through.objects.bulk_create(
        Project.fields.through(project_id=p.pk, fieldofaction_id=field.pk) for p in projects
    )
    Project.municipalities.through.objects.bulk_create(
        Project.municipalities.through(project_id=p.pk, municipality_id=place.pk) for p in projects
    )


def more_events() -> None:
    region, now = _steinfurt(), timezone.now()
    Event.objects.bulk_create(
        Event(
            region=region,
            title=f"Werkstatt {n}",
            start=now + datetime.timedelta(days=n - MORE // 2),
            end=now + datetime.timedelta(days=n - MORE // 2, hours=2),
        )
        for n in range(MORE)
    )


def more_municipalities() -> None:
    region = _steinfurt()
    Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Ort {n}", slug=f"ort-{n}") for n in range(MORE)
    )


def more_organisations() -> None:
    region = _steinfurt()
    Organisation.objects.bulk_create(
        Organisation(region=region, name=f"Verein {n}", slug=f"verein-{n}", kind="verein")
        for n in range(MORE)
    )


def more_surveys() -> None:
    region, now = _steinfurt(), timezone.now()
    Survey.objects.bulk_create(
        Survey(
            region=region,
            title=f"Umfrage {n}",
            privacy_notice="Anonym.",
            published=True,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=9),
        )
        for n in range(MORE)
    )


def more_assessment_rounds() -> None:
    region, now = _steinfurt(), timezone.now()
    AssessmentRound.objects.bulk_create(
        AssessmentRound(region=region, title=f"Runde {n}", deadline=now + datetime.timedelta(days=n + 1))
        for n in range(MORE)
    )


def more_decisions() -> None:
    """A closed round over 60 more projects, with a decision on each."""
    more_projects()
    region, now = _steinfurt(), timezone.now()
    assessment = AssessmentRound.objects.create(
        region=region, title="Nachbewertung", deadline=now, status=RoundStatus.CLOSED, closed_at=now
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(round=assessment, project=project)
        for project in Project.objects.filter(region=region, slug__startswith="zusatz-")
    )
    Decision.objects.bulk_create(
        Decision(
            region=region,
            candidate=candidate,
            project_id=candidate.project_id,
            outcome=Outcome.POTENTIAL,
            body="Kreistag",
            decided_on=now.date(),
        )
        for candidate in candidates
    )


def more_plans() -> None:
    """60 more projects, each with costs, a funding source and a personnel need."""
    more_projects()
    region = _steinfurt()
    organisation = Organisation.objects.filter(region=region).first()
    projects = list(Project.objects.filter(region=region, slug__startswith="zusatz-"))
    CostLine.objects.bulk_create(
        CostLine(region=region, project=p, year=2026, investment=Decimal(1000), running=Decimal(100))
        for p in projects
    )
    FundingSource.objects.bulk_create(
        FundingSource(region=region, project=p, kind=SourceKind.OWN, amount=Decimal(500)) for p in projects
    )
    PersonnelNeed.objects.bulk_create(
        PersonnelNeed(region=region, project=p, organisation=organisation, year=2026, fte=Decimal("0.5"))
        for p in projects
    )


def more_status_updates() -> None:
    """60 more projects, each with a status update and an indicator with a measurement."""
    more_projects()
    region, today = _steinfurt(), timezone.localdate()
    projects = list(Project.objects.filter(region=region, slug__startswith="zusatz-"))
    StatusUpdate.objects.bulk_create(
        StatusUpdate(region=region, project=p, reported_on=today, traffic="gruen", progress=50, text="Läuft")
        for p in projects
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(region=region, project=p, name="Nutzende", unit="Anzahl", baseline=0, target=10)
        for p in projects
    )
    Measurement.objects.bulk_create(Measurement(indicator=i, measured_on=today, value=5) for i in indicators)


def more_reports() -> None:
    """60 more published reports of Coesfeld (whose demo has one: an empty list reads no page)."""
    region, today = Region.objects.get(slug="kreis-coesfeld"), timezone.localdate()
    StatusReport.objects.bulk_create(
        StatusReport(
            region=region,
            title=f"Bericht {n}",
            committee="Kreisausschuss",
            meeting_date=today,
            period_start=today,
            period_end=today,
            state="fertig",
            published_at=timezone.now(),
        )
        for n in range(MORE)
    )


def more_analysis_rounds() -> None:
    region, now = _steinfurt(), timezone.now()
    AnalysisRound.objects.bulk_create(
        AnalysisRound(
            region=region, name=f"Bedarfsanalyse {n}", deadline=now + datetime.timedelta(days=n + 1)
        )
        for n in range(MORE)
    )


def more_programmes() -> None:
    FundingProgramme.objects.bulk_create(
        FundingProgramme(name=f"Förderprogramm {n}", funder="Land NRW", keywords="digital")
        for n in range(MORE)
    )


def more_project_versions() -> None:
    project = Project.objects.get(region__slug="kreis-steinfurt", slug=PROFILE)
    last = project.versions.order_by("-number").first()
    assert last is not None
    ProjectVersion.objects.bulk_create(
        ProjectVersion(
            project=project, number=last.number + n + 1, snapshot=last.snapshot, summary="Änderung"
        )
        for n in range(MORE)
    )


def more_strategy_versions() -> None:
    strategy = Strategy.objects.get(region__slug="kreis-steinfurt")
    last = strategy.versions.order_by("-number").first()
    assert last is not None
    StrategyVersion.objects.bulk_create(
        StrategyVersion(
            strategy=strategy, number=last.number + n + 1, snapshot=last.snapshot, summary="Änderung"
        )
        for n in range(MORE)
    )


def more_regions() -> None:
    Region.objects.bulk_create(
        Region(name=f"Kreis {n}", slug=f"kreis-{n}", federal_state="NW", official_key=f"05{n:03d}")
        for n in range(MORE)
    )


# path -> (rows to add, queries anonymous (None: members only), queries as the coordinator)
LISTS: dict[str, tuple[Callable[[], None], int | None, int]] = {
    "/": (more_regions, 3, 6),
    "/projektkatalog/": (more_projects, 4, 7),
    f"{STEINFURT}/ideen/": (more_ideas, 5, 8),
    f"{STEINFURT}/projekte/": (more_projects, 7, 10),
    f"{STEINFURT}/kommunen/": (more_municipalities, 3, 6),
    f"{STEINFURT}/organisationen/": (more_organisations, 3, 6),
    f"{STEINFURT}/termine/": (more_events, 5, 8),
    f"{STEINFURT}/beteiligung/": (more_surveys, 3, 6),
    "/api/v1/regions/": (more_regions, 3, 5),
    f"{API}/municipalities/": (more_municipalities, 3, 5),
    f"{API}/organisations/": (more_organisations, 3, 5),
    f"{API}/ideas/": (more_ideas, 3, 5),
    f"{API}/projects/": (more_projects, 5, 8),
    f"{API}/events/": (more_events, 3, 5),
    f"{API}/surveys/": (more_surveys, 3, 6),
    f"{STEINFURT}/bewertung/": (more_assessment_rounds, 3, 7),
    f"{STEINFURT}/bewertung/beschluesse/": (more_decisions, 3, 6),
    f"{STEINFURT}/fahrplan/finanzierung/": (more_plans, None, 10),
    f"{STEINFURT}/fahrplan/personal/": (more_plans, None, 8),
    f"{API}/decisions/": (more_decisions, 3, 5),
    f"{STEINFURT}/fortschritt/": (more_status_updates, 9, 16),
    "/r/kreis-coesfeld/berichte/": (more_reports, 3, 6),
    f"{API}/progress/": (more_status_updates, 7, 10),
    "/api/v1/regions/kreis-coesfeld/reports/": (more_reports, 3, 6),
    f"{STEINFURT}/bedarfsanalyse/": (more_analysis_rounds, 2, 5),
    f"{STEINFURT}/fahrplan/": (more_projects, 9, 12),
    f"{STEINFURT}/fahrplan/foerderprogramme/": (more_programmes, 3, 6),
    f"{STEINFURT}/projekte/{PROFILE}/fassungen/": (more_project_versions, 9, 12),
    f"{STEINFURT}/strategie/fassungen/": (more_strategy_versions, 7, 10),
    f"{API}/assessments/": (more_assessment_rounds, 3, 6),
    f"{API}/analyses/": (more_analysis_rounds, 3, 7),
    f"{API}/roadmap/": (more_projects, 3, 6),
    f"{API}/strategy/versions/": (more_strategy_versions, 4, 6),
    "/api/v1/funding-programmes/": (more_programmes, 3, 5),
}


def _queries(client: Client, path: str) -> int | None:
    response = client.get(path)  # sessions and caches warm, as for the visitors after the first
    if response.status_code in (302, 403) and not response.wsgi_request.user.is_authenticated:
        return None  # a list for members only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
    return len(queries.captured_queries)


@pytest.mark.parametrize("path", list(LISTS))
def test_list_reads_the_pinned_number_of_queries_at_any_length(demo: None, path: str) -> None:
    add, anonymous_pinned, coordinator_pinned = LISTS[path]
    coordinator = Client()
    coordinator.force_login(User.objects.get(email="koordination.steinfurt@demo.smartregion.example"))
    before = (_queries(Client(), path), _queries(coordinator, path))
    add()
    after = (_queries(Client(), path), _queries(coordinator, path))

    assert after == before, f"{path}: {before} Abfragen vorher, {after} mit {MORE} Zeilen mehr"
    assert before == (anonymous_pinned, coordinator_pinned), f"{path}: {before}"
