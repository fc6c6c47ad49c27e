"""The sums of financing and personnel (figures.py), against figures computed by hand."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from smartregion.roadmap import figures
from smartregion.roadmap.figures import CapacityRow, CostRow, NeedRow, SourceRow

E = Decimal


def test_financing_per_project_field_and_region_by_hand():
    projects = [(1, "IoT"), (2, "Mobilität"), (3, "Ohne Feld")]
    fields = {1: [(10, "Klima"), (20, "Infrastruktur")], 2: [(20, "Infrastruktur")]}
    costs = [
        CostRow(1, 2025, E("100000.00"), E("10000.00")),
        CostRow(1, 2026, E("0"), E("10000.00")),  # IoT: 120,000
        CostRow(2, 2025, E("50000.50"), E("0")),  # Mobilität: 50,000.50
        CostRow(3, 2026, E("1000"), E("1000")),  # Ohne Feld: 2,000
    ]
    sources = [
        SourceRow(1, E("78000"), covers=True, granted=False),  # planned
        SourceRow(1, E("24000"), covers=True, granted=True),  # budget, granted
        SourceRow(1, E("18000"), covers=False, granted=False),  # rejected: covers nothing
        SourceRow(2, E("50000.50"), covers=True, granted=True),
    ]

    result = figures.financing(projects, fields, costs, sources, without_field="ohne")

    iot, mobility, alone = result.projects
    assert (iot.total_costs, iot.covered, iot.secured, iot.gap) == (E(120000), E(102000), E(24000), E(18000))
    assert (iot.investment, iot.running) == (E(100000), E(20000))
    assert (mobility.total_costs, mobility.covered, mobility.gap) == (E("50000.50"), E("50000.50"), E(0))
    assert (alone.total_costs, alone.covered, alone.gap) == (E(2000), E(0), E(2000))
    by_name = {group.name: group for group in result.fields}
    assert (by_name["Infrastruktur"].total_costs, by_name["Infrastruktur"].gap) == (E("170000.50"), E(18000))
    assert (by_name["Klima"].total_costs, by_name["Klima"].project_count) == (E(120000), 1)
    assert (by_name["ohne"].total_costs, by_name["ohne"].gap) == (E(2000), E(2000))
    assert [group.name for group in result.fields] == ["Infrastruktur", "Klima", "ohne"]
    assert (result.region.total_costs, result.region.covered, result.region.gap) == (
        E("172000.50"),
        E("152000.50"),
        E(20000),
    )
    assert result.years == [(2025, E("150000.50"), E(10000)), (2026, E(1000), E(11000))]


def test_personnel_per_organisation_and_year_by_hand():
    needs = [
        NeedRow(1, "Smart Region Büro", 2026, E("1.5"), "IoT"),
        NeedRow(1, "Smart Region Büro", 2026, E("0.25"), "SIL"),
        NeedRow(1, "Smart Region Büro", 2027, E("1"), "IoT"),
        NeedRow(2, "Amt für Mobilität", 2026, E("0.5"), "Mobilität"),
    ]
    capacities = [
        CapacityRow(1, "Smart Region Büro", 2026, E("1"), E("1")),
        CapacityRow(2, "Amt für Mobilität", 2026, E("2"), E("0")),
        CapacityRow(3, "wfc", 2026, E("0.5"), E("2")),
    ]

    lines = figures.personnel(needs, capacities)

    assert [
        (line.organisation, line.year, line.need, line.filled, line.vacant, line.gap) for line in lines
    ] == [
        ("Amt für Mobilität", 2026, E("0.5"), E("2"), E("0"), E("-1.5")),
        ("Smart Region Büro", 2026, E("1.75"), E("1"), E("1"), E("0.75")),
        ("Smart Region Büro", 2027, E("1"), E("0"), E("0"), E("1")),
        ("wfc", 2026, E("0"), E("0.5"), E("2"), E("-0.5")),
    ]
    assert lines[1].projects == ["IoT", "SIL"]


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(
    costs=st.lists(st.tuples(st.integers(1, 5), st.integers(2020, 2030), amounts, amounts), max_size=30),
    sources=st.lists(st.tuples(st.integers(1, 5), amounts, st.booleans(), st.booleans()), max_size=30),
    fields=st.dictionaries(st.integers(1, 5), st.lists(st.integers(1, 3), max_size=3, unique=True)),
)
def test_sums_add_up_whatever_the_rows(costs, sources, fields):
    projects = [(pk, f"Projekt {pk}") for pk in range(1, 6)]
    names = {pk: [(field, f"Feld {field}") for field in chosen] for pk, chosen in fields.items()}

    result = figures.financing(
        projects,
        names,
        [CostRow(*row) for row in costs],
        [SourceRow(pk, amount, covers, covers and granted) for pk, amount, covers, granted in sources],
        without_field="ohne",
    )

    assert result.region.total_costs == sum((p.total_costs for p in result.projects), E(0))
    assert result.region.covered == sum((p.covered for p in result.projects), E(0))
    assert result.region.total_costs == sum((year[1] + year[2] for year in result.years), E(0))
    for money in [result.region, *result.projects, *result.fields]:
        assert money.gap >= 0
        assert money.secured <= money.covered
        assert money.gap == max(money.total_costs - money.covered, E(0))
    for group in result.fields:
        members = [
            p
            for p in result.projects
            if group.field_id in [f for f, _n in names.get(p.project_id) or [(None, "")]]
        ]
        assert group.total_costs == sum((p.total_costs for p in members), E(0))
        assert group.project_count == len(members)
