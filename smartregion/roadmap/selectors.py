"""Reads of the roadmap: the region's timeline, a project's plan, financing and personnel sums,
the programme catalogue and what needs doing. Each read takes the region and the viewer."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.roles import membership_in
from smartregion.core.modules import DashboardItem
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectStatus
from smartregion.portfolio.selectors import cares_for_every_project, projects_in_care_of, projects_visible_to
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.roadmap import figures
from smartregion.roadmap.models import (
    FINISHED,
    CostLine,
    FundingProgramme,
    FundingSource,
    Milestone,
    PersonnelNeed,
    PlanNote,
    ProgrammeDeadline,
    SourceKind,
    SourceStatus,
    StaffCapacity,
)

LATE = "verspaetet"  # the status filter's value for milestones past their end
PROJECTS_PER_PAGE = 25
# Projects that are planned on the roadmap: everything but what was set aside.
PLANNED = (
    ProjectStatus.IDEA,
    ProjectStatus.DRAFTING,
    ProjectStatus.IN_REVIEW,
    ProjectStatus.LEAD,
    ProjectStatus.POTENTIAL,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
)


@dataclass
class RoadmapFilter:
    municipality: str = ""  # slug
    organisation: str = ""  # slug
    status: str = ""  # a MilestoneStatus or LATE

    @property
    def is_set(self) -> bool:
        return bool(self.municipality or self.organisation or self.status)


@dataclass
class Entry:
    """One milestone on the roadmap, with what the page marks about it."""

    milestone: Milestone
    late: bool
    conflicts: list[str]  # "„Ausschreibung“ endet erst am 30.06.2025"


@dataclass
class PlannedProject:
    project: Project
    entries: list[Entry]
    conflicts: list[str]  # project dependencies that end after this project starts
    start: datetime.date | None
    end: datetime.date | None

    @property
    def late_count(self) -> int:
        return sum(1 for entry in self.entries if entry.late)


@dataclass
class Group:
    name: str
    colour: str
    order: tuple[int, int]
    projects: list[PlannedProject] = field(default_factory=list)


@dataclass
class Roadmap:
    groups: list[Group]
    page: Page[Project]
    today: datetime.date
    start: datetime.date | None
    end: datetime.date | None

    @property
    def entries(self) -> list[Entry]:
        return [entry for group in self.groups for planned in group.projects for entry in planned.entries]


def planned_projects(region: Region, viewer: Any, chosen: RoadmapFilter) -> QuerySet[Project]:
    """The projects on the roadmap that the viewer may see, filtered."""
    projects = projects_visible_to(region, viewer).filter(status__in=PLANNED)
    if chosen.municipality:
        places = Project.municipalities.through.objects.filter(
            project_id=OuterRef("pk"), municipality__slug=chosen.municipality
        )
        projects = projects.filter(Exists(places))
    if chosen.organisation:
        # Uncorrelated subqueries, run once: SQLite would otherwise scan the milestones per project.
        responsible = Milestone.objects.filter(responsible_organisation__slug=chosen.organisation)
        projects = projects.filter(
            Q(lead_organisation__slug=chosen.organisation) | Q(pk__in=responsible.values("project_id"))
        )
    if chosen.status:
        projects = projects.filter(pk__in=_milestones_with_status(chosen.status).values("project_id"))
    return projects


def _milestones_with_status(status: str) -> QuerySet[Milestone]:
    if status == LATE:
        return Milestone.objects.exclude(status__in=FINISHED).filter(end__lt=timezone.localdate())
    return Milestone.objects.filter(status=status)


def roadmap(
    region: Region,
    viewer: Any,
    chosen: RoadmapFilter,
    *,
    page: int | str = 1,
    per_page: int = PROJECTS_PER_PAGE,
) -> Roadmap:
    """One page of the roadmap: projects grouped by their first field of action, each with its
    milestones, late ones and dependency conflicts marked. A bounded number of queries per page."""
    today = timezone.localdate()
    projects = (
        planned_projects(region, viewer, chosen)
        .select_related("lead_organisation")
        .prefetch_related("fields", "dependencies")
        .order_by("title", "pk")
    )
    current = Paginator(projects, per_page).get_page(page)
    chosen_projects = list(current.object_list)
    milestones = Milestone.objects.filter(project__in=[p.pk for p in chosen_projects])
    if chosen.status:
        milestones = milestones & _milestones_with_status(chosen.status)
    if chosen.organisation:
        milestones = milestones.filter(
            Q(responsible_organisation__slug=chosen.organisation)
            | Q(project__lead_organisation__slug=chosen.organisation)
        )
    by_project: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in milestones.select_related("responsible_organisation").order_by(
        "start", "end", "title", "pk"
    ):
        by_project[milestone.project_id].append(milestone)
    conflicts = _milestone_conflicts([m for found in by_project.values() for m in found])
    groups: dict[int, Group] = {}
    for project in chosen_projects:
        entries = [
            Entry(milestone=m, late=m.is_late(today), conflicts=conflicts.get(m.pk, []))
            for m in by_project[project.pk]
        ]
        starts = [d for d in [project.start_date, *(e.milestone.start for e in entries)] if d]
        ends = [d for d in [project.end_date, *(e.milestone.end for e in entries)] if d]
        planned = PlannedProject(
            project=project,
            entries=entries,
            conflicts=_project_conflicts(project),
            start=min(starts) if starts else None,
            end=max(ends) if ends else None,
        )
        first = min(project.fields.all(), key=lambda f: (f.order, f.pk), default=None)
        if first is None:
            group = groups.setdefault(0, Group(_("Ohne Handlungsfeld"), "#5a6572", (1, 0)))
        else:
            group = groups.setdefault(first.pk, Group(first.name, first.colour, (0, first.order)))
        group.projects.append(planned)
    ordered = sorted(groups.values(), key=lambda g: (g.order, g.name))
    starts = [p.start for g in ordered for p in g.projects if p.start]
    ends = [p.end for g in ordered for p in g.projects if p.end]
    return Roadmap(
        groups=ordered,
        page=current,
        today=today,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
    )


def _milestone_conflicts(milestones: list[Milestone]) -> dict[int, list[str]]:
    """Milestones that start before a milestone they depend on ends (in one query)."""
    if not milestones:
        return {}
    by_pk = {m.pk: m for m in milestones}
    links = Milestone.depends_on.through.objects.filter(from_milestone_id__in=by_pk).values_list(
        "from_milestone_id", "to_milestone__title", "to_milestone__end"
    )
    found: dict[int, list[str]] = defaultdict(list)
    for pk, title, end in links:
        if end > by_pk[pk].start:
            found[pk].append(
                _("hängt ab von „%(title)s“, das erst am %(date)s endet")
                % {"title": title, "date": end.strftime("%d.%m.%Y")}
            )
    return found


def _project_conflicts(project: Project) -> list[str]:
    if project.start_date is None:
        return []
    return [
        _("hängt ab von „%(title)s“, das erst am %(date)s endet")
        % {"title": other.title, "date": other.end_date.strftime("%d.%m.%Y")}
        for other in project.dependencies.all()
        if other.end_date is not None and other.end_date > project.start_date
    ]


def roadmap_milestones(region: Region, viewer: Any) -> list[dict[str, Any]]:
    """Every milestone on the viewer's roadmap as plain values (the API), in two queries."""
    projects = planned_projects(region, viewer, RoadmapFilter()).values("pk")
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Milestone.objects.filter(project__in=projects)
        .order_by("start", "end", "pk")
        .values("id", "project_id", "title", "kind", "start", "end", "status")
    ]
    depends: dict[int, list[int]] = defaultdict(list)
    for source, target in Milestone.depends_on.through.objects.filter(
        from_milestone__project__in=projects
    ).values_list("from_milestone_id", "to_milestone_id"):
        depends[source].append(target)
    for row in rows:
        row["depends_on"] = sorted(depends.get(row["id"], []))
    return rows


