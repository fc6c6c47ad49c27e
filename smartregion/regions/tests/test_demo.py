"""The demo tells a consistent story: complete legal pages, the region's name in correct German on
every page and in every mail, no invented figures, strategy versions dated along the real history,
and project profiles whose maturity matches where the project stands."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from smartregion.accounts.models import User
from smartregion.core import modules
from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.ideas import services as idea_services
from smartregion.portfolio.models import Maturity, Project, ProjectStatus
from smartregion.regions import legal
from smartregion.regions.demo import DEMO_REGIONS
from smartregion.regions.models import LegalDetails, Municipality, Region
from smartregion.strategy.models import FieldOfAction, StrategyVersion

pytestmark = pytest.mark.django_db

SLUGS = [demo.slug for demo in DEMO_REGIONS]
# "in Kreis Steinfurt", "Ihr Team von Kreis Coesfeld", "für Kreis …", "aus Stadt …": an article is missing.
WRONG = re.compile(r"\b(?:in|von|für|aus|bei|zu) (?:Kreis|Landkreis|Stadt|Region) [A-ZÄÖÜ]")


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def _region_pages(slug: str) -> list[str]:
    """The region's start page, its legal and list pages and the entry page of every module."""
    paths = [reverse("regions:detail", kwargs={"region_slug": slug})]
    paths += [reverse("regions:legal", kwargs={"region_slug": slug, "page": p}) for p in legal_pages()]
    paths += [
        reverse(f"regions:{name}", kwargs={"region_slug": slug}) for name in ("municipalities", "manage")
    ]
    for _module, step in modules.navigation_steps():
        try:
            paths.append(reverse(step.url_name, kwargs={"region_slug": slug}))
        except NoReverseMatch:  # pragma: no cover - every step takes the region's slug
            continue
    paths.append(reverse("accounts:tokens", kwargs={"region_slug": slug}))
    return paths


def legal_pages() -> tuple[str, ...]:
    return ("impressum", "datenschutz", "barrierefreiheit")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("slug", SLUGS)
