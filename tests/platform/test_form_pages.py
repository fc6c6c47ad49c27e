"""Every form page answers bad input the same way: an error summary at the top whose links lead to
the fields, each field with an error marked (aria-invalid, aria-describedby to its message), no
Django "---------" and no database constraint's name anywhere, and nothing saved.

At least one form page per app, posted empty or with input that breaks a rule, as the demo person
who may use it. A page that draws its fields one by one must put ``{% error_summary %}`` at the top
of its form; ``test_templates_that_draw_fields_themselves_have_a_summary`` finds those that forget.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartregion.accounts.models import User
from smartregion.analysis import services as analysis_services
from smartregion.analysis.models import AnalysisRound
from smartregion.assessment.models import AssessmentRound
from smartregion.core import scoping
from smartregion.events.models import Event
from smartregion.portfolio.models import Project
from smartregion.regions.models import Municipality, Region
from smartregion.roadmap.models import FundingProgramme
from smartregion.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db

STEINFURT = "/r/kreis-steinfurt"
DEMO = "@demo.smartregion.example"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# What a person must never read: Django's empty choice and the name of a database constraint.
CONSTRAINT_NAMES = sorted(
    {
        constraint.name
        for config in apps.get_app_configs()
        if config.name.startswith("smartregion.")
        for model in config.get_models()
        for constraint in model._meta.constraints
    }
)


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True


def client_for(localpart: str | None) -> Client:
    """The demo person (e.g. "koordination", in Kreis Steinfurt unless the region is named)."""
    client = Client()
    if localpart:
        client.force_login(
            User.objects.get(email=f"{localpart if '.' in localpart else localpart + '.steinfurt'}{DEMO}"),
            backend="django.contrib.auth.backends.ModelBackend",
        )
    return client


def first_project() -> Project:
    with scoping.scopes_disabled():
        project = Project.objects.filter(region__slug="kreis-steinfurt").order_by("pk").first()
    assert project is not None
    return project


def upcoming_event() -> Event:
    with scoping.scopes_disabled():
        event = (
            Event.objects.filter(
                region__slug="kreis-steinfurt", registration_enabled=True, start__gt=timezone.now()
            )
            .order_by("start")
            .first()
        )
    assert event is not None, "Die Demo hat in Kreis Steinfurt keinen kommenden Termin mit Anmeldung."
    return event


def open_questionnaire() -> str:
    """An open needs analysis for Greven, so the demo officer may submit its questionnaire."""
    region = Region.objects.get(slug="kreis-steinfurt")
    with scoping.scope(region):
        fields = list(FieldOfAction.objects.filter(strategy__region=region)[:2])
        greven = Municipality.objects.get(region=region, slug="greven")
        analysis_round: AnalysisRound = analysis_services.open_round(
            region=region,
            actor=None,
            name="Bedarfsanalyse 2027",
            fields=fields,
            municipalities=[greven],
            deadline=timezone.now() + datetime.timedelta(days=30),
        )
    return f"{STEINFURT}/bedarfsanalyse/{analysis_round.pk}/fragebogen/greven/"


def open_round_path(model: type[AnalysisRound | AssessmentRound], section: str) -> str:
    with scoping.scopes_disabled():
        found = model.objects.filter(status="open").select_related("region").order_by("pk").first()
    assert found is not None, f"Die Demo hat keine laufende Runde ({model.__name__})."
    return f"/r/{found.region.slug}/{section}/{found.pk}/"


def programme_path() -> str:
    programme = FundingProgramme.objects.order_by("pk").first()
    assert programme is not None
    return f"{STEINFURT}/fahrplan/foerderprogramme/{programme.pk}/"


@dataclass(frozen=True)
class Case:
    """A form page, who sends it, and what: ``path`` and ``data`` may need the demo's objects."""

    name: str
    who: str | None
    path: str | Callable[[], str]
    data: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    # Fields that must carry an error (their inputs' ids); more may.
    marked: tuple[str, ...] = ()
    # A small form on the page that is sent elsewhere: that address, after the page's.
    post_to: str = ""

    def url(self) -> str:
        return self.path() if callable(self.path) else self.path

    def form_url(self, url: str) -> str:
        return url + self.post_to

    def payload(self) -> dict[str, Any]:
        # A browser always sends the CSRF token (the test client does not check it), so even an
        # empty form arrives as a bound one.
        data = self.data() if callable(self.data) else dict(self.data)
        return {"csrfmiddlewaretoken": "x", **data}