def w_table(region: Region, viewer: Any) -> list[Project]:
    """The selected projects (Leit- and Potenzialprojekte and what grew from them), for the table
    Was? Wann? Wo? Wer? Mit wem?"""
    return list(
        projects_visible_to(region, viewer)
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("lead_organisation")
        .prefetch_related("municipalities", "fields")
        .order_by("title", "pk")
    )


# A project's plan -------------------------------------------------------------------------


@dataclass
class Plan:
    milestones: list[Milestone]
    needs: list[PersonnelNeed]
    cost_lines: list[CostLine]
    sources: list[FundingSource]
    note: PlanNote | None
    money: figures.ProjectMoney

    @property
    def fte_total(self) -> Any:
        return sum((need.fte for need in self.needs), figures.ZERO)


def milestones_of(project: Project) -> list[Milestone]:
    return list(
        Milestone.objects.filter(project=project)
        .select_related("responsible_organisation")
        .prefetch_related("depends_on")
    )


def plan_of(
    project: Project, *, milestones: bool = True, personnel: bool = True, financing: bool = True
) -> Plan:
    """A project's plan; the parts not asked for stay empty (and cost no query)."""
    needs: list[PersonnelNeed] = []
    cost_lines: list[CostLine] = []
    sources: list[FundingSource] = []
    if personnel:
        needs = list(PersonnelNeed.objects.filter(project=project).select_related("organisation"))
    if financing:
        cost_lines = list(CostLine.objects.filter(project=project))
        sources = list(
            FundingSource.objects.filter(project=project).select_related("programme", "organisation")
        )
    money = figures.financing(
        [(project.pk, project.title)],
        {},
        [figures.CostRow(project.pk, c.year, c.investment, c.running) for c in cost_lines],
        [
            figures.SourceRow(project.pk, s.amount, s.covers, s.status == SourceStatus.GRANTED)
            for s in sources
        ],
        without_field="",
    ).projects[0]
    note = PlanNote.objects.filter(project=project).first()
    return Plan(milestones_of(project) if milestones else [], needs, cost_lines, sources, note, money)


