"""Monitoring on the region's start page and on a project's profile, through the module registry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from smartregion.reporting.models import StatusReport
from smartregion.reporting.tests.conftest import update

pytestmark = pytest.mark.django_db


def _report(region: Any, title: str, *, published: bool) -> StatusReport:
    day = datetime.date(2025, 9, 30)
    return StatusReport.objects.create(
        region=region,
        title=title,
        committee="Kreisausschuss",
        meeting_date=day,
        period_start=day,
        period_end=day,
        state="fertig",
        published_at=datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC) if published else None,
    )


def test_the_start_page_shows_progress_updates_and_published_reports(
    client: Any, project: Any, steinfurt: Any
) -> None:
    update(project, 35, datetime.date(2025, 4, 1))
    _report(steinfurt, "Bericht für alle", published=True)
    _report(steinfurt, "Entwurf des Berichts", published=False)

    page = client.get("/r/kreis-steinfurt/").text

    assert "Stand der Umsetzung" in page
    assert "IoT für ein besseres Leben</a>: im Plan, 35 %" in page
    assert "Bericht für alle" in page
    assert "Entwurf des Berichts" not in page


def test_the_profile_links_its_status_page(client: Any, project: Any) -> None:
    page = client.get(project.get_absolute_url()).text

    assert f'href="/r/kreis-steinfurt/fortschritt/projekte/{project.slug}/"' in page


def test_a_region_without_the_module_shows_neither(client: Any, project: Any, steinfurt: Any) -> None:
    steinfurt.switched_off_modules = ["reporting"]
    steinfurt.save()

    assert "Stand der Umsetzung" not in client.get("/r/kreis-steinfurt/").text
    assert "/fortschritt/projekte/" not in client.get(project.get_absolute_url()).text


def test_pages_describe_themselves_to_search_engines(client: Any, project: Any) -> None:
    project.summary = "Sensoren messen, was die Region braucht."
    project.save()

    page = client.get(project.get_absolute_url()).text

    assert '<meta name="description" content="Sensoren messen, was die Region braucht.">' in page
    assert f'<link rel="canonical" href="http://testserver{project.get_absolute_url()}">' in page
    assert '<meta property="og:locale" content="de_DE">' in page
    assert 'name="description" content="Fortschritt der Digitalisierungsstrategie des Kreises Steinfurt' in (
        client.get("/r/kreis-steinfurt/fortschritt/").text
    )


@pytest.mark.page_cache
def test_the_start_page_shows_a_new_status_at_once(
    login: Any, coordinator: Any, project: Any, steinfurt: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Its figures are kept until the region's content changes (``pagecache.kept``)."""
    from smartregion.reporting import services
    from smartregion.strategy.models import FieldOfAction, Strategy

    strategy = Strategy.objects.create(region=steinfurt, title="Strategie")
    project.fields.add(FieldOfAction.objects.create(strategy=strategy, name="Verwaltung", slug="v", order=1))
    member = login(coordinator)  # signed in: the page itself is never a copy, only its figures are kept
    data = {"reported_on": datetime.date(2025, 4, 1), "traffic": "gruen", "text": "Läuft"}
    with django_capture_on_commit_callbacks(execute=True):
        services.add_status_update(project=project, actor=None, data={**data, "progress": 20})
    assert '<strong class="kern-heading-medium">20 %</strong>' in member.get("/r/kreis-steinfurt/").text
    with django_capture_on_commit_callbacks(execute=True):
        services.add_status_update(project=project, actor=None, data={**data, "progress": 60})

    assert '<strong class="kern-heading-medium">60 %</strong>' in member.get("/r/kreis-steinfurt/").text
