"""The permission matrix: every page and every API operation, asked by every role, with the answer.

``measure()`` walks the URL configuration (every pattern, by name) and the OpenAPI description
(every operation, by method and path), fills each address with real demo objects of the person's
own region, of a foreign region and, where the address names a municipality, of the person's own
and another municipality, and asks it as each role: pages with GET, API operations with their own
method (writes with a small valid body, so that the permission check is reached; each write is
rolled back at once). Redirects are not followed: a redirect to the login page is ``login``.

The expected answers are kept in ``permission_matrix.json`` beside this file and, as a table for
the region's data protection officer, in ``docs/permissions.md``; ``test_permission_matrix.py``
compares. After an intended change, write both anew and review the diff:

    .venv/bin/python -m tests.platform.permission_matrix --write
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_JSON = Path(__file__).with_name("permission_matrix.json")
EXPECTED_MARKDOWN = ROOT / "docs" / "permissions.md"
WRITE_VARIABLE = "PERMISSION_MATRIX_WRITE"

DEMO = "@demo.smartregion.example"
OWN_REGION, FOREIGN_REGION = "kreis-steinfurt", "kreis-coesfeld"
OWN_MUNICIPALITY = "greven"  # the demo officer's

# Contexts: whose objects fill an address.
OWN = "eigene Region"
OWN_MUNICIPALITY_CONTEXT = "eigene Region, eigene Kommune"
OTHER_MUNICIPALITY = "eigene Region, andere Kommune"
FOREIGN = "fremde Region"
SITE = "ohne Region"


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    description: str
    api_only: bool = False


ROLES = (
    Role("anonym", "Anonym", "nicht angemeldet"),
    Role("buerger", "Bürger:in", "angemeldet, mit bestätigter E-Mail-Adresse, ohne Rolle in einer Region"),
    Role("lesen", "Lesen", "Lesezugriff im Kreis Steinfurt"),
    Role("projektleitung", "Projektleitung", "Projektleitung im Kreis Steinfurt (Kreisverwaltung)"),
    Role("kommune", "Kommune", "Digitalisierungsbeauftragte:r der Stadt Greven im Kreis Steinfurt"),
    Role("ausschuss", "Ausschuss", "Mitglied im Lenkungsausschuss des Kreises Steinfurt"),
    Role("koordination", "Koordination", "Koordination des Kreises Steinfurt"),
    Role(
        "mehrere",
        "Mehrere Rollen",
        "eine Person mit drei Rollen im Kreis Steinfurt: Kommune Greven, Lenkungsausschuss, Projektleitung",
    ),
    Role(
        "schluessel_lesen",
        "Schlüssel lesen",
        "API-Schlüssel der Koordination des Kreises Steinfurt ohne Schreibrechte",
        api_only=True,
    ),
    Role(
        "schluessel_schreiben",
        "Schlüssel schreiben",
        "API-Schlüssel der Koordination des Kreises Steinfurt mit Schreibrecht für jedes Modul",
        api_only=True,
    ),
)
PAGE_ROLES = tuple(role.key for role in ROLES if not role.api_only)
API_ROLES = tuple(role.key for role in ROLES)

# Uploaded files are served by the reverse proxy in production; Django serves them only with DEBUG.
NOT_CHECKED_VIEWS = ("django.views.static.serve",)

# Where a cell of the matrix is known to be wrong: the file keeps the answer the code gives today,
# the table shows this note beside it. Keys: (row key, context).
NOTES: dict[tuple[str, str], str] = {}


# ---- what there is to ask ---------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str  # the URL name with its namespace, or the route where a pattern has no name
    route: str  # the pattern as written, prefixes included
    group: str
    parts: tuple[Any, ...]  # the patterns from the root down

    @property
    def parameters(self) -> tuple[str, ...]:
        names: list[str] = []
        for part in self.parts:
            names += list(part.regex.groupindex)
        return tuple(names)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as the OpenAPI description writes it, with {parameters}
    module: str  # the key of the module whose router declares it ("" for the API's own)
    group: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def writes(self) -> bool:
        return self.method != "GET"


def _group_of_namespace(namespace: str) -> str:
    from smartregion.core import modules

    module = modules.module_of_namespace(namespace.split(":")[0]) if namespace else None
    if module is not None:
        return str(module.label)
    return {
        "core": "Plattform",
        "accounts": "Konten und Mitglieder",
        "regions": "Region",
        "admin": "Django-Admin (Betrieb)",
        "api": "API-Beschreibung",
        "catalogue": "Projektkatalog",
    }.get(namespace.split(":")[0], "Konto (Anmeldung, E-Mail, Zwei-Faktor)")


def pages() -> list[Page]:
    """Every URL pattern of the site except the API's operations (those come from the OpenAPI
    description) and the uploaded files Django serves only in development."""
    found: list[Page] = []

    def walk(entries: list[Any], parents: tuple[Any, ...], namespace: str) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = (
                    ":".join(n for n in (namespace, entry.namespace) if n) if entry.namespace else namespace
                )
                walk(entry.url_patterns, (*parents, entry.pattern), inner)
                continue
            assert isinstance(entry, URLPattern)
            if entry.lookup_str in NOT_CHECKED_VIEWS:
                continue
            if namespace == "api" and entry.lookup_str.startswith("ninja.operation."):
                continue
            route = "".join(str(part) for part in (*parents, entry.pattern))
            key = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
            found.append(Page(key, route, _group_of_namespace(namespace), (*parents, entry.pattern)))

    walk(get_resolver().url_patterns, (), "")
    return found


def operations() -> list[Operation]:
    """Every operation of the OpenAPI description, with the module whose router declares it."""
    from smartregion.api.api import api
    from smartregion.core import modules

    owners: dict[tuple[str, str], Any] = {}
    for module, mount in modules.api_routers():
        router = import_string(mount.router)
        prefix = "/" + mount.prefix.strip("/") if mount.prefix.strip("/") else ""
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    owners[(method, "/api/v1" + prefix + path)] = module
    found = []
    for path, described in api.get_openapi_schema()["paths"].items():
        for method in described:
            module = owners.get((method.upper(), path))
            group = str(module.label) if module else "API"
            found.append(Operation(method.upper(), path, module.key if module else "", group))
    return found


# ---- with which objects ------------------------------------------------------------------------


def _first(rows: Any, field: str = "pk") -> Any:
    return rows.order_by("pk").values_list(field, flat=True).first()


def region_values(region: Any, project: Any = None) -> dict[str, Any]:
    """Real objects of the region for every kind of parameter an address takes (the API's too).

    ``project`` is the project profile to use (and whose milestones, sources and indicators);
    without it, the region's first. A parameter without an object in the region gets 0 (a 404
    for everyone, which the table then shows)."""
    from smartregion.accounts.models import ApiToken, Invitation, Membership
    from smartregion.analysis.models import AnalysisRound
    from smartregion.assessment.models import AssessmentRound
    from smartregion.events.models import Registration
    from smartregion.ideas.models import Idea, IdeaComment
    from smartregion.portfolio.models import Project
    from smartregion.reporting.models import Indicator, StatusReport
    from smartregion.roadmap.models import FundingProgramme, FundingSource, Milestone
    from smartregion.strategy.models import FieldOfAction, Goal, Phase, StrategyVersion, Value
    from smartregion.surveys.models import Question, Survey

    project = project or Project.objects.filter(region=region).order_by("pk").first()
    survey = _first(Survey.objects.filter(region=region))
    chosen_event = _event(region)
    event = chosen_event.pk if chosen_event else None
    field_of_action = FieldOfAction.objects.filter(strategy__region=region).order_by("pk").first()
    values: dict[str, Any] = {
        "region_slug": region.slug,
        "slug": region.slug,
        "municipality_slug": _first(region.municipalities, "slug"),
        "organisation_slug": _first(region.organisations, "slug"),
        "membership_id": _first(Membership.objects.filter(region=region)),
        "token_id": _first(ApiToken.objects.filter(region=region)),
        "invitation_id": _first(Invitation.objects.filter(region=region)),
        "value_id": _first(Value.objects.filter(strategy__region=region)),
        "field_id": field_of_action.pk if field_of_action else None,
        "field_slug": field_of_action.slug if field_of_action else None,
        "goal_id": _first(Goal.objects.filter(field=field_of_action)) if field_of_action else None,
        "phase_id": _first(Phase.objects.filter(strategy__region=region)),
        "number": _first(StrategyVersion.objects.filter(strategy__region=region), "number"),
        "idea_id": _first(Idea.objects.filter(region=region)),
        "comment_id": _first(IdeaComment.objects.filter(idea__region=region)),
        "project_slug": project.slug if project else None,
        "project_id": project.pk if project else None,
        "assessment_id": _first(AssessmentRound.objects.filter(region=region)),
        "milestone_id": _first(Milestone.objects.filter(project=project)),
        "source_id": _first(FundingSource.objects.filter(project=project)),
        # The catalogue is shared; the region's own entry where it added one.
        "programme_id": _first(FundingProgramme.objects.filter(added_by_region=region))
        or _first(FundingProgramme.objects.all()),
        "indicator_id": _first(Indicator.objects.filter(project=project)),
        "report_id": _first(StatusReport.objects.filter(region=region)),
        "round_id": _first(AnalysisRound.objects.filter(region=region)),
        "survey_id": survey,
        "question_id": _first(Question.objects.filter(survey_id=survey)),
        "event_id": event,
        "registration_id": _first(Registration.objects.filter(event_id=event)),
        "dataset": "projekte",
        # Addresses that carry a secret (confirmation links, short links) get one nobody holds.
        "token": "unbekannt",
        "secret": "unbekannt",
        "code": "unbekannt",
        "key": "unbekannt",
        "uidb36": "0",
        # Django-Admin and the site's legal pages.
        "page": "impressum",
        "app_label": "auth",
        "content_type_id": "1",
        "object_id": "1",
        "url": "unbekannt",
    }
    return {name: (0 if value is None else value) for name, value in values.items()}


def _event(region: Any) -> Any:
    """The region's first event with registration on the platform."""
    from smartregion.events.models import Event

    events = Event.objects.filter(region=region).order_by("pk")
    return events.filter(registration_enabled=True).first() or events.first()