CASES = [
    Case("accounts:invite", "koordination", f"{STEINFURT}/verwaltung/mitglieder/", marked=("id_email",)),
    Case(
        "accounts:api_token", "koordination", f"{STEINFURT}/verwaltung/api-schluessel/", marked=("id_name",)
    ),
    Case("accounts:login", None, "/konto/login/", {"login": "", "password": ""}, marked=("id_login",)),
    Case("regions:municipality", "koordination", f"{STEINFURT}/kommunen/neu/", marked=("id_name",)),
    Case(
        "strategy:value", "koordination", f"{STEINFURT}/strategie/bearbeiten/werte/neu/", marked=("id_name",)
    ),
    Case(
        "strategy:field",
        "koordination",
        f"{STEINFURT}/strategie/bearbeiten/handlungsfelder/neu/",
        marked=("id_name",),
    ),
    Case("ideas:submit", None, f"{STEINFURT}/ideen/neu/", marked=("id_title",)),
    Case("portfolio:project", "koordination", f"{STEINFURT}/projekte/neu/", marked=("id_title",)),
    Case("assessment:round", "koordination", f"{STEINFURT}/bewertung/neu/", marked=("id_title",)),
    Case(
        "roadmap:milestone",
        "koordination",
        lambda: f"{STEINFURT}/fahrplan/projekte/{first_project().slug}/meilensteine/neu/",
        {
            "title": "Ausschreibung",
            "kind": "phase",
            "status": "geplant",
            "start": "2027-05-10",
            "end": "2027-05-01",
        },
        marked=("id_end",),
    ),
    Case(
        "roadmap:cost_plan",
        "koordination",
        lambda: f"{STEINFURT}/fahrplan/projekte/{first_project().slug}/kosten/",
        {"extra_year": "2027", "extra_investment": "viel", "extra_running": "-5"},
        marked=("id_extra_investment", "id_extra_running"),
    ),
    Case(
        "roadmap:programme",
        "koordination",
        f"{STEINFURT}/fahrplan/foerderprogramme/neu/",
        marked=("id_name",),
    ),
    Case("reporting:report", "koordination", f"{STEINFURT}/berichte/neu/", marked=("id_title",)),
    Case(
        "reporting:weights",
        "koordination",
        f"{STEINFURT}/fortschritt/gewichtung/",
        {"update_every_days": "3"},
        marked=("id_update_every_days",),
    ),
    Case("analysis:round", "koordination", f"{STEINFURT}/bedarfsanalyse/neu/", marked=("id_name",)),
    Case(
        "analysis:questionnaire",
        "kommune",
        open_questionnaire,
        lambda: {"version": "0", "action": "submit"},
    ),
    Case("surveys:survey", "koordination", f"{STEINFURT}/beteiligung/neu/", marked=("id_title",)),
    Case(
        "surveys:ends_before_it_opens",
        "koordination",
        f"{STEINFURT}/beteiligung/neu/",
        {
            "title": "Radwege",
            "privacy_notice": "Anonym.",
            "opens_at": "2027-05-10T10:00",
            "closes_at": "2027-05-01T10:00",
        },
        marked=("id_closes_at",),
    ),
    Case("events:event", "koordination", f"{STEINFURT}/termine/neu/", marked=("id_title",)),
    Case(
        "events:registration",
        None,
        lambda: f"{STEINFURT}/termine/{upcoming_event().pk}/",
        {"name": "", "email": ""},
        marked=("id_name", "id_email"),
    ),
    Case(
        "assessment:deadline",
        "koordination.coesfeld",
        lambda: open_round_path(AssessmentRound, "bewertung"),
        {"deadline": "2020-01-01"},
        marked=("frist_deadline",),
        post_to="frist/",
    ),
    Case(
        "analysis:extend",
        "koordination",
        lambda: open_round_path(AnalysisRound, "bedarfsanalyse"),
        {"deadline": "morgen"},
        marked=("frist_deadline",),
        post_to="frist/",
    ),
    Case(
        "roadmap:programme_deadline",
        "koordination",
        programme_path,
        {"date": "", "label": "Zweiter Aufruf"},
        marked=("frist_date",),
        post_to="frist/",
    ),
    Case("opendata:licence", "koordination", f"{STEINFURT}/opendata/lizenz/", marked=("id_licence_0",)),
]


@dataclass
class Page:
    html: str
    tree: Any = None

    def __post_init__(self) -> None:
        self.tree = lxml.html.fromstring(self.html)

    def by_id(self, element_id: str) -> Any:
        found = self.tree.xpath("//*[@id=$id]", id=element_id)
        return found[0] if found else None


