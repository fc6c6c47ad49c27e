"""A region that switches a module off: the module's pages and API operations answer 404 for that
region, whatever they are asked; other regions and the other modules go on as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

from smartregion.accounts.models import User
from smartregion.analysis.models import AnalysisRound
from smartregion.assessment.models import AssessmentRound
from smartregion.core import modules
from smartregion.events.models import Event
from smartregion.ideas.models import Idea
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region
from smartregion.roadmap.models import FundingProgramme, FundingSource, Milestone
from smartregion.strategy.models import FieldOfAction
from smartregion.surveys.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True


SWITCHABLE = [module.key for module in modules.switchable()]
COORDINATOR = "koordination.steinfurt@demo.smartregion.example"
READER = "lesen.steinfurt@demo.smartregion.example"


def _values(region: Region) -> dict[str, object]:
    """Real objects of the region for every kind of URL argument, so a 404 is the module's doing."""
    return {
        "region_slug": region.slug,
        "survey_id": Survey.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "event_id": Event.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "round_id": AnalysisRound.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "assessment_id": AssessmentRound.objects.filter(region=region).values_list("pk", flat=True).first()
        or 1,
        "idea_id": Idea.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "project_slug": Project.objects.filter(region=region).values_list("slug", flat=True).first() or "p",
        "field_slug": FieldOfAction.objects.filter(strategy__region=region)
        .values_list("slug", flat=True)
        .first(),
        "municipality_slug": region.municipalities.values_list("slug", flat=True).first(),
        "milestone_id": Milestone.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "source_id": FundingSource.objects.filter(region=region).values_list("pk", flat=True).first() or 1,
        "programme_id": FundingProgramme.objects.values_list("pk", flat=True).first() or 1,
        "dataset": "projekte",
    }


def _namespace_patterns(namespace: str) -> list[URLPattern]:
    found: list[URLPattern] = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            found.extend(p for p in entry.url_patterns if isinstance(p, URLPattern))
    return found


def _urls(module: modules.Module, values: dict[str, object]) -> list[str]:
    namespace = modules._url_namespace(module)
    urls = []
    for pattern in _namespace_patterns(namespace):
        arguments = {"region_slug": values["region_slug"]}
        arguments |= {name: values.get(name, 1) for name in pattern.pattern.converters}
        for attempt in (arguments, {k: values.get(k, "x") for k in arguments}):
            try:
                urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=attempt))
                break
            except NoReverseMatch:
                continue
    return urls


@pytest.fixture
def coordinator_client(demo: None) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    return client


@pytest.mark.parametrize("key", [k for k in SWITCHABLE if modules.get(k) and modules.get(k).region_urls])
def test_every_page_of_a_switched_off_module_answers_404(coordinator_client: Client, key: str):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    module = modules.get(key)
    assert module is not None
    urls = _urls(module, _values(steinfurt))
    assert len(urls) >= 3, f"too few pages of {key} found: {urls}"
    on = {url: coordinator_client.get(url).status_code for url in urls}

    steinfurt.switched_off_modules = [key]
    steinfurt.save()

    for url in urls:
        answer = coordinator_client.get(url)
        if answer.status_code == 405:
            answer = coordinator_client.post(url)
        assert answer.status_code == 404, f"{url} answered {answer.status_code} with {key} switched off"
    assert sum(status == 200 for status in on.values()) >= 2, f"{key} had pages before: {on}"
    # Another region keeps the module.
    coesfeld_overview = urls[0].replace("/kreis-steinfurt/", "/kreis-coesfeld/")
    assert coordinator_client.get(coesfeld_overview).status_code != 404 or on[urls[0]] == 404