# Parameters that mean different things on different addresses.
PARAMETER_VALUES: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("strategy:move", "kind"): lambda values: "handlungsfelder",
    ("strategy:move", "item_id"): lambda values: values["field_id"],
    ("strategy:delete", "kind"): lambda values: "handlungsfelder",
    ("strategy:delete", "item_id"): lambda values: values["field_id"],
    ("reporting:download", "kind"): lambda values: "pdf",
    ("surveys:question_action", "action"): lambda values: "hoch",
    ("surveys:survey_action", "action"): lambda values: "kopieren",
}


def fill(page: Page, values: dict[str, Any]) -> str:
    """The page's address with the values; checked to lead back to the same pattern."""
    path = "/"
    for part in page.parts:

        def value(match: re.Match[str]) -> str:
            return str(_value(page, match.group(1), values))

        if isinstance(part, RoutePattern):
            path += re.sub(r"<(?:\w+:)?(\w+)>", value, str(part))
        else:
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, str(part))
            path += text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    match = resolve(path)
    assert match.route == page.route or match.view_name == page.key, f"{page.key}: {path} → {match.route}"
    return path


def _value(page: Page, name: str, values: dict[str, Any]) -> Any:
    special = PARAMETER_VALUES.get((page.key, name))
    return special(values) if special else values[name]