def test_no_page_puts_the_region_name_after_a_bare_preposition(slug):
    coordinator = Client()
    coordinator.force_login(
        User.objects.get(email=f"koordination.{slug.removeprefix('kreis-')}@demo.smartregion.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    for path in _region_pages(slug):
        response = coordinator.get(path)
        if response.status_code != 200:
            continue
        text = _text(response.content.decode())
        assert not WRONG.search(text), (path, WRONG.search(text))


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("slug", SLUGS)
def test_no_mail_puts_the_region_name_after_a_bare_preposition(slug, django_capture_on_commit_callbacks):
    region = Region.objects.get(slug=slug)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_services.submit_idea(
            region=region,
            author=None,
            title="Sitzbänke mit Ladebuchse",
            description="Am Bahnhof.",
            field=FieldOfAction.objects.filter(strategy__region=region).first(),
            municipality=Municipality.objects.filter(region=region).first(),
            author_name="Test",
            author_email="test@demo.smartregion.example",
        )
    event = Event.objects.filter(region=region).first()
    texts = [f"{message.subject}\n{message.body}" for message in mail.outbox]
    assert texts, "the idea's confirmation mail"
    if event is not None:
        registration = Registration(
            event=event, name="Test", email="t@demo.smartregion.example", status=RegistrationStatus.CONFIRMED
        )
        context = {"registration": registration, "event": event, "region": region, "position": 1}
        for template in ("registration", "reminder", "moved_up", "already_registered"):
            texts.append(render_to_string(f"events/email/{template}.txt", context))
    idea.rejection_reason = "Nicht im Rahmen der Strategie."
    texts.append(render_to_string("ideas/email/idea_rejected.txt", {"idea": idea, "link": "x"}))
    for text in texts:
        assert not WRONG.search(text), WRONG.search(text)
    assert f"Ihr Team {region.name_of}" in "\n".join(texts[1:]) or event is None
    assert region.name_in in texts[0]


@pytest.mark.usefixtures("demo")
def test_demo_regions_have_complete_legal_pages(client):
    for region in Region.objects.filter(slug__in=SLUGS):
        details = LegalDetails.objects.get(region=region)
        assert legal.missing_imprint_fields(details) == [], region.slug
        assert all((details.dpo_name, details.dpo_email, details.feedback_email)), region.slug
        assert details.barriers, region.slug
        assert details.compliance == "teilweise", region.slug
        assert details.statement_date <= details.last_review <= timezone.localdate(), region.slug
        for page in legal_pages():
            response = client.get(f"/r/{region.slug}/{page}/")
            assert response.status_code == 200
            assert "Es fehlen noch Pflichtangaben" not in response.content.decode()


@pytest.mark.usefixtures("demo")
def test_no_invented_population_and_the_column_is_hidden(client):
    """The seeds give no population figure with a source, so none is shown."""
    assert not Municipality.objects.filter(population__isnull=False).exists()
    for slug in SLUGS:
        html = client.get(f"/r/{slug}/kommunen/").content.decode()
        assert "Einwohnerzahl" not in html
        assert '<td class="kern-table__cell kern-table__cell--numeric">–</td>' not in html
    dithmarschen = client.get("/r/kreis-dithmarschen/kommunen/").content.decode()
    assert "Gemeindeschlüssel" not in dithmarschen  # no key known for its municipalities


@pytest.mark.usefixtures("demo")
def test_strategy_versions_follow_the_real_history():
    steinfurt = StrategyVersion.objects.filter(strategy__region__slug="kreis-steinfurt")
    adopted = steinfurt.get(fixed_name="Fassung vom 20.06.2022")
    assert adopted.fixed_on == datetime.date(2022, 6, 20)
    assert timezone.localtime(adopted.created_at).date() == datetime.date(2022, 6, 20)
    drafts = steinfurt.filter(number__lt=adopted.number)
    assert drafts.exists()
    assert all(
        datetime.date(2021, 9, 1) <= timezone.localtime(v.created_at).date() < adopted.fixed_on
        for v in drafts
    )
    later = steinfurt.filter(number__gt=adopted.number)
    assert later.exists()
    assert all(v.created_at > adopted.created_at for v in later)
    numbers = list(steinfurt.order_by("number").values_list("created_at", flat=True))
    assert numbers == sorted(numbers)

    coesfeld = StrategyVersion.objects.get(
        strategy__region__slug="kreis-coesfeld", fixed_name="Fassung Februar 2021"
    )
    assert timezone.localtime(coesfeld.created_at).date() == coesfeld.fixed_on == datetime.date(2021, 2, 1)
    for region in ("kreis-coesfeld", "kreis-dithmarschen"):
        dates = list(
            StrategyVersion.objects.filter(strategy__region__slug=region)
            .order_by("number")
            .values_list("created_at", flat=True)
        )
        assert dates == sorted(dates), region
    written = StrategyVersion.objects.filter(
        strategy__region__slug="kreis-coesfeld", number__lte=coesfeld.number
    )
    assert all(timezone.localtime(v.created_at).year in (2019, 2020, 2021) for v in written)


# Which maturities fit a status: what is done is proven; what runs has at least a concept; what has not
# started has no pilot yet.
FITTING = {
    ProjectStatus.COMPLETED: {Maturity.PROVEN},
    ProjectStatus.IN_PROGRESS: {Maturity.CONCEPT, Maturity.PILOT, Maturity.PROVEN},
    ProjectStatus.LEAD: {Maturity.IDEA, Maturity.CONCEPT},
    ProjectStatus.POTENTIAL: {Maturity.IDEA, Maturity.CONCEPT},
    ProjectStatus.IN_REVIEW: {Maturity.IDEA, Maturity.CONCEPT},
    ProjectStatus.DRAFTING: {Maturity.IDEA, Maturity.CONCEPT},
}


@pytest.mark.usefixtures("demo")
def test_project_maturity_matches_status_and_profiles_read_like_a_districts():
    projects = Project.objects.with_scopes_disabled().filter(adopted_from__isnull=True)
    for project in projects:
        assert project.maturity in FITTING[project.status], (project.title, project.status, project.maturity)
        assert not re.search("Ausgedacht|Beispielprojekt", project.summary), project.title
    examples = projects.filter(region__slug="kreis-steinfurt", is_example=True)
    assert examples.count() == 26
    for project in examples:
        assert project.goals, project.title
        assert project.measures or project.partners, project.title
        assert None not in (project.start_date, project.end_date), project.title
        if project.status == ProjectStatus.COMPLETED:
            assert project.end_date < timezone.localdate(), project.title
        if project.status in (ProjectStatus.LEAD, ProjectStatus.POTENTIAL):
            assert project.start_date > timezone.localdate(), project.title
    statuses = set(projects.filter(region__slug="kreis-steinfurt").values_list("status", flat=True))
    assert statuses == {
        ProjectStatus.COMPLETED,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.LEAD,
        ProjectStatus.POTENTIAL,
    }