def check_no_dashes_or_constraint_names(url: str, html: str) -> None:
    assert "---------" not in html, f"{url} zeigt „---------“"
    for name in CONSTRAINT_NAMES:
        assert name not in html, f"{url} nennt die Bedingung {name!r}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_the_summary_and_marked_fields_and_saves_nothing(demo: None, case: Case) -> None:
    client = client_for(case.who)
    url = case.url()
    shown = client.get(url)
    assert shown.status_code == 200, url
    check_no_dashes_or_constraint_names(url, shown.content.decode())

    with CaptureQueriesContext(connection) as queries:
        response = client.post(case.form_url(url), case.payload())
    html = response.content.decode()
    assert response.status_code in (200, 400), f"{url}: {response.status_code}"
    writes = [q["sql"] for q in queries.captured_queries if WRITE.search(q["sql"])]
    # Sessions, the login throttle and the rate limits' cache may write; the form's data may not.
    assert not [sql for sql in writes if not re.search(r"django_session|axes_|cache", sql)], writes

    page = Page(html)
    summaries = page.tree.xpath("//*[@data-error-summary]")
    assert len(summaries) == 1, f"{url}: {len(summaries)} Fehlerlisten"
    links = [href[1:] for href in summaries[0].xpath(".//a/@href") if href.startswith("#")]
    assert links, f"{url}: die Fehlerliste verweist auf kein Feld"
    for wanted in case.marked:
        assert wanted in links, f"{url}: die Fehlerliste verweist nicht auf {wanted}"
    for target in links:
        check_marked(page, url, target)
    check_no_dashes_or_constraint_names(url, html)


def check_marked(page: Page, url: str, target: str) -> None:
    """The element a summary link leads to exists, is marked invalid and is described by its error."""
    element = page.by_id(target)
    assert element is not None, f"{url}: #{target} fehlt"
    assert element.get("aria-invalid") == "true", f"{url}: #{target} ist nicht als fehlerhaft markiert"
    described = element.get("aria-describedby") or ""
    if not described:  # an option of a choice group: its fieldset is described
        fieldset = element.xpath("ancestor::fieldset[1]")
        assert fieldset, f"{url}: #{target} hat kein aria-describedby"
        described = fieldset[0].get("aria-describedby") or ""
    errors = [page.by_id(name) for name in described.split()]
    messages = [e for e in errors if e is not None and e.get("id", "").endswith("_error")]
    assert messages, f"{url}: #{target} verweist nicht auf seine Fehlermeldung ({described!r})"
    assert all(m.text_content().strip() for m in messages)


def test_a_refused_questionnaire_marks_each_missing_answer(demo: None) -> None:
    url = open_questionnaire()
    response = client_for("kommune").post(url, {"version": "0", "action": "submit"})
    page = Page(response.content.decode())
    summary = page.tree.xpath("//*[@data-error-summary]")[0]
    text = summary.text_content()
    selects = page.tree.xpath("//select[starts-with(@name, 'a_')]")
    assert selects
    assert f"es fehlen noch {len(selects)} Angaben" in text
    for select in selects:
        assert select.get("aria-invalid") == "true"
        assert f"#{select.get('id')}" in summary.xpath(".//a/@href")
    # Each line says which field of action it is about, not only the dimension.
    first_link = summary.xpath(".//a")[0].text_content()
    assert " – " in first_link


def test_the_survey_form_shows_the_end_before_the_start_at_ende(demo: None) -> None:
    response = client_for("koordination").post(
        f"{STEINFURT}/beteiligung/neu/",
        {
            "title": "Radwege",
            "privacy_notice": "Anonym.",
            "opens_at": "2027-05-10T10:00",
            "closes_at": "2027-05-01T10:00",
        },
    )
    page = Page(response.content.decode())
    ende = page.by_id("id_closes_at").xpath("ancestor::div[contains(@class, 'kern-form-input')][1]")[0]
    assert "Ende" in ende.xpath(".//label")[0].text_content()
    assert "Das Ende der Umfrage muss nach ihrem Beginn liegen." in ende.text_content()
    assert "survey_closes_after_opening" not in response.content.decode()
    assert "Bedingung" not in response.content.decode()


# Pages that show forms but have nothing to send wrong: the filters above the lists.
FILTER_PAGES = [
    f"{STEINFURT}/projekte/",
    f"{STEINFURT}/ideen/",
    f"{STEINFURT}/termine/",
    f"{STEINFURT}/verwaltung/protokoll/",
    "/projektkatalog/",
]


@pytest.mark.parametrize("path", FILTER_PAGES)
def test_filter_forms_show_no_dashes(demo: None, path: str) -> None:
    response = client_for("koordination").get(path, follow=True)
    assert response.status_code == 200
    check_no_dashes_or_constraint_names(path, response.content.decode())


def test_templates_that_draw_fields_themselves_have_a_summary() -> None:
    """A POST form whose fields a template draws one by one (not ``{{ form }}``, which has the
    summary already) puts ``{% error_summary %}`` at its top."""
    root = Path(__file__).resolve().parents[2] / "smartregion"
    missing = []
    for template in sorted(root.glob("*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.DOTALL):
            if re.search(r"\.as_field_group|\|kern_widget", form) and "error_summary" not in text:
                missing.append(str(template.relative_to(root)))
    assert not missing, f"Vorlagen ohne Fehlerliste: {missing}"
