"""The demo roadmap keeps every rule the services enforce, and holds what the seeds say."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from smartregion.core.graphs import cycle_in
from smartregion.portfolio.models import Project, ProjectVersion
from smartregion.roadmap.models import FundingProgramme, FundingSource, Milestone, StaffCapacity
from smartregion.roadmap.services import resources

pytestmark = pytest.mark.django_db


def test_the_demo_keeps_the_rules_of_the_services_and_holds_the_seeds_figures(demo):
    """One test: loading the demo takes seconds."""
    projects = Project.objects.with_scopes_disabled().all()
    for project in projects:
        assert resources.covered_by(project) <= resources.total_costs(project), project.title
    for milestone in Milestone.objects.with_scopes_disabled().select_related("project"):
        project = milestone.project
        assert milestone.start <= milestone.end
        assert project.start_date is None or milestone.start >= project.start_date, milestone.title
        assert project.end_date is None or milestone.end <= project.end_date, milestone.title
    edges: dict[int, set[int]] = {}
    for source, target in Milestone.depends_on.through.objects.values_list(
        "from_milestone_id", "to_milestone_id"
    ):
        edges.setdefault(source, set()).add(target)
    assert cycle_in(edges) == []
    _plans_are_in_versions()
    _seeds_figures()


def _plans_are_in_versions() -> None:
    planned = Project.objects.with_scopes_disabled().filter(milestones__isnull=False).distinct()
    assert planned.count() >= 30
    for project in planned:
        latest = ProjectVersion.objects.filter(project=project).order_by("-number").first()
        assert latest.summary == "Fahrplan, Personal und Finanzierung angelegt"
        assert latest.snapshot["milestones"], project.title


def _seeds_figures() -> None:
    didi = FundingSource.objects.with_scopes_disabled().get(project__title="Dithmarschen Digital (DiDi)")
    assert (didi.amount, didi.status, didi.programme.name) == (
        Decimal(100000),
        "bewilligt",
        "Digitale Modellkommunen Schleswig-Holstein",
    )
    vacant = StaffCapacity.objects.with_scopes_disabled().filter(region__slug="kreis-coesfeld", year=2023)
    assert {c.vacant_since for c in vacant} == {datetime.date(2023, 6, 1)}
    assert sum(c.vacant for c in vacant) == 3  # two project posts and the coordination
    assert set(FundingProgramme.objects.values_list("name", "is_example")) == {
        ("Smart Cities – Made in Germany", True),
        ("Digitale Modellkommunen Schleswig-Holstein", True),
        ("Smarte.Land.Regionen", True),
        ("Heimat 2.0", True),
    }