def milestone_choices(region: Region) -> QuerySet[Milestone]:
    """Milestones a milestone may depend on: any of the region's."""
    return (
        Milestone.objects.filter(region=region)
        .select_related("project")
        .order_by("project__title", "start", "pk")
    )


def organisations_of(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name")


def municipalities_of(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name")


# Financing and personnel -------------------------------------------------------------------


def financing_for_region(region: Region, viewer: Any) -> figures.Financing:
    """Costs, coverage and gap per project, field and for the region, in four queries."""
    projects = projects_visible_to(region, viewer).filter(status__in=PLANNED).order_by("title", "pk")
    pairs = list(projects.values_list("pk", "title"))
    fields_of: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    links = Project.fields.through.objects.filter(project__in=projects).values_list(
        "project_id", "fieldofaction_id", "fieldofaction__name"
    )
    for project_id, field_id, name in links:
        fields_of[project_id].append((field_id, name))
    costs = [
        figures.CostRow(*row)
        for row in CostLine.objects.filter(project__in=projects).values_list(
            "project_id", "year", "investment", "running"
        )
    ]
    sources = [
        figures.SourceRow(project_id, amount, status != SourceStatus.REJECTED, status == SourceStatus.GRANTED)
        for project_id, amount, status in FundingSource.objects.filter(project__in=projects).values_list(
            "project_id", "amount", "status"
        )
    ]
    return figures.financing(pairs, fields_of, costs, sources, without_field=_("Ohne Handlungsfeld"))


def sources_of_region(region: Region, viewer: Any) -> list[FundingSource]:
    projects = projects_visible_to(region, viewer).filter(status__in=PLANNED)
    return list(
        FundingSource.objects.filter(project__in=projects)
        .select_related("project", "programme", "organisation")
        .order_by("project__title", "pk")
    )


def personnel_for_region(region: Region) -> list[figures.StaffLine]:
    needs = [
        figures.NeedRow(*row)
        for row in PersonnelNeed.objects.filter(region=region)
        .exclude(project__status__in=(ProjectStatus.DISCARDED, ProjectStatus.DEFERRED))
        .values_list("organisation_id", "organisation__name", "year", "fte", "project__title")
    ]
    capacities = [
        figures.CapacityRow(*row)
        for row in StaffCapacity.objects.filter(region=region).values_list(
            "organisation_id", "organisation__name", "year", "filled", "vacant"
        )
    ]
    return figures.personnel(needs, capacities)


def capacities_of(region: Region) -> QuerySet[StaffCapacity]:
    return StaffCapacity.objects.filter(region=region).select_related("organisation")


# Funding programmes ------------------------------------------------------------------------


def programmes() -> QuerySet[FundingProgramme]:
    return FundingProgramme.objects.prefetch_related("deadlines").order_by("name")


def coming_deadlines(programme: FundingProgramme, today: datetime.date) -> list[ProgrammeDeadline]:
    return [deadline for deadline in programme.deadlines.all() if deadline.date >= today]


def fitting_projects(programme: FundingProgramme, region: Region, viewer: Any) -> list[Project]:
    """The region's projects that may fit: those already planning with the programme, and those
    whose title, summary or fields name one of its keywords (where the programme is open to the
    region's federal state)."""
    projects = (
        projects_visible_to(region, viewer).filter(status__in=PLANNED).exclude(status=ProjectStatus.COMPLETED)
    )
    matches = Q(funding_sources__programme=programme)
    if not programme.federal_states or region.federal_state in programme.federal_states:
        for word in programme.keyword_list:
            matches |= Q(title__icontains=word) | Q(summary__icontains=word) | Q(fields__name__icontains=word)
    found = projects.filter(matches).values("pk")
    return list(Project.objects.filter(pk__in=found).order_by("title", "pk"))


def reminders_due(region: Region, today: datetime.date) -> list[tuple[ProgrammeDeadline, FundingSource]]:
    """Planned applications of the region whose programme has a deadline in the reminder period."""
    until = today + datetime.timedelta(days=settings.FUNDING_REMINDER_DAYS)
    sources = FundingSource.objects.filter(
        region=region, kind=SourceKind.PROGRAMME, status=SourceStatus.PLANNED
    ).select_related("project", "programme")
    deadlines: dict[int, list[ProgrammeDeadline]] = defaultdict(list)
    for deadline in ProgrammeDeadline.objects.filter(
        programme__in={s.programme_id for s in sources}, date__gte=today, date__lte=until
    ):
        deadlines[deadline.programme_id].append(deadline)
    return sorted(
        (
            (deadline, source)
            for source in sources
            for deadline in deadlines.get(source.programme_id or 0, [])
        ),
        key=lambda pair: (pair[0].date, pair[1].project.title),
    )


def late_milestones(region: Region, projects: Iterable[int] | None = None) -> QuerySet[Milestone]:
    late = _milestones_with_status(LATE).filter(region=region)
    return late if projects is None else late.filter(project__in=projects)


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """Funding deadlines coming up and late milestones of the projects the person plans: every
    project of the region for its coordinators, their own for officers and project leads (those
    whose profile they may change), nothing for anyone else. Three queries at most."""
    everything = cares_for_every_project(region, user)
    mine = projects_in_care_of(region, user)
    if not everything and mine.query.is_empty():
        return []
    reminders = reminders_due(region, timezone.localdate())
    if not everything:
        own = set(mine.values_list("pk", flat=True))
        reminders = [(deadline, source) for deadline, source in reminders if source.project_id in own]
    # As the roadmap's late filter shows them: on planned projects, not on those set aside.
    late = late_milestones(region, projects=None if everything else mine.values_list("pk", flat=True)).filter(
        project__status__in=PLANNED
    )
    yours = "" if everything else _("in Projekten, die Sie bearbeiten")
    return [
        DashboardItem(
            _("Förderfristen in den nächsten %(days)s Tagen") % {"days": settings.FUNDING_REMINDER_DAYS},
            len(reminders),
            reverse("roadmap:financing", kwargs={"region_slug": region.slug}) + "#fristen",
            due=reminders[0][0].date if reminders else None,
            detail=yours,
        ),
        DashboardItem(
            _("Verspätete Meilensteine"),
            late.count(),
            reverse("roadmap:overview", kwargs={"region_slug": region.slug})
            + f"?stand={LATE}"
            + ("" if everything else _only_their_municipality(region, user)),
            detail=yours,
        ),
    ]


def _only_their_municipality(region: Region, user: Any) -> str:
    """The roadmap's filter that shows exactly an officer's projects: those of the one municipality
    they act for (not for someone who also leads projects or acts for several)."""
    roles = membership_in(user, region.pk)
    if roles is None or roles.lead_organisation_ids or len(roles.officer_municipality_ids) != 1:
        return ""
    municipality = next(
        m.municipality for m in roles.memberships if m.municipality_id in roles.officer_municipality_ids
    )
    return f"&kommune={municipality.slug}" if municipality is not None else ""