def fill_operation(operation: Operation, values: dict[str, Any]) -> str:
    return re.sub(r"{(\w+)}", lambda match: str(values[match.group(1)]), operation.path)


def bodies(own_region: str, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A small valid body for every write operation, so that the answer is the permission check's
    (or, once that passed, the service's) and not the body's schema."""
    return {
        "POST /api/v1/regions/{slug}/ideas/": {
            "title": "Prüfung der Berechtigungen",
            "description": "Eine Idee, die nur für die Prüfung geschrieben und sofort verworfen wird.",
            "field": values["field_slug"],
            "municipality": values["municipality_slug"],
            "author_name": "Ada Prüfer",
            "author_email": "ada.pruefer@example.org",
        },
        "POST /api/v1/projects/{project_id}/adoptions/": {"region": own_region},
        "PUT /api/v1/analyses/{round_id}/questionnaires/{municipality_slug}/": {"version": 1, "answers": []},
        "POST /api/v1/surveys/{survey_id}/responses/": {"answers": {}},
        "POST /api/v1/events/{event_id}/registrations/": {
            "name": "Ada Prüfer",
            "email": "ada.pruefer@example.org",
            "accept_conditions": True,
        },
    }


# ---- who asks ---------------------------------------------------------------------------------


@dataclass
class People:
    clients: dict[str, Client]
    secrets: dict[str, str]  # token role → secret
    own_project: Any

    def client_for(self, role: str) -> tuple[Client, dict[str, str]]:
        if role in self.secrets:
            return self.clients["anonym"], {"HTTP_AUTHORIZATION": f"Bearer {self.secrets[role]}"}
        return self.clients[role], {}


def people() -> People:
    """The demo people of Kreis Steinfurt, and those the demo does not have: a citizen with an
    account, a person with several roles, and two API tokens of the coordinator."""
    from smartregion.accounts import services, tokens
    from smartregion.accounts.models import Membership, Role
    from smartregion.accounts.models import User as Person
    from smartregion.accounts.tests.factories import UserFactory
    from smartregion.portfolio.models import Project
    from smartregion.regions.models import Region

    region = Region.objects.get(slug=OWN_REGION)
    demo = {
        "lesen": "lesen",
        "projektleitung": "projektleitung",
        "kommune": "kommune",
        "ausschuss": "lenkungsausschuss",
        "koordination": "koordination",
    }
    persons: dict[str, Any] = {"anonym": None}
    for role, localpart in demo.items():
        persons[role] = Person.objects.get(email=f"{localpart}.steinfurt{DEMO}")
    citizen = UserFactory(email="buergerin@example.org", name="Bürgerin mit Konto")
    services.mark_email_verified(citizen)
    persons["buerger"] = citizen
    lead = Membership.objects.get(user=persons["projektleitung"], region=region)
    several = UserFactory(email="mehrere.rollen@example.org", name="Mehrere Rollen")
    services.mark_email_verified(several)
    first = services.add_member(
        region=region,
        user=several,
        role=Role.MUNICIPAL_OFFICER,
        municipality=region.municipalities.get(slug=OWN_MUNICIPALITY),
    )
    services.add_role(member=first, actor=persons["koordination"], role=Role.COMMITTEE_MEMBER)
    services.add_role(
        member=first, actor=persons["koordination"], role=Role.PROJECT_LEAD, organisation=lead.organisation
    )
    persons["mehrere"] = several

    clients: dict[str, Client] = {}
    for role, person in persons.items():
        clients[role] = Client()
        if person is not None:
            clients[role].force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    expires = timezone.localdate() + datetime.timedelta(days=30)
    scopes = [key for key, _label in tokens.write_scope_choices()]
    secrets = {
        "schluessel_lesen": tokens.create_token(
            region=region,
            actor=persons["koordination"],
            name="Nur lesen",
            write_scopes=[],
            expires_on=expires,
        ).secret,
        "schluessel_schreiben": tokens.create_token(
            region=region,
            actor=persons["koordination"],
            name="Schreiben",
            write_scopes=scopes,
            expires_on=expires,
        ).secret,
    }
    led = Project.objects.with_scopes_disabled().filter(region=region, lead_organisation=lead.organisation)
    own_project = led.filter(indicator_set__isnull=False).order_by("pk").first() or led.order_by("pk").first()
    _add_what_the_demo_lacks(region, persons["koordination"])
    return People(clients, secrets, own_project)


def _add_what_the_demo_lacks(region: Any, coordinator: Any) -> None:
    """Objects the demo has none of, so that their pages are asked with a real one: an open
    invitation, a registration for each region's event, a survey and a funding programme of the
    foreign region."""
    from smartregion.accounts import services
    from smartregion.accounts.models import Role
    from smartregion.events import services as events
    from smartregion.regions.models import Region
    from smartregion.roadmap.models import FundingProgramme
    from smartregion.roadmap.services import programmes
    from smartregion.surveys import services as surveys
    from smartregion.surveys.models import Survey

    services.invite_member(
        region=region, email="eingeladen@example.org", role=Role.READER, invited_by=coordinator
    )
    foreign = Region.objects.get(slug=FOREIGN_REGION)
    for each in (region, foreign):
        event = _event(each)
        if event is not None and event.registration_enabled:
            events.register(
                event=event,
                name="Grete Gast",
                email="grete.gast@example.org",
                accept_conditions=True,
                on_behalf_by=coordinator,
            )
    if not FundingProgramme.objects.filter(added_by_region=foreign).exists():
        programmes.save_programme(
            region=foreign,
            actor=None,
            data={"name": "Dorfläden digital (Kreis Coesfeld)", "funder": "Land NRW"},
        )
    if not Survey.objects.filter(region=foreign).exists():
        surveys.create_survey(region=foreign, actor=None, data={"title": "Mobilität im Kreis Coesfeld"})


# ---- asking -----------------------------------------------------------------------------------

Matrix = dict[str, dict[str, dict[str, dict[str, str]]]]  # kind → row → context → role → answer


def answer(response: HttpResponse) -> str:
    """What the table shows: the status, ``login`` for a redirect to the login page, and for
    another redirect the name of the page it leads to."""
    status = response.status_code
    if status not in (301, 302, 303, 307, 308):
        return str(status)
    location = response["Location"].split("?")[0]
    if location.startswith("http://testserver"):
        location = location.removeprefix("http://testserver")
    if location == reverse("account_login"):
        return "login"
    try:
        name = resolve(location).view_name
    except Resolver404:
        name = location
    return f"{status}→{name}"


def contexts_of(parameters: tuple[str, ...], *, site_wide: bool) -> tuple[str, ...]:
    if site_wide:
        return (SITE,)
    if "municipality_slug" in parameters:
        return (OWN_MUNICIPALITY_CONTEXT, OTHER_MUNICIPALITY, FOREIGN)
    return (OWN, FOREIGN)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever happens inside is undone (a write asked for the matrix never stays)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class _UntypesetPdf:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return b"%PDF-1.7\n"


@contextmanager
def quick_documents() -> Iterator[None]:
    """Documents and descriptions that are the same for everyone who may have them are made once
    or not typeset: a PDF's template renders as usual, WeasyPrint's seconds per page are left out,
    and the OpenAPI description is built once for the reference page and the JSON."""
    import copy

    import weasyprint

    from smartregion.api.api import api

    described = api.get_openapi_schema
    built: dict[str, Any] = {}

    def description(**kwargs: Any) -> Any:
        key = repr(sorted(kwargs.items()))
        if key not in built:
            built[key] = described(**kwargs)
        return copy.deepcopy(built[key])

    with (
        mock.patch.object(weasyprint, "HTML", _UntypesetPdf),
        mock.patch.object(api, "get_openapi_schema", description),
    ):
        yield


@contextmanager
def plain_rendering() -> Iterator[None]:
    """Templates render without the test runner's instrumentation, which copies every template's
    context for the test client (a third of the time of thousands of requests); the 403 and 404
    answers are not logged one by one."""
    from django.template import Template

    original = getattr(Template, "_render_original", Template._render)
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with mock.patch.object(Template, "_render", original):
            yield
    finally:
        request_log.setLevel(level)


def measure() -> Matrix:
    """Ask every page and operation as every role; nothing asked stays in the database."""
    from smartregion.core import ratelimit
    from smartregion.regions.models import Region

    with ExitStack() as stack:
        stack.enter_context(rolled_back())
        stack.enter_context(
            override_settings(REQUIRE_MFA_FOR_COORDINATORS=False, PUBLIC_PAGE_CACHE=False, LANGUAGE_CODE="de")
        )
        stack.enter_context(
            mock.patch.object(ratelimit, "API_TOKEN", ratelimit.Limit("api-token", 10**6, 3600))
        )
        stack.enter_context(quick_documents())
        stack.enter_context(plain_rendering())
        cache.clear()
        who = people()
        own = Region.objects.get(slug=OWN_REGION)
        foreign = Region.objects.get(slug=FOREIGN_REGION)
        own_values = region_values(own, who.own_project)
        own_values["municipality_slug"] = OWN_MUNICIPALITY
        other_values = dict(own_values, municipality_slug=_other_municipality(own, own_values["round_id"]))
        values = {
            OWN: own_values,
            OWN_MUNICIPALITY_CONTEXT: own_values,
            OTHER_MUNICIPALITY: other_values,
            FOREIGN: region_values(foreign),
            SITE: own_values,
        }
        matrix: Matrix = {"pages": {}, "api": {}}
        for page in pages():
            site_wide = "region_slug" not in page.parameters
            row = matrix["pages"].setdefault(page.key, {})
            for context in contexts_of(page.parameters, site_wide=site_wide):
                path = fill(page, values[context])
                row[context] = {role: answer(who.clients[role].get(path)) for role in PAGE_ROLES}
        for operation in operations():
            site_wide = "{" not in operation.path
            row = matrix["api"].setdefault(operation.key, {})
            for context in contexts_of(tuple(re.findall(r"{(\w+)}", operation.path)), site_wide=site_wide):
                path = fill_operation(operation, values[context])
                written = bodies(OWN_REGION, values[context])
                row[context] = {}
                for role in API_ROLES:
                    client, headers = who.client_for(role)
                    row[context][role] = answer(_ask(client, operation, path, written, headers))
        cache.clear()
        return matrix


def _ask(
    client: Client, operation: Operation, path: str, written: dict[str, Any], headers: dict[str, str]
) -> HttpResponse:
    if not operation.writes:
        return client.get(path, **headers)  # type: ignore[arg-type]
    body = json.dumps(written.get(operation.key, {}))
    cache.clear()  # the anonymous writes' allowance is not what this asks about
    with rolled_back():
        return client.generic(operation.method, path, data=body, content_type="application/json", **headers)


def _other_municipality(region: Any, round_id: Any) -> str:
    """A municipality of the region other than the officer's, one asked in the needs analysis."""
    from smartregion.analysis.models import Questionnaire

    asked = (
        Questionnaire.objects.filter(round_id=round_id)
        .exclude(municipality__slug=OWN_MUNICIPALITY)
        .order_by("municipality__name")
        .values_list("municipality__slug", flat=True)
        .first()
    )
    return (
        asked
        or region.municipalities.exclude(slug=OWN_MUNICIPALITY)
        .order_by("name")
        .values_list("slug", flat=True)
        .first()
    )


# ---- the files --------------------------------------------------------------------------------


def load_expected() -> Matrix:
    return json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))