@pytest.mark.parametrize("key", [k for k in SWITCHABLE if modules.get(k) and modules.get(k).api])
def test_every_api_operation_of_a_switched_off_module_answers_404(demo: None, key: str):
    """Reads answer 404; a write answers 404 once its body is valid (an invalid body is refused
    first, with 422, and changes nothing either way)."""
    client = Client()
    client.force_login(User.objects.get(email=READER))
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    values = {
        "slug": steinfurt.slug,
        "survey_id": _values(steinfurt)["survey_id"],
        "event_id": _values(steinfurt)["event_id"],
        "round_id": _values(steinfurt)["round_id"],
        "assessment_id": _values(steinfurt)["assessment_id"],
        "project_id": Project.objects.filter(region=steinfurt).values_list("pk", flat=True).first(),
        "municipality_slug": _values(steinfurt)["municipality_slug"],
        "dataset": "projekte",
    }
    steinfurt.switched_off_modules = [key]
    steinfurt.save()
    module = modules.get(key)
    assert module is not None
    checked = 0
    for mount in module.api:
        router = import_string(mount.router)
        for path, path_view in router.path_operations.items():
            url = "/api/v1" + ("/" + mount.prefix.strip("/") if mount.prefix.strip("/") else "") + path
            for name, value in values.items():
                url = url.replace("{" + name + "}", str(value))
            assert "{" not in url, f"no value for a parameter of {url}"
            if url == "/api/v1" + path and "{" not in path:
                continue  # a catalogue shared by every region (funding programmes) has no region to ask
            for operation in path_view.operations:
                for method in operation.methods:
                    answer = client.generic(method, url, data="{}", content_type="application/json")
                    if method != "GET" and answer.status_code == 422:
                        continue
                    assert answer.status_code == 404, f"{method} {url}: {answer.status_code}"
                    assert answer.json() == {"detail": "Diese Region nutzt dieses Modul nicht."}
                    checked += 1
    assert checked >= 2


def test_navigation_leaves_out_a_switched_off_module(demo: None, client: Client):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    steinfurt.switched_off_modules = ["surveys"]
    steinfurt.save()

    page = client.get("/r/kreis-steinfurt/").text
    assert "/r/kreis-steinfurt/beteiligung/" not in page
    assert "/r/kreis-steinfurt/projekte/" in page
    assert "/r/kreis-coesfeld/beteiligung/" in client.get("/r/kreis-coesfeld/").text


def test_the_coordinator_switches_a_module_off_on_the_management_page(coordinator_client: Client):
    form = coordinator_client.get("/r/kreis-steinfurt/verwaltung/module/")
    assert form.status_code == 200
    assert 'value="surveys"' in form.text

    answer = coordinator_client.post(
        "/r/kreis-steinfurt/verwaltung/module/",
        {
            "in_use": [
                "ideas",
                "portfolio",
                "assessment",
                "roadmap",
                "reporting",
                "analysis",
                "events",
                "opendata",
            ]
        },
    )

    assert answer.status_code == 302
    assert Region.objects.get(slug="kreis-steinfurt").switched_off_modules == ["surveys"]
    assert coordinator_client.get("/r/kreis-steinfurt/beteiligung/").status_code == 404


def test_a_forged_module_in_the_form_is_refused_and_changes_nothing(coordinator_client: Client):
    answer = coordinator_client.post(
        "/r/kreis-steinfurt/verwaltung/module/", {"in_use": ["portfolio", "root"]}
    )

    assert answer.status_code == 200
    assert "root ist keine gültige Auswahl" in answer.text
    assert Region.objects.get(slug="kreis-steinfurt").switched_off_modules == []


def test_only_coordinators_switch_modules(demo: None):
    reader = Client()
    reader.force_login(User.objects.get(email="lesen.steinfurt@demo.smartregion.example"))
    other = Client()
    other.force_login(User.objects.get(email="koordination.coesfeld@demo.smartregion.example"))

    assert reader.post("/r/kreis-steinfurt/verwaltung/module/", {"in_use": []}).status_code == 403
    assert other.post("/r/kreis-steinfurt/verwaltung/module/", {"in_use": []}).status_code == 403
    assert Region.objects.get(slug="kreis-steinfurt").switched_off_modules == []


def test_valid_writes_to_a_switched_off_module_answer_404_and_change_nothing(demo: None, client: Client):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    steinfurt.switched_off_modules = ["ideas", "surveys", "events"]
    steinfurt.save()
    ideas, events = Idea.objects.count(), Event.objects.get(pk=_values(steinfurt)["event_id"])
    idea = {
        "title": "Freies WLAN am Bahnhof",
        "description": "Bitte mit Ausbau",
        "author_name": "Ada",
        "author_email": "a@example.org",
    }

    answers = [
        client.post("/api/v1/regions/kreis-steinfurt/ideas/", idea, content_type="application/json"),
        client.post(
            f"/api/v1/events/{events.pk}/registrations/",
            {"name": "Ada", "email": "ada@example.org", "accept_conditions": True},
            content_type="application/json",
        ),
    ]

    for answer in answers:
        assert (answer.status_code, answer.json()["detail"]) == (
            404,
            "Diese Region nutzt dieses Modul nicht.",
        ), answer.content
    assert Idea.objects.count() == ideas
    assert not events.registrations.filter(email="ada@example.org").exists()
