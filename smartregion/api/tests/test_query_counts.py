"""Query budget of the API's region list, pinned: three queries however many regions there are (a
plain count, the page's regions with only the columns of the answer, one grouped count of their
municipalities)."""

from __future__ import annotations

import pytest

from smartregion.regions.models import Municipality
from smartregion.regions.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_region_list_needs_three_queries_with_a_plain_count(client, db, django_assert_max_num_queries):
    regions = RegionFactory.create_batch(120, privacy="Langer Text " * 50)
    Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Gemeinde {i}", slug=f"gemeinde-{i}")
        for region in regions[:70]
        for i in range(2)
    )

    with django_assert_max_num_queries(3) as queries:
        body = client.get("/api/v1/regions/?limit=100").json()

    assert body["count"] == 120
    assert len(body["items"]) == 100
    assert sorted({item["municipality_count"] for item in body["items"]}) == [0, 2]
    count, rows, municipalities = (q["sql"].upper() for q in queries.captured_queries)
    assert "GROUP BY" not in count
    assert " JOIN " not in count
    assert " JOIN " not in rows
    assert "PRIVACY" not in rows
    assert "DESCRIPTION" not in rows
    assert "REGIONS_MUNICIPALITY" in municipalities
    assert " JOIN " not in municipalities
