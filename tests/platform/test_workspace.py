"""The workspace ("Meine Aufgaben") on the demo: for every demo person, each region's items and
counts are what the database holds, worked out here with plain ORM reads and the rules as the
pages state them (not with the modules' dashboard functions); another region's items never show;
the number of queries does not grow with the data.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from smartregion.accounts.demo import DEMO_DOMAIN, ROLE_LOCALPART
from smartregion.accounts.models import Invitation, Membership, Role, User
from smartregion.analysis.models import AnalysisRound, Questionnaire
from smartregion.assessment.models import Candidate, Rater
from smartregion.events.models import Event, Registration
from smartregion.ideas.models import Idea, IdeaComment
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region
from smartregion.reporting.models import Indicator, Measurement, MonitoringSettings, StatusUpdate
from smartregion.roadmap.models import (
    FundingSource,
    Milestone,
    MilestoneStatus,
    ProgrammeDeadline,
    SourceKind,
    SourceStatus,
)
from smartregion.surveys.models import TextAnswer

pytestmark = pytest.mark.django_db

WORKSPACE = "/aufgaben/"
REGIONS = ("kreis-steinfurt", "kreis-coesfeld", "kreis-dithmarschen")
# Project statuses as the pages name them: the roadmap leaves out what was set aside; status
# updates are owed by selected and running projects; indicators count for selected, running, done.
SET_ASIDE = {"zurueckgestellt", "verworfen"}
OWE_UPDATES = {"leitprojekt", "potenzialprojekt", "in_umsetzung"}
MONITORED = {"leitprojekt", "potenzialprojekt", "in_umsetzung", "abgeschlossen"}
Rows = Counter[tuple[str, int]]


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _person(region_slug: str, role: str) -> User:
    short = region_slug.removeprefix("kreis-")
    return User.objects.get(email=f"{ROLE_LOCALPART[Role(role)]}.{short}@{DEMO_DOMAIN}")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(user: User, client: Client | None = None) -> Any:
    response = (client or _client(user)).get(WORKSPACE)
    assert response.status_code == 200
    return response


def _shown(response: Any) -> dict[str, Rows]:
    """Per region slug: the (label, count) pairs the page shows; each linked on the page."""
    html = response.content.decode()
    shown = {}
    for entry in response.context["regions"]:
        rows: Rows = Counter()
        for group in entry.modules:
            for item in group.items:
                assert f'href="{escape(item.url)}"' in html
                rows[(item.label, item.count)] += 1
        shown[entry.region.slug] = rows
    return shown


# ---- the expected items, read straight from the tables ---------------------------------------


def _care(region: Region, user: User, coordinator: bool) -> set[int]:
    """Projects whose profile the person may change: all for coordinators; officers those in their
    municipalities, project leads those their organisation leads."""
    memberships = Membership.objects.filter(user=user, region=region)
    municipalities = {m.municipality_id for m in memberships if m.role == Role.MUNICIPAL_OFFICER}
    organisations = {
        m.organisation_id for m in memberships if m.role == Role.PROJECT_LEAD and m.organisation_id
    }
    projects = Project.objects.with_scopes_disabled().filter(region=region).prefetch_related("municipalities")
    return {
        p.pk
        for p in projects
        if coordinator
        or p.lead_organisation_id in organisations
        or {m.pk for m in p.municipalities.all()} & municipalities
    }


def _roadmap_and_reporting(region: Region, care: set[int], today: datetime.date) -> list[tuple[str, int]]:
    window = today + datetime.timedelta(days=django_settings.FUNDING_REMINDER_DAYS)
    reminders = sum(
        ProgrammeDeadline.objects.filter(
            programme_id=source.programme_id, date__gte=today, date__lte=window
        ).count()
        for source in FundingSource.objects.filter(
            region=region, kind=SourceKind.PROGRAMME, status=SourceStatus.PLANNED
        )
        if source.project_id in care
    )
    late = [
        m
        for m in Milestone.objects.filter(region=region, end__lt=today).select_related("project")
        if m.status not in {MilestoneStatus.DONE, MilestoneStatus.DROPPED}
        and m.project_id in care
        and m.project.status not in SET_ASIDE
    ]
    monitoring = MonitoringSettings.objects.filter(region=region).first()
    since = today - datetime.timedelta(days=monitoring.update_every_days if monitoring else 90)
    overdue = [
        p
        for p in Project.objects.with_scopes_disabled().filter(
            region=region, pk__in=care, status__in=OWE_UPDATES
        )
        if not StatusUpdate.objects.filter(project=p, reported_on__gte=since).exists()
    ]
    gaps = [
        i
        for i in Indicator.objects.filter(region=region, project__in=care, project__status__in=MONITORED)
        if not Measurement.objects.filter(indicator=i, measured_on__gte=since).exists()
    ]
    return [
        (f"Förderfristen in den nächsten {django_settings.FUNDING_REMINDER_DAYS} Tagen", reminders),
        ("Verspätete Meilensteine", len(late)),
        ("Überfällige Statusmeldungen", len(overdue)),
        ("Indikatoren ohne aktuellen Messwert", len(gaps)),
    ]


def _analysis(region: Region, user: User, coordinator: bool, now: datetime.datetime) -> list[tuple[str, int]]:
    rows = []
    officer_of = set(
        Membership.objects.filter(user=user, region=region, role=Role.MUNICIPAL_OFFICER).values_list(
            "municipality_id", flat=True
        )
    )
    rounds = AnalysisRound.objects.with_scopes_disabled().filter(region=region)
    for analysis_round in rounds:
        questionnaires = Questionnaire.objects.filter(round=analysis_round)
        running = analysis_round.status == "open" and analysis_round.deadline > now
        if running:
            mine = questionnaires.filter(municipality_id__in=officer_of).exclude(status="submitted").count()
            rows.append((f"Fragebogen ausfüllen und abgeben: {analysis_round.name}", mine))
        if coordinator and running:
            missing = questionnaires.exclude(status="submitted").count()
            rows.append((f"Fragebögen noch nicht abgegeben: {analysis_round.name}", missing))
    if coordinator:
        to_close = rounds.filter(status="open", deadline__lte=now).count()
        to_confirm = rounds.filter(status="closed", confirmed_at__isnull=True).count()
        rows.append(("Bedarfsanalysen nach Ablauf der Frist abschließen", to_close))
        rows.append(("Prioritäten abgeschlossener Bedarfsanalysen bestätigen", to_confirm))
    return rows


def _coordination(region: Region, now: datetime.datetime) -> list[tuple[str, int]]:
    rows = [
        (
            "Einladungen, die noch nicht angenommen wurden",
            Invitation.objects.filter(region=region, accepted_at__isnull=True, expires_at__gt=now).count(),
        ),
        (
            "Ideen zur Moderation",
            Idea.objects.with_scopes_disabled().filter(region=region, status="submitted").count(),
        ),
        (
            "Kommentare zur Moderation",
            IdeaComment.objects.filter(idea__region=region, status="pending").count(),
        ),
        (
            "Projekte aus abgeschlossenen Bewertungsrunden ohne erfassten Beschluss",
            Candidate.objects.filter(
                round__region=region, round__status="closed", decision__isnull=True
            ).count(),
        ),
    ]
    pending = Counter(
        TextAnswer.objects.filter(question__survey__region=region, status="pending").values_list(
            "question__survey__title", flat=True
        )
    )
    rows += [(f"Freitextantworten zu prüfen: {title}", count) for title, count in pending.items()]
    for event in Event.objects.with_scopes_disabled().filter(region=region, end__gte=now):
        active = Registration.objects.filter(
            event=event, status__in=["pending_confirmation", "confirmed", "waitlisted"]
        )
        to_check = [r for r in active if r.status == "waitlisted" or r.accessibility_needs]
        rows.append((f"Anmeldungen prüfen: {event.title}", len(to_check)))
    return rows


def expected(region: Region, user: User) -> Rows:
    """What the workspace must show the person for the region, counted from the tables."""
    now, today = timezone.now(), timezone.localdate()
    coordinator = Membership.objects.filter(user=user, region=region, role=Role.COORDINATOR).exists()
    rows: list[tuple[str, int]] = []
    if coordinator:
        rows += _coordination(region, now)
    to_rate = Rater.objects.filter(
        user=user,
        round__region=region,
        round__status="open",
        round__deadline__gt=now,
        submitted_at__isnull=True,
    ).count()
    rows.append(("Bewertungsrunden, in denen Ihre Bewertung fehlt", to_rate))
    care = _care(region, user, coordinator)
    if care:
        rows += _roadmap_and_reporting(region, care, today)
    rows += _analysis(region, user, coordinator, now)
    return Counter(row for row in rows if row[1])


# ---- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("region_slug", REGIONS)
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_demo_person_sees_exactly_what_the_tables_hold(demo: None, region_slug: str, role: str) -> None:
    person = _person(region_slug, role)
    region = Region.objects.get(slug=region_slug)

    shown = _shown(_page(person))

    assert list(shown) == [region_slug]  # the demo people hold roles in one region each
    assert shown[region_slug] == expected(region, person)


def test_the_demo_has_something_to_do_for_coordinators_and_officers(demo: None) -> None:
    """The comparison above is only worth something where the demo gives numbers to compare."""
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    coordinator = expected(steinfurt, _person("kreis-steinfurt", Role.COORDINATOR))
    officer = expected(steinfurt, _person("kreis-steinfurt", Role.MUNICIPAL_OFFICER))

    assert {label for label, _count in coordinator} >= {
        "Ideen zur Moderation",
        "Verspätete Meilensteine",
        "Überfällige Statusmeldungen",
        "Fragebögen noch nicht abgegeben: Bedarfsanalyse 2026: Fortschreibung der Handlungsfelder",
    }
    assert (
        "Fragebogen ausfüllen und abgeben: Bedarfsanalyse 2026: Fortschreibung der Handlungsfelder",
        1,
    ) in officer
    assert sum(officer.values()) < sum(coordinator.values())


def test_readers_are_told_there_is_nothing_to_do(demo: None) -> None:
    response = _page(_person("kreis-steinfurt", Role.READER))

    html = response.content.decode()
    assert "Im Moment ist nichts zu tun: Alles ist erledigt." in html
    assert "Im Moment ist hier nichts zu tun." in html
    assert 'href="/r/kreis-steinfurt/"' in html
    assert 'href="/r/kreis-steinfurt/verwaltung/"' not in html  # not theirs to manage


def test_coordinators_reach_the_management_page_from_the_workspace(demo: None) -> None:
    html = _page(_person("kreis-coesfeld", Role.COORDINATOR)).content.decode()

    assert 'href="/r/kreis-coesfeld/verwaltung/"' in html
    assert 'aria-current="page"' in html.split('class="site-header__tools"')[1].split("</div>")[0]


def test_a_person_in_two_regions_sees_each_region_with_its_own_items(demo: None) -> None:
    person = _person("kreis-steinfurt", Role.COORDINATOR)
    coesfeld = Region.objects.get(slug="kreis-coesfeld")
    greven_of_coesfeld = coesfeld.municipalities.get(slug="duelmen")
    Membership.objects.create(
        user=person, region=coesfeld, role=Role.MUNICIPAL_OFFICER, municipality=greven_of_coesfeld
    )
    person = User.objects.get(pk=person.pk)

    shown = _shown(_page(person))

    assert list(shown) == ["kreis-coesfeld", "kreis-steinfurt"]  # by name
    for slug, rows in shown.items():
        assert rows == expected(Region.objects.get(slug=slug), person)
    assert ("Ideen zur Moderation", 1) not in shown["kreis-coesfeld"]  # not a coordinator there


def test_another_regions_work_never_shows(demo: None) -> None:
    coesfeld = Region.objects.get(slug="kreis-coesfeld")
    steinfurt_coordinator = _person("kreis-steinfurt", Role.COORDINATOR)
    before = _shown(_page(steinfurt_coordinator))
    Idea.objects.with_scopes_disabled().bulk_create(
        Idea(region=coesfeld, title=f"Idee {n}", description="Text", status="submitted") for n in range(5)
    )
    Invitation.objects.create(region=coesfeld, email="neu@coesfeld.example", role=Role.READER)

    after = _shown(_page(steinfurt_coordinator))

    assert after == before
    coesfeld_rows = _shown(_page(_person("kreis-coesfeld", Role.COORDINATOR)))["kreis-coesfeld"]
    assert coesfeld_rows == expected(coesfeld, _person("kreis-coesfeld", Role.COORDINATOR))
    assert ("Einladungen, die noch nicht angenommen wurden", 1) in coesfeld_rows


def test_a_module_the_region_switched_off_adds_nothing(demo: None) -> None:
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    coordinator = _person("kreis-steinfurt", Role.COORDINATOR)
    assert ("Ideen zur Moderation", 1) in _shown(_page(coordinator))["kreis-steinfurt"]

    steinfurt.switched_off_modules = ["ideas"]
    steinfurt.save(update_fields=["switched_off_modules"])

    shown = _shown(_page(coordinator))["kreis-steinfurt"]
    assert [label for label, _count in shown if "Moderation" in label] == []
    assert shown == expected(steinfurt, coordinator) - Counter({("Ideen zur Moderation", 1): 1})


def _more_of_everything() -> None:
    """60 more of each thing the Steinfurt coordinator and officer are asked to do."""
    region = Region.objects.get(slug="kreis-steinfurt")
    ideas = Idea.objects.with_scopes_disabled().bulk_create(
        Idea(region=region, title=f"Idee {n}", description="Text", status="submitted") for n in range(60)
    )
    IdeaComment.objects.bulk_create(
        IdeaComment(idea=idea, text="Kommentar", status="pending") for idea in ideas
    )
    Invitation.objects.bulk_create(
        Invitation(region=region, email=f"p{n}@steinfurt.example", role=Role.READER, token=f"t{n}")
        for n in range(60)
    )
    project = (
        Project.objects.with_scopes_disabled().filter(region=region, municipalities__slug="greven").first()
    )
    assert project is not None
    Milestone.objects.bulk_create(
        Milestone(
            region=region,
            project=project,
            title=f"M {n}",
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2020, 2, 1),
        )
        for n in range(60)
    )
    start = timezone.now() + datetime.timedelta(days=5)
    events = Event.objects.with_scopes_disabled().bulk_create(
        Event(region=region, title=f"Termin {n}", start=start, end=start + datetime.timedelta(hours=1))
        for n in range(20)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event, name="X", email=f"x{n}@example.org", status="waitlisted", token=f"r{event.pk}-{n}"
        )
        for event in events
        for n in range(3)
    )


@pytest.mark.parametrize(
    ("role", "most"), [(Role.COORDINATOR, 19), (Role.MUNICIPAL_OFFICER, 14), (Role.READER, 5)]
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    demo: None, role: str, most: int, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    person = _person("kreis-steinfurt", role)
    client = _client(person)
    with CaptureQueriesContext(connection) as before:
        _page(person, client)

    _more_of_everything()
    with django_assert_max_num_queries(most), CaptureQueriesContext(connection) as after:
        response = _page(person, client)

    assert len(after) == len(before), "\n".join(q["sql"][:150] for q in after.captured_queries)
    assert _shown(response)["kreis-steinfurt"] == expected(Region.objects.get(slug="kreis-steinfurt"), person)
