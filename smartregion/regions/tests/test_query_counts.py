"""Query budgets of the public region pages, pinned: a large region costs as many queries as a
small one, and no query joins a region's municipalities, organisations and members together.

The budgets are those of an anonymous visitor (what the benchmark in bench/ loads) with a region
four times the size of a page.
"""

from __future__ import annotations

import pytest

from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import MembershipFactory
from smartregion.regions import selectors
from smartregion.regions.models import Municipality, Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_region(steinfurt: Region) -> Region:
    Municipality.objects.bulk_create(
        Municipality(region=steinfurt, name=f"Gemeinde {i:03d}", slug=f"gemeinde-{i:03d}") for i in range(200)
    )
    OrganisationFactory.create_batch(12, region=steinfurt)
    for municipality in Municipality.objects.filter(region=steinfurt)[:15]:
        MembershipFactory(region=steinfurt, municipality=municipality, role=Role.MUNICIPAL_OFFICER)
    other = RegionFactory()
    MunicipalityFactory.create_batch(3, region=other)
    return steinfurt


def _sql(queries: object) -> list[str]:
    return [q["sql"].upper() for q in queries.captured_queries]  # type: ignore[attr-defined]


def test_region_summary_counts_each_relation_on_its_own(big_region, django_assert_max_num_queries):
    with django_assert_max_num_queries(1) as queries:
        summary = selectors.region_summary(big_region, members=True)

    assert summary == {"municipalities": 200, "organisations": 12, "members": 15}
    (sql,) = _sql(queries)
    assert "DISTINCT" not in sql
    assert " JOIN " not in sql


def test_region_summary_of_public_pages_leaves_members_out(big_region, django_assert_max_num_queries):
    with django_assert_max_num_queries(1) as queries:
        summary = selectors.region_summary(big_region)

    assert summary == {"municipalities": 200, "organisations": 12}
    assert "ACCOUNTS_MEMBERSHIP" not in _sql(queries)[0]


def test_region_summary_of_empty_region_is_zero(coesfeld):
    assert selectors.region_summary(coesfeld, members=True) == {
        "municipalities": 0,
        "organisations": 0,
        "members": 0,
    }


def test_region_page_of_large_region_reads_a_fixed_number_of_queries(
    client, big_region, django_assert_max_num_queries
):
    """Three for the region (itself, its figures, the municipalities), one or a few for each
    module's panel on the start page (strategy, projects, progress, events); none per row."""
    with django_assert_max_num_queries(11) as queries:
        response = client.get("/r/kreis-steinfurt/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>200</strong>" in content
    assert "<strong>12</strong>" in content
    assert content.count("<li>Gemeinde ") == 60
    for sql in _sql(queries):
        if "REGIONS_MUNICIPALITY" in sql:
            assert "DISTINCT" not in sql
            assert " JOIN " not in sql


def test_municipality_list_of_large_region_needs_three_queries(
    client, big_region, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3) as queries:
        response = client.get("/r/kreis-steinfurt/kommunen/?seite=2")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50
    assert "Im Kreis Steinfurt gibt es 200 Kommunen." in response.content.decode()
    count = next(sql for sql in _sql(queries) if "COUNT(" in sql)
    assert "GROUP BY" not in count
    assert " JOIN " not in count


def test_municipality_list_for_coordinator_needs_few_queries(
    login, coordinator, big_region, django_assert_max_num_queries
):
    client = login(coordinator)

    with django_assert_max_num_queries(7):
        response = client.get("/r/kreis-steinfurt/kommunen/")

    assert response.status_code == 200


def test_regions_for_start_page_count_municipalities_of_the_slice_read(big_region, django_assert_num_queries):
    regions = selectors.regions_for_start_page()

    with django_assert_num_queries(2):  # the regions, then one count for both
        first = list(regions[:2])
    with django_assert_num_queries(0):
        assert [r.municipality_count for r in first] == [3, 200]  # "Kreis Beispiel …", "Kreis Steinfurt"

    with django_assert_num_queries(2):
        single = regions.get(slug="kreis-steinfurt")
    assert single.municipality_count == 200
    with django_assert_num_queries(1):  # nothing read, nothing counted
        assert list(regions.filter(slug="gibt-es-nicht")) == []


def test_counts_per_region_for_no_region_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.counts_per_region([]) == {}
