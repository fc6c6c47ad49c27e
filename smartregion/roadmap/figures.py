"""Sums of financing and personnel: pure computations, used by pages, API, exports and benchmark.

Financing. A project's costs are the sum of its cost plan (investment and running costs over
all years). Its sources *cover* what they add up to unless rejected ("abgelehnt"); *secured* is
what is granted ("bewilligt"). The *gap* is costs minus covered, never below zero (the services
refuse sources beyond the costs, so it is never needed to cut). A field of action sums the
projects in it; a project in two fields counts in both, so the region's totals count every
project once and are not the sum of the fields. Projects without a field are grouped as such.

Personnel. Per organisation and year: the *need* is the sum of the full-time equivalents the
projects ask of it; the *capacity* is its filled posts (vacant posts are shown beside it, but
nobody works in them); the *gap* is need minus filled posts; a negative gap is spare capacity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass
class Money:
    total_costs: Decimal = ZERO
    covered: Decimal = ZERO
    secured: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        return max(self.total_costs - self.covered, ZERO)

    def add(self, other: Money) -> None:
        self.total_costs += other.total_costs
        self.covered += other.covered
        self.secured += other.secured


@dataclass
class ProjectMoney(Money):
    project_id: int = 0
    title: str = ""
    investment: Decimal = ZERO
    running: Decimal = ZERO


@dataclass
class FieldMoney(Money):
    field_id: int | None = None
    name: str = ""
    project_count: int = 0


@dataclass
class Financing:
    region: Money
    projects: list[ProjectMoney]
    fields: list[FieldMoney]
    years: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)  # year, investment, running


@dataclass(frozen=True)
class CostRow:
    project_id: int
    year: int
    investment: Decimal
    running: Decimal


@dataclass(frozen=True)
class SourceRow:
    project_id: int
    amount: Decimal
    covers: bool
    granted: bool


def financing(
    projects: Sequence[tuple[int, str]],
    fields_of: dict[int, list[tuple[int | None, str]]],
    costs: Iterable[CostRow],
    sources: Iterable[SourceRow],
    *,
    without_field: str,
) -> Financing:
    """Totals per project (in the order given), per field (by name) and for the region."""
    by_project = {pk: ProjectMoney(project_id=pk, title=title) for pk, title in projects}
    years: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in costs:
        money = by_project.get(row.project_id)
        if money is None:
            continue
        money.investment += row.investment
        money.running += row.running
        money.total_costs += row.investment + row.running
        years[row.year][0] += row.investment
        years[row.year][1] += row.running
    for source in sources:
        money = by_project.get(source.project_id)
        if money is None:
            continue
        if source.covers:
            money.covered += source.amount
        if source.granted:
            money.secured += source.amount
    region = Money()
    by_field: dict[int | None, FieldMoney] = {}
    for money in by_project.values():
        region.add(money)
        for field_id, name in fields_of.get(money.project_id) or [(None, without_field)]:
            group = by_field.setdefault(field_id, FieldMoney(field_id=field_id, name=name))
            group.add(money)
            group.project_count += 1
    return Financing(
        region=region,
        projects=list(by_project.values()),
        fields=sorted(by_field.values(), key=lambda group: (group.field_id is None, group.name)),
        years=[(year, *amounts) for year, amounts in sorted(years.items())],  # type: ignore[misc]
    )


@dataclass
class StaffLine:
    organisation_id: int
    organisation: str
    year: int
    need: Decimal = ZERO
    filled: Decimal = ZERO
    vacant: Decimal = ZERO
    projects: list[str] = field(default_factory=list)

    @property
    def gap(self) -> Decimal:
        return self.need - self.filled


@dataclass(frozen=True)
class NeedRow:
    organisation_id: int
    organisation: str
    year: int
    fte: Decimal
    project: str


@dataclass(frozen=True)
class CapacityRow:
    organisation_id: int
    organisation: str
    year: int
    filled: Decimal
    vacant: Decimal


def personnel(needs: Iterable[NeedRow], capacities: Iterable[CapacityRow]) -> list[StaffLine]:
    """One line per organisation and year that has a need or a capacity, by organisation and year."""
    lines: dict[tuple[int, int], StaffLine] = {}

    def line(organisation_id: int, organisation: str, year: int) -> StaffLine:
        return lines.setdefault(
            (organisation_id, year),
            StaffLine(organisation_id=organisation_id, organisation=organisation, year=year),
        )

    for need in needs:
        current = line(need.organisation_id, need.organisation, need.year)
        current.need += need.fte
        if need.project not in current.projects:
            current.projects.append(need.project)
    for capacity in capacities:
        current = line(capacity.organisation_id, capacity.organisation, capacity.year)
        current.filled += capacity.filled
        current.vacant += capacity.vacant
    return sorted(lines.values(), key=lambda item: (item.organisation.casefold(), item.year))
