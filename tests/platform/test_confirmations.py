"""Nothing is removed by one click: every page address that removes something asks first.

The URL map is searched for removals (by name and by address: delete, remove, entfernen,
löschen, zurückziehen, absagen, widerrufen, ausblenden, …). Each one found must be listed in
``CASES`` below, with a way to make something to remove; for each, as the demo coordinator:

- a GET shows the confirmation page and writes nothing,
- a POST without the confirmation field (the one click of an old list page) changes nothing,
- the POST the confirmation page sends removes it,
- the same object asked for under another region's address is a 404, and nothing changes.

A new removal without an entry here fails ``test_every_removal_is_covered``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from smartregion.accounts import tokens
from smartregion.accounts.models import ApiToken, Invitation, Membership, Role, User
from smartregion.accounts.tests.factories import PASSWORD, InvitationFactory
from smartregion.events import services as event_services
from smartregion.events.models import ACTIVE, Registration
from smartregion.ideas import services as idea_services
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus
from smartregion.regions.models import Region
from smartregion.roadmap.models import FundingSource, Milestone
from smartregion.strategy.models import FieldOfAction, Goal, Value
from smartregion.surveys import services as survey_services
from smartregion.surveys.models import Question, QuestionType

pytestmark = pytest.mark.django_db

DEMO = "@demo.smartregion.example"
REMOVAL = re.compile(
    r"delete|remove|entfern|loesch|lösch|withdraw|zurueckzieh|cancel|absag|revoke|widerruf|ausblend|hide",
    re.IGNORECASE,
)
CONFIRM_FIELD = 'name="bestaetigt" value="1"'
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE)\b|\bFOR (NO KEY )?UPDATE\b", re.IGNORECASE)


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _walk(patterns: list[Any], route: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield route + str(pattern.pattern), namespace + (pattern.name or ""), pattern.callback


def removal_urls() -> dict[str, str]:
    """URL name → address of every page of our own modules whose name or address says it removes."""
    return {
        name: route
        for route, name, view in _walk(get_resolver().url_patterns)
        if view.__module__.startswith("smartregion.") and (REMOVAL.search(name) or REMOVAL.search(route))
    }


# What there is to remove, per URL name: (URL keyword arguments without the region, "is it still there?")


Made = tuple[dict[str, Any], Callable[[], bool]]


def _steinfurt() -> Region:
    return Region.objects.get(slug="kreis-steinfurt")


def _coordinator() -> User:
    return User.objects.get(email=f"koordination.steinfurt{DEMO}")


def _value() -> Made:
    value = Value.objects.filter(strategy__region=_steinfurt()).first()
    assert value is not None
    return {"kind": "werte", "item_id": value.pk}, Value.objects.filter(pk=value.pk).exists


def _field() -> Made:
    field = FieldOfAction.objects.filter(strategy__region=_steinfurt()).first()
    assert field is not None
    return {"kind": "handlungsfelder", "item_id": field.pk}, FieldOfAction.objects.filter(pk=field.pk).exists


def _goal() -> Made:
    goal = Goal.objects.filter(field__strategy__region=_steinfurt()).first()
    assert goal is not None
    return {"kind": "ziele", "item_id": goal.pk}, Goal.objects.filter(pk=goal.pk).exists


def _membership() -> Made:
    membership = Membership.objects.get(user__email=f"lesen.steinfurt{DEMO}", region=_steinfurt())
    return {"membership_id": membership.pk}, Membership.objects.filter(pk=membership.pk).exists


def _invitation() -> Made:
    invitation = InvitationFactory(region=_steinfurt(), email="neu@example.org", role=Role.READER)
    return {"invitation_id": invitation.pk}, Invitation.objects.filter(pk=invitation.pk).exists


def _token() -> Made:
    new = tokens.create_token(
        region=_steinfurt(),
        actor=_coordinator(),
        name="Sensorplattform",
        write_scopes=[],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return {"token_id": new.token.pk}, ApiToken.objects.filter(
        pk=new.token.pk, revoked_at__isnull=True
    ).exists


def _registration() -> Made:
    start = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)
    event = event_services.create_event(
        region=_steinfurt(),
        actor=None,
        title="Workshop Mobilität",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Kreishaus Steinfurt",
        capacity=1,
    )
    registration = event_services.register(
        event=event, name="Anna Beispiel", email="anna@example.org", on_behalf_by=_coordinator()
    )
    event_services.register(event=event, name="Ben", email="ben@example.org", on_behalf_by=_coordinator())
    kwargs = {"event_id": event.pk, "registration_id": registration.pk}
    return kwargs, Registration.objects.filter(pk=registration.pk, status__in=ACTIVE).exists


def _milestone() -> Made:
    milestone = Milestone.objects.filter(region=_steinfurt()).select_related("project").first()
    assert milestone is not None
    kwargs = {"project_slug": milestone.project.slug, "milestone_id": milestone.pk}
    return kwargs, Milestone.objects.filter(pk=milestone.pk).exists


def _funding_source() -> Made:
    source = FundingSource.objects.filter(region=_steinfurt()).select_related("project").first()
    assert source is not None
    kwargs = {"project_slug": source.project.slug, "source_id": source.pk}
    return kwargs, FundingSource.objects.filter(pk=source.pk).exists


def _question() -> Made:
    survey = survey_services.create_survey(
        region=_steinfurt(), actor=None, data={"title": "Entwurf", "privacy_notice": "Anonym."}
    )
    question = survey_services.add_question(
        survey=survey, actor=None, type=QuestionType.SINGLE, text="Wie oft?", options=["oft", "selten"]
    )
    kwargs = {"survey_id": survey.pk, "question_id": question.pk}
    return kwargs, Question.objects.filter(pk=question.pk).exists


def _comment() -> Made:
    idea = Idea.objects.filter(region=_steinfurt(), status=IdeaStatus.PUBLISHED).first()
    assert idea is not None
    comment = idea_services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max", publish=True)
    return {"comment_id": comment.pk}, IdeaComment.objects.filter(
        pk=comment.pk, status=CommentStatus.PUBLISHED
    ).exists


def _own_account() -> Made:
    """A person deleting their own account: the page asks, and the confirmed POST carries the password."""
    person = User.objects.create_user(email="wird-geloescht@example.org", password=PASSWORD)
    return {}, User.objects.filter(pk=person.pk).exists


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], Made]
    # A page of one's own account (no region): asked as the person it belongs to, with ``data`` sent.
    own: str = ""
    data: tuple[tuple[str, str], ...] = ()

    def url(self, kwargs: dict[str, Any], region: str = "kreis-steinfurt") -> str:
        if self.own:
            return reverse(self.name, kwargs=kwargs)
        return reverse(self.name, kwargs={"region_slug": region, **kwargs})

    def person(self) -> User:
        return User.objects.get(email=self.own) if self.own else _coordinator()


CASES = [
    Case("strategy:delete", _value),
    Case("strategy:delete", _field),
    Case("strategy:delete", _goal),
    Case("accounts:member_remove", _membership),
    Case("accounts:invitation_withdraw", _invitation),
    Case("accounts:token_revoke", _token),
    Case("events:cancel_participant", _registration),
    Case("roadmap:milestone_delete", _milestone),
    Case("roadmap:source_delete", _funding_source),
    Case("surveys:delete_question", _question),
    Case("ideas:comment_hide", _comment),
    Case(
        "accounts:delete_account",
        _own_account,
        own="wird-geloescht@example.org",
        data=(("password", PASSWORD),),
    ),
]
REGION_CASES = [case for case in CASES if not case.own]


def _id(case: Case) -> str:
    return f"{case.name}-{case.make.__name__.strip('_')}"


def test_every_removal_is_covered() -> None:
    found = removal_urls()
    assert found, "the URL map has no removals: the search pattern is broken"
    missing = sorted(set(found) - {case.name for case in CASES})
    assert not missing, "Entfernen ohne Bestätigungstest (bitte in CASES aufnehmen): " + ", ".join(
        f"{name} ({found[name]})" for name in missing
    )
    stale = sorted({case.name for case in CASES} - set(found))
    assert not stale, f"CASES nennt Adressen, die es nicht mehr gibt: {stale}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_removal_asks_first_and_removes_only_when_confirmed(demo: None, case: Case) -> None:
    kwargs, still_there = case.make()
    url = case.url(kwargs)
    client = Client()
    client.force_login(case.person())

    with CaptureQueriesContext(connection) as queries:
        asked = client.get(url)
    assert asked.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if WRITE.search(q["sql"])]
    assert not writes, f"showing the question wrote: {writes}"
    html = asked.content.decode()
    assert CONFIRM_FIELD in html, "the confirmation page sends the confirmation field"
    assert "Abbrechen</a>" in html
    assert still_there(), "a GET removed it"

    one_click = client.post(url, dict(case.data))
    assert one_click.status_code == 200
    assert CONFIRM_FIELD in one_click.content.decode()
    assert still_there(), "a POST without the confirmation removed it"

    confirmed = client.post(url, {"bestaetigt": "1", **dict(case.data)})
    assert confirmed.status_code == 302
    assert not still_there(), "the confirmed POST did not remove it"


@pytest.mark.parametrize("case", REGION_CASES, ids=_id)
def test_another_regions_coordinator_gets_404_and_changes_nothing(demo: None, case: Case) -> None:
    kwargs, still_there = case.make()
    url = case.url(kwargs, region="kreis-coesfeld")
    client = Client()
    client.force_login(User.objects.get(email=f"koordination.coesfeld{DEMO}"))

    assert client.get(url).status_code == 404
    assert client.post(url, {"bestaetigt": "1"}).status_code == 404
    assert still_there()


@pytest.mark.parametrize("case", REGION_CASES, ids=_id)
def test_a_reader_cannot_even_see_the_question(demo: None, case: Case) -> None:
    kwargs, still_there = case.make()
    url = case.url(kwargs)
    client = Client()
    client.force_login(User.objects.get(email=f"lesen.steinfurt{DEMO}"))

    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"bestaetigt": "1"}).status_code in (403, 404)
    assert still_there()