def dump(matrix: Matrix) -> str:
    return json.dumps(matrix, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


INTRO = """\
# Wer darf was? Die Berechtigungsmatrix

> Erzeugt von `python -m tests.platform.permission_matrix --write` aus dem, was die Anwendung
> tatsächlich antwortet. Bitte nicht von Hand ändern: `tests/platform/test_permission_matrix.py`
> vergleicht diese Tabelle und `tests/platform/permission_matrix.json` bei jedem Testlauf mit den
> Antworten der Anwendung und schlägt fehl, sobald eine Seite oder ein API-Vorgang hinzukommt, der
> hier fehlt, oder eine Antwort sich ändert.

Diese Übersicht ist für die Datenschutzbeauftragten der Region und alle, die prüfen wollen, wer
welche Seite öffnen und welchen Vorgang der Programmierschnittstelle (API) aufrufen darf. Jede
Zeile ist eine Seite (eine Adresse der Anwendung) oder ein API-Vorgang, jede Spalte eine Rolle.
Gefragt wurde mit den Demodaten: Seiten mit GET (aufrufen), API-Vorgänge mit ihrer eigenen Methode;
ein schreibender Vorgang bekam einen kleinen gültigen Inhalt und wurde sofort wieder
zurückgenommen. Weiterleitungen wurden nicht verfolgt.

## Rollen

| Spalte | Wer |
|---|---|
{roles}

Die Koordination hat in der Demo keine Zwei-Faktor-Anmeldung; gefragt wurde so, als hätte sie sie
eingerichtet (ohne sie leitet jede Seite zur Einrichtung weiter, und API-Schlüssel gelten nicht).
Die Spalten „Schlüssel …“ gelten nur für die API: Ein API-Schlüssel handelt für die Person, die ihn
angelegt hat, nur in seiner Region und schreibt nur in den Modulen seiner Schreibrechte.

## Bezug

Jede Adresse wurde mit echten Objekten gefüllt (einem Projekt, einer Umfrage, einer Veranstaltung …):

- **eigene Region**: Objekte des Kreises Steinfurt, in dem die Rollen gelten (beim Projekt eines,
  das die Kreisverwaltung leitet, für die die Projektleitung arbeitet);
- **fremde Region**: Objekte des Kreises Coesfeld, in dem keine der Rollen gilt;
- **eigene Kommune / andere Kommune**: bei Adressen, die eine Kommune nennen, die Stadt Greven
  (für die die Rolle „Kommune“ handelt) und eine andere Kommune des Kreises Steinfurt;
- **ohne Region**: Seiten, die zu keiner Region gehören (Startseite, Konto, Projektkatalog).

Adressen, die ein Geheimnis tragen (Bestätigungslinks, Kurzlinks), wurden mit einem Wert
aufgerufen, den niemand kennt.

## Zeichen

| Zeichen | Bedeutung |
|---|---|
| ✓ 200 | die Seite oder die Daten werden gezeigt (✓ 201: angelegt) |
| → Anmeldung | Weiterleitung zur Anmeldung |
| → *Seite* | Weiterleitung auf eine andere Seite (z. B. nach dem Absenden) |
| 400, 409, 422 | die Anfrage war erlaubt, aber ihr Inhalt passte nicht (die Berechtigung war geprüft) |
| 401 | API: nicht angemeldet oder Schlüssel ungültig |
| 403 | verboten: angemeldet, aber ohne die nötige Rolle |
| 404 | nicht gefunden: gibt es nicht, oder die Person darf nicht einmal wissen, dass es das gibt |
| 405 | diese Adresse nimmt nur Formulare an (POST), ein Aufruf zeigt nichts |

Eine Anmerkung in der letzten Spalte heißt: Diese Antwort ist falsch und wird korrigiert; die
Tabelle zeigt, was die Anwendung heute antwortet.
"""


def _cell(value: str) -> str:
    if value == "login":
        return "→ Anmeldung"
    if "→" in value:
        target = value.split("→", 1)[1]
        return "→ " + (target.split(":")[-1] if ":" in target else target)
    if value.startswith("2"):
        return f"✓ {value}"
    return value


def _shown_route(route: str) -> str:
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    route = re.sub(r"<\w+:(\w+)>", r"<\1>", route)
    return "/" + route.replace("^", "").replace("$", "").replace("|", "\\|")


def render_markdown(matrix: Matrix) -> str:
    """The table for the data protection officer: grouped by module, a column per role."""
    labels = {role.key: role.label for role in ROLES}
    lines = [INTRO.format(roles="\n".join(f"| {r.label} | {r.description} |" for r in ROLES))]
    by_key = {page.key: page for page in pages()}
    groups: dict[str, list[tuple[str, str]]] = {}
    for key in matrix["pages"]:
        page = by_key.get(key)
        groups.setdefault(page.group if page else "Plattform", []).append((key, page.route if page else key))
    lines.append("## Seiten\n")
    for group in sorted(groups):
        lines.append(f"### {group}\n")
        header = ["Seite", "Bezug", *(labels[r] for r in PAGE_ROLES), "Anmerkung"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for key, route in sorted(groups[group], key=lambda item: item[1]):
            first = True
            for context, answers in _ordered(matrix["pages"][key]):
                name = f"`{_shown_route(route)}` ({key})" if first else ""
                cells = [_cell(answers[r]) for r in PAGE_ROLES]
                lines.append("| " + " | ".join([name, context, *cells, NOTES.get((key, context), "")]) + " |")
                first = False
        lines.append("")
    lines.append("## API (/api/v1/)\n")
    api_groups: dict[str, list[str]] = {}
    by_operation = {operation.key: operation for operation in operations()}
    for key in matrix["api"]:
        operation = by_operation.get(key)
        api_groups.setdefault(operation.group if operation else "API", []).append(key)
    for group in sorted(api_groups):
        lines.append(f"### {group}\n")
        header = ["Vorgang", "Bezug", *(labels[r] for r in API_ROLES), "Anmerkung"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for key in sorted(api_groups[group], key=lambda k: (k.split(" ")[1], k)):
            first = True
            for context, answers in _ordered(matrix["api"][key]):
                name = f"`{key.replace('/api/v1', '')}`" if first else ""
                cells = [_cell(answers[r]) for r in API_ROLES]
                lines.append("| " + " | ".join([name, context, *cells, NOTES.get((key, context), "")]) + " |")
                first = False
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


CONTEXT_ORDER = (SITE, OWN, OWN_MUNICIPALITY_CONTEXT, OTHER_MUNICIPALITY, FOREIGN)


def _ordered(row: dict[str, dict[str, str]]) -> list[tuple[str, dict[str, str]]]:
    return sorted(row.items(), key=lambda item: CONTEXT_ORDER.index(item[0]))


def write(matrix: Matrix) -> None:
    EXPECTED_JSON.write_text(dump(matrix), encoding="utf-8")
    EXPECTED_MARKDOWN.write_text(render_markdown(matrix), encoding="utf-8")


def main(argv: list[str]) -> int:
    """``--write``: measure and write permission_matrix.json and docs/permissions.md anew (through
    the test, which runs in a test database that is thrown away)."""
    import pytest

    if argv != ["--write"]:
        print(__doc__)
        return 2
    os.environ[WRITE_VARIABLE] = "1"
    return int(
        pytest.main(
            [str(Path(__file__).with_name("test_permission_matrix.py")), "-q", "-p", "no:cacheprovider"]
        )
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
