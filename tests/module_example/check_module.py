"""Run with ``--ds=tests.module_example.settings``: the example module is part of the platform."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from smartregion.core import modules
from smartregion.regions.models import Organisation, Region
from smartregion.regions.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region() -> Region:
    return RegionFactory(slug="kreis-steinfurt", name="Kreis Steinfurt")


def test_the_registry_knows_the_module():
    assert modules.get("weather") is not None


def test_its_page_is_served_and_in_the_navigation(client: Client, region: Region):
    page = client.get("/r/kreis-steinfurt/wetter/")

    assert page.status_code == 200
    assert 'href="/r/kreis-steinfurt/wetter/" aria-current="page">Wetter</a>' in page.text
    start = client.get("/r/kreis-steinfurt/")
    assert 'href="/r/kreis-steinfurt/wetter/">Wetter</a>' in start.text


def test_its_api_route_answers_and_is_described(client: Client, region: Region):
    answer = client.get("/api/v1/regions/kreis-steinfurt/weather/")

    assert answer.status_code == 200
    assert answer.json() == {"region": "kreis-steinfurt", "stations": []}
    assert "/api/v1/regions/{slug}/weather/" in client.get("/api/v1/openapi.json").json()["paths"]


def test_its_demo_loader_runs_after_the_regions(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "Wetter: 3 Stationen" in out.getvalue()
    assert Organisation.objects.filter(name="Wetterstation (Demo)").count() == 3
    assert out.getvalue().index("Kreis Steinfurt: 24 Kommunen") < out.getvalue().index("Wetter:")


def test_a_region_that_switches_it_off_gets_404_everywhere(client: Client, region: Region):
    region.switched_off_modules = ["weather"]
    region.save()

    assert client.get("/r/kreis-steinfurt/wetter/").status_code == 404
    assert client.get("/api/v1/regions/kreis-steinfurt/weather/").status_code == 404
    assert "/wetter/" not in client.get("/r/kreis-steinfurt/").text
