"""Writes of the roadmap: what is accepted, and that bad input is refused in German with nothing
changed."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartregion.core.models import AuditEvent
from smartregion.portfolio.models import Project, ProjectVersion
from smartregion.portfolio.services.projects import change_project
from smartregion.roadmap.models import (
    CostLine,
    FundingProgramme,
    FundingSource,
    Milestone,
    PersonnelNeed,
    ProgrammeDeadline,
    SourceKind,
    SourceStatus,
    StaffCapacity,
)
from smartregion.roadmap.services import milestones, programmes, resources
from smartregion.roadmap.snapshots import financing_text, milestones_text
from smartregion.roadmap.tests.conftest import D, profile, step

pytestmark = pytest.mark.django_db
E = Decimal


def _state() -> dict[str, Any]:
    return {
        "milestones": sorted(Milestone.objects.values_list("pk", "title", "start", "end")),
        "links": sorted(
            Milestone.depends_on.through.objects.values_list("from_milestone_id", "to_milestone_id")
        ),
        "costs": sorted(CostLine.objects.values_list("project_id", "year", "investment", "running")),
        "sources": sorted(FundingSource.objects.values_list("pk", "amount", "status")),
        "needs": sorted(PersonnelNeed.objects.values_list("project_id", "organisation_id", "year", "fte")),
        "capacities": sorted(
            StaffCapacity.objects.values_list("organisation_id", "year", "filled", "vacant")
        ),
        "programmes": sorted(FundingProgramme.objects.values_list("name", flat=True)),
        "deadlines": sorted(ProgrammeDeadline.objects.values_list("programme_id", "date")),
        "versions": ProjectVersion.objects.count(),
    }


def _refused(call: Any, field: str, words: str) -> None:
    before = _state()
    with pytest.raises(ValidationError) as refusal:
        call()
    messages = refusal.value.message_dict.get(field) if hasattr(refusal.value, "error_dict") else None
    assert messages, f"no message at {field}: {refusal.value}"
    assert words in " ".join(messages)
    assert _state() == before


# Milestones --------------------------------------------------------------------------------


def test_a_milestone_is_saved_and_becomes_part_of_the_profiles_versions(project):
    version = project.version

    concept = step(project, "Konzept", D(2025, 1, 1), D(2025, 6, 30))
    pilot = step(project, "Pilot", D(2025, 7, 1), D(2026, 6, 30), depends_on=[concept])

    project.refresh_from_db()
    assert project.version == version + 2
    latest = ProjectVersion.objects.filter(project=project).order_by("-number").first()
    assert "Pilot" in latest.snapshot["milestones"]
    assert "nach: Konzept" in latest.snapshot["milestones"]
    assert list(pilot.depends_on.all()) == [concept]
    assert AuditEvent.objects.filter(action="milestone.created").count() == 2
    assert "01.07.2025 – 30.06.2026 · Phase: Pilot" in milestones_text(project)


def test_a_milestone_ending_before_it_starts_is_refused(project):
    _refused(lambda: step(project, "Pilot", D(2025, 7, 1), D(2025, 6, 30)), "end", "nicht vor dem Beginn")


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (D(2024, 12, 31), D(2025, 3, 1), "start", "vor dem Projektbeginn (01.01.2025)"),
        (D(2027, 6, 1), D(2028, 1, 1), "end", "nach dem Projektende (31.12.2027)"),
    ],
)
def test_a_milestone_outside_its_project_is_refused(project, start, end, field, words):
    _refused(lambda: step(project, "Pilot", start, end), field, words)


def test_a_circle_of_dependencies_is_refused_and_named(project, other_project):
    first = step(project, "Ausschreibung", D(2025, 1, 1), D(2025, 3, 31))
    second = step(project, "Vergabe", D(2025, 4, 1), D(2025, 4, 30), depends_on=[first])
    third = step(other_project, "Aufbau", D(2025, 5, 1), D(2025, 9, 30), depends_on=[second])

    def close_the_circle() -> None:
        milestones.save_milestone(
            project=project,
            actor=None,
            milestone=first,
            data={**_data(first), "depends_on": [third]},
        )

    _refused(close_the_circle, "depends_on", "Kreis: ")
    with pytest.raises(ValidationError) as refusal:
        close_the_circle()
    assert "Ausschreibung → Aufbau → Vergabe → Ausschreibung" in str(refusal.value)


def test_a_milestone_cannot_depend_on_itself(project):
    first = step(project, "Ausschreibung", D(2025, 1, 1), D(2025, 3, 31))
    _refused(
        lambda: milestones.save_milestone(
            project=project, actor=None, milestone=first, data={**_data(first), "depends_on": [first]}
        ),
        "depends_on",
        "nicht von sich selbst",
    )


def test_another_regions_milestone_or_organisation_is_refused(project, coesfeld, coesfeld_agency):
    foreign_project = profile(coesfeld, "LoRaWAN")
    foreign = step(foreign_project, "Gateways", D(2025, 1, 1), D(2025, 2, 1))

    _refused(
        lambda: step(project, "Pilot", D(2025, 1, 1), D(2025, 2, 1), depends_on=[foreign]),
        "depends_on",
        "nur zu Meilensteinen dieser Region",
    )
    _refused(
        lambda: step(
            project, "Pilot", D(2025, 1, 1), D(2025, 2, 1), responsible_organisation=coesfeld_agency
        ),
        "responsible_organisation",
        "gehört nicht zu dieser Region",
    )


def test_a_milestone_of_another_project_is_not_changed_through_this_one(project, other_project):
    theirs = step(other_project, "Aufbau", D(2025, 1, 1), D(2025, 2, 1))
    before = _state()
    with pytest.raises(ValidationError):
        milestones.save_milestone(project=project, actor=None, milestone=theirs, data=_data(theirs))
    assert _state() == before


def _data(milestone: Milestone) -> dict[str, Any]:
    return {name: getattr(milestone, name) for name in milestones.FIELDS} | {
        "depends_on": list(milestone.depends_on.all())
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(links=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=12))
def test_whatever_links_are_tried_the_saved_graph_never_has_a_circle(project, links):
    Milestone.objects.all().delete()
    steps = [step(project, f"Schritt {n}", D(2025, 1, 1), D(2025, 1, 2)) for n in range(6)]
    for source, target in links:
        current = Milestone.objects.get(pk=steps[source].pk)
        wanted = [*current.depends_on.all(), steps[target]]
        with contextlib.suppress(ValidationError):
            milestones.save_milestone(
                project=project, actor=None, milestone=current, data={**_data(current), "depends_on": wanted}
            )
    edges = Milestone.depends_on.through.objects.values_list("from_milestone_id", "to_milestone_id")
    graph: dict[int, set[int]] = {}
    for source_id, target_id in edges:
        graph.setdefault(source_id, set()).add(target_id)
    seen: set[int] = set()

    def visit(node: int, path: set[int]) -> None:
        assert node not in path, "a circle was saved"
        if node in seen:
            return
        seen.add(node)
        for nxt in graph.get(node, ()):
            visit(nxt, path | {node})

    for node in graph:
        visit(node, set())


def test_project_dependencies_in_a_circle_are_refused(project, other_project, steinfurt):
    third = profile(steinfurt, "Datenplattform")
    change_project(
        project=project, editor=None, data={"dependencies": [other_project]}, expected_version=project.version
    )
    other_project.refresh_from_db()
    change_project(
        project=other_project,
        editor=None,
        data={"dependencies": [third]},
        expected_version=other_project.version,
    )
    third.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        change_project(
            project=third, editor=None, data={"dependencies": [project]}, expected_version=third.version
        )
    assert "Datenplattform → IoT für ein besseres Leben → Digitale Mobilitätsorte → Datenplattform" in str(
        refusal.value
    )
    assert not third.dependencies.exists()


# Personnel -----------------------------------------------------------------------------------


def test_personnel_need_is_set_changed_and_removed_with_zero(project, smart_region_office):
    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=E("1.5")
    )
    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=E("0.75")
    )
    assert list(PersonnelNeed.objects.values_list("year", "fte")) == [(2026, E("0.75"))]

    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=E(0)
    )
    assert not PersonnelNeed.objects.exists()


@pytest.mark.parametrize(
    ("fte", "year", "field", "words"),
    [
        (E("-0.5"), 2026, "fte", "nicht negativ"),
        (E("1000"), 2026, "fte", "Höchstens 999"),
        (E("1"), 1999, "year", "zwischen 2000 und 2100"),
        (E("NaN"), 2026, "fte", "als Zahl"),
    ],
)
def test_bad_personnel_need_is_refused(project, smart_region_office, fte, year, field, words):
    _refused(
        lambda: resources.save_personnel_need(
            project=project, actor=None, organisation=smart_region_office, year=year, fte=fte
        ),
        field,
        words,
    )


def test_another_regions_organisation_gets_no_need_nor_capacity(project, steinfurt, coesfeld_agency):
    _refused(
        lambda: resources.save_personnel_need(
            project=project, actor=None, organisation=coesfeld_agency, year=2026, fte=E(1)
        ),
        "organisation",
        "nicht zu dieser Region",
    )
    _refused(
        lambda: resources.save_capacity(
            region=steinfurt, actor=None, organisation=coesfeld_agency, year=2026, filled=E(1), vacant=E(0)
        ),
        "organisation",
        "nicht zu dieser Region",
    )


def test_capacity_replaces_the_years_entry_and_refuses_negative_posts(steinfurt, smart_region_office):
    resources.save_capacity(
        region=steinfurt, actor=None, organisation=smart_region_office, year=2026, filled=E(2), vacant=E(1)
    )
    resources.save_capacity(
        region=steinfurt, actor=None, organisation=smart_region_office, year=2026, filled=E(3), vacant=E(0)
    )
    assert list(StaffCapacity.objects.values_list("filled", "vacant")) == [(E(3), E(0))]
    _refused(
        lambda: resources.save_capacity(
            region=steinfurt,
            actor=None,
            organisation=smart_region_office,
            year=2026,
            filled=E(-1),
            vacant=E(0),
        ),
        "filled",
        "nicht negativ",
    )


# Financing ---------------------------------------------------------------------------------


def _plan(project: Project, **years: tuple[str, str]) -> None:
    lines = {int(year[1:]): (E(i), E(r)) for year, (i, r) in years.items()}
    resources.save_cost_plan(project=project, actor=None, lines=lines)


def _source(project: Project, source: FundingSource | None = None, **data: Any) -> FundingSource:
    base = {
        "kind": SourceKind.OWN,
        "programme": None,
        "organisation": None,
        "budget_line": "",
        "amount": E(0),
        "funding_rate": None,
        "status": SourceStatus.PLANNED,
        "applied_on": None,
        "decided_on": None,
        "note": "",
    }
    return resources.save_funding_source(project=project, actor=None, data=base | data, source=source)


def test_costs_and_sources_add_up_and_show_in_the_profile(project, programme, smart_region_office):
    _plan(project, y2025=("100000", "10000"), y2026=("0", "10000"))
    _source(project, kind=SourceKind.PROGRAMME, programme=programme, amount=E(78000), funding_rate=E(65))
    _source(
        project,
        kind=SourceKind.BUDGET,
        organisation=smart_region_office,
        budget_line="1.11.01",
        amount=E(24000),
    )
    _source(project, amount=E(18000), status=SourceStatus.REJECTED)

    assert resources.total_costs(project) == E(120000)
    assert resources.covered_by(project) == E(102000)
    text = financing_text(project)
    assert "2025: Investitionen 100.000,00 €, laufende Kosten 10.000,00 €" in text
    assert "Smart Cities – Made in Germany: 78.000,00 € (Förderprogramm, geplant, Förderquote 65 %)" in text
    assert "Kosten gesamt 120.000,00 €, gedeckt 102.000,00 €, offen 18.000,00 €" in text


def test_sources_beyond_the_costs_are_refused(project):
    _plan(project, y2025=("10000", "0"))
    _source(project, amount=E(6000))
    _refused(lambda: _source(project, amount=E("4000.01")), "amount", "Offen sind noch 4.000,00 €")
    _source(project, amount=E(9000), status=SourceStatus.REJECTED)  # a rejected one covers nothing


def test_lowering_the_costs_below_the_sources_is_refused(project):
    _plan(project, y2025=("10000", "0"))
    _source(project, amount=E(8000))
    _refused(lambda: _plan(project, y2025=("5000", "0")), "lines", "übersteigen dann die Kosten")


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"amount": E(-1)}, "amount", "nicht negativ"),
        ({"funding_rate": E("100.01")}, "funding_rate", "zwischen 0 und 100"),
        ({"kind": SourceKind.PROGRAMME}, "programme", "Förderprogramm"),
        ({"kind": SourceKind.BUDGET}, "budget_line", "Haushaltsstelle"),
        ({"applied_on": D(2025, 5, 1), "decided_on": D(2025, 4, 1)}, "decided_on", "nicht vor dem Antrag"),
        ({"status": "genehmigt"}, "status", "gültigen Stand"),
    ],
)
def test_bad_sources_are_refused(project, data, field, words):
    _plan(project, y2025=("10000", "0"))
    _refused(lambda: _source(project, **{"amount": E(100), **data}), field, words)


def test_negative_costs_are_refused(project):
    _refused(lambda: _plan(project, y2025=("-1", "0")), "year_2025", "nicht negativ")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.decimals(min_value=0, max_value=20000, places=2), min_size=1, max_size=8))
def test_whatever_is_tried_the_sources_never_exceed_the_costs(project, amounts):
    FundingSource.objects.all().delete()
    _plan(project, y2025=("30000", "0"))
    for amount in amounts:
        with contextlib.suppress(ValidationError):
            _source(project, amount=amount)
    assert resources.covered_by(project) <= resources.total_costs(project) == E(30000)


def test_a_source_of_another_project_is_not_changed_through_this_one(project, other_project):
    _plan(other_project, y2025=("1000", "0"))
    theirs = _source(other_project, amount=E(100))
    before = _state()
    with pytest.raises(ValidationError):
        _source(project, theirs, amount=E(50))
    assert _state() == before


# Programmes ----------------------------------------------------------------------------------


def test_a_programme_with_a_past_deadline_or_rate_over_100_is_refused(steinfurt):
    today = timezone.localdate()
    data = {"name": "Heimat 2.0", "funder": "Bund"}
    _refused(
        lambda: programmes.save_programme(
            region=steinfurt, actor=None, data=data, deadlines=[(today - datetime.timedelta(days=1), "")]
        ),
        "deadlines",
        "in der Vergangenheit",
    )
    _refused(
        lambda: programmes.save_programme(
            region=steinfurt, actor=None, data={**data, "funding_rate": E(120)}
        ),
        "funding_rate",
        "zwischen 0 und 100",
    )
    saved = programmes.save_programme(region=steinfurt, actor=None, data=data, deadlines=[(today, "Antrag")])
    assert list(saved.deadlines.values_list("date", flat=True)) == [today]
    _refused(
        lambda: programmes.save_programme(
            region=steinfurt, actor=None, data={"name": "heimat 2.0", "funder": "x"}
        ),
        "name",
        "steht schon im Katalog",
    )
    _refused(
        lambda: programmes.add_deadline(
            programme=saved, actor=None, region=steinfurt, date=today - datetime.timedelta(days=3)
        ),
        "date",
        "in der Vergangenheit",
    )


def test_fitting_projects_are_found_by_keyword_and_by_planned_source(
    project, other_project, programme, steinfurt
):
    from smartregion.roadmap.selectors import fitting_projects

    projects = fitting_projects(programme, steinfurt, _superuser())
    assert [p.title for p in projects] == ["IoT für ein besseres Leben"]
    programme.federal_states = ["SH"]
    programme.save()
    assert fitting_projects(programme, steinfurt, _superuser()) == []


def _superuser() -> Any:
    from smartregion.accounts.tests.factories import UserFactory

    return UserFactory(is_superuser=True)
