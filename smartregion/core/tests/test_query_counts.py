"""Query budget of the start page, pinned: three queries however many regions there are (a plain
count for the pagination, the page's regions with only the columns the cards show, one grouped
count of their municipalities)."""

from __future__ import annotations

import pytest

from smartregion.regions.models import Municipality
from smartregion.regions.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_regions(db: None) -> None:
    regions = RegionFactory.create_batch(60, imprint="Langer Text " * 50)
    Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Gemeinde {i}", slug=f"gemeinde-{i}")
        for region in regions
        for i in range(3)
    )


def test_start_page_needs_three_queries(client, many_regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(3) as queries:
        response = client.get("/?seite=2")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("3 Kommunen") == 24
    assert "Nordrhein-Westfalen · 3 Kommunen" in content
    assert "Seite 2 von 3" in content
    count, rows, municipalities = (q["sql"].upper() for q in queries.captured_queries)
    assert "GROUP BY" not in count
    assert " JOIN " not in count
    assert " JOIN " not in rows
    assert "IMPRINT" not in rows
    assert "DESCRIPTION" not in rows
    assert "REGIONS_MUNICIPALITY" in municipalities
    assert 'href="/r/kreis-beispiel-' in content


def test_start_page_in_english_names_the_state_in_english(client, many_regions):
    client.get("/sprache/en/")

    content = client.get("/").content.decode()

    assert content.count("North Rhine-Westphalia · 3 municipalities") == 24
