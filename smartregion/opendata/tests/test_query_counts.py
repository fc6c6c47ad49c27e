"""Every download reads the same number of queries with 60 more rows: nothing is read per row."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartregion.assessment.models import AssessmentRound, Candidate, Decision, Outcome, RoundStatus
from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction, Goal, Strategy
from smartregion.surveys.models import Option, Question, QuestionType, Survey, Tally, TallyState

pytestmark = pytest.mark.django_db

MORE = 60


def _region() -> Region:
    return Region.objects.get(slug="kreis-steinfurt")


def more_projects() -> None:
    region = _region()
    projects = Project.objects.bulk_create(
        Project(region=region, title=f"Zusatz {n:03d}", slug=f"zusatz-{n}", status=ProjectStatus.LEAD)
        for n in range(MORE)
    )
    field = FieldOfAction.objects.get(strategy__region=region)
    place = Municipality.objects.create(region=region, name="Greven", slug="greven")
    for project in projects:
        project.fields.add(field)
        project.municipalities.add(place)


def more_fields() -> None:
    strategy = Strategy.objects.get(region=_region())
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=strategy, name=f"Feld {n}", slug=f"feld-{n}", order=n + 10)
        for n in range(MORE)
    )
    Goal.objects.bulk_create(Goal(field=field, text="Ziel") for field in fields)


def more_decisions() -> None:
    more_projects()
    region, now = _region(), timezone.now()
    assessment = AssessmentRound.objects.create(
        region=region, title="Runde", deadline=now, status=RoundStatus.CLOSED, closed_at=now
    )
    for project in Project.objects.filter(region=region, slug__startswith="zusatz-"):
        candidate = Candidate.objects.create(round=assessment, project=project)
        Decision.objects.create(
            region=region,
            candidate=candidate,
            project=project,
            outcome=Outcome.POTENTIAL,
            body="Kreistag",
            decided_on=now.date(),
        )


def more_events() -> None:
    region, start = _region(), timezone.now()
    events = Event.objects.bulk_create(
        Event(region=region, title=f"Termin {n}", start=start, end=start + datetime.timedelta(hours=1))
        for n in range(MORE)
    )
    Registration.objects.bulk_create(
        Registration(event=event, email=f"p{event.pk}@example.org", status=RegistrationStatus.CONFIRMED)
        for event in events
    )


def public_surveys(count: int) -> None:
    region = _region()
    for n in range(count):
        survey = Survey.objects.create(
            region=region, title=f"Umfrage {n}", privacy_notice="Anonym.", published=True, results_public=True
        )
        question = Question.objects.create(survey=survey, type=QuestionType.YESNO, text="Gut?")
        yes = Option.objects.create(question=question, label="Ja")
        TallyState.objects.create(survey=survey, response_count=9)
        Tally.objects.bulk_create(
            [
                Tally(survey=survey, question_id=question.pk, key="n", count=9),
                Tally(survey=survey, question_id=question.pk, key=str(yes.pk), count=9),
            ]
        )


def more_surveys() -> None:
    public_surveys(MORE)


ADDING: dict[str, Callable[[], None]] = {
    "projekte": more_projects,
    "handlungsfelder": more_fields,
    "beschluesse": more_decisions,
    "veranstaltungen": more_events,
    "umfrageergebnisse": more_surveys,
}


def _queries(client: Client, path: str) -> tuple[int, int]:
    """The queries of a download, the file read to its end, and how many lines it has."""
    client.get(path)  # caches warm, as for the visitors after the first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        content = b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries.captured_queries), content.count(b"\n")


@pytest.mark.parametrize("key", list(ADDING))
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_download_reads_the_same_queries_with_more_rows(
    public_data: object, client: Client, key: str, file_format: str
) -> None:
    path = f"/r/kreis-steinfurt/opendata/{key}.{file_format}"
    if key == "umfrageergebnisse":
        public_surveys(1)  # none: nothing to read at all
    before, lines_before = _queries(client, path)
    ADDING[key]()
    after, lines_after = _queries(client, path)

    assert lines_after > lines_before, "the rows were added"
    assert after == before, f"{path}: {before} Abfragen vorher, {after} mit {MORE} Zeilen mehr"
    assert before <= 8, f"{path}: {before}"


@pytest.mark.parametrize(
    "path", ["/r/kreis-steinfurt/opendata/", "/r/kreis-steinfurt/opendata/catalog.jsonld"]
)
def test_the_page_and_the_catalogue_read_a_few_queries(
    public_data: object, client: Client, path: str, django_assert_max_num_queries: Callable[..., object]
) -> None:
    client.get(path)
    with django_assert_max_num_queries(3):
        assert client.get(path).status_code == 200
