"""Reads of project profiles: lists with filters and search, the cross-region catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from smartregion.accounts.roles import membership_in
from smartregion.core import scoping
from smartregion.core.search import full_text_search
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectVersion
from smartregion.regions.models import Municipality, Region

# What the project searches read; migration 0003 indexes the same expressions on PostgreSQL.
PROJECT_SEARCH_FIELDS = ("title", "summary", "goals", "measures")


def projects_visible_to(region: Region, viewer: Any) -> QuerySet[Project]:
    """Members of the region see every profile; everyone else the selected and running ones."""
    projects = Project.objects.filter(region=region)
    if viewer is not None and (getattr(viewer, "is_superuser", False) or membership_in(viewer, region.pk)):
        return projects
    return projects.filter(status__in=PUBLIC_STATUSES)


def cares_for_every_project(region: Region, person: Any) -> bool:
    """Whether the person may change every profile of the region (coordinators, operators)."""
    if getattr(person, "is_superuser", False):
        return True
    roles = membership_in(person, region.pk)
    return roles is not None and roles.is_coordinator


def projects_in_care_of(region: Region, person: Any) -> QuerySet[Project]:
    """The region's profiles the person may change (the list twin of ``portfolio.change_project``):
    all of them for its coordinators and operators; for officers those in their municipalities, for
    project leads those their organisation leads; none for anyone else. No query until it is read."""
    projects = Project.objects.filter(region=region)
    if cares_for_every_project(region, person):
        return projects
    roles = membership_in(person, region.pk)
    if roles is None or not (roles.lead_organisation_ids or roles.officer_municipality_ids):
        return projects.none()
    in_their_municipalities = Project.municipalities.through.objects.filter(
        municipality_id__in=roles.officer_municipality_ids
    ).values("project_id")
    return projects.filter(
        Q(lead_organisation__in=roles.lead_organisation_ids) | Q(pk__in=in_their_municipalities)
    )


def projects_for_region(
    *,
    region: Region,
    viewer: Any,
    field: str = "",
    municipality: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Project]:
    """A region's projects the viewer may see, filtered by field slug, municipality slug, status, text."""
    projects = projects_visible_to(region, viewer)
    # EXISTS instead of joins: no duplicate rows, so no DISTINCT over every column of the page.
    if field:
        links = Project.fields.through.objects.filter(project_id=OuterRef("pk"), fieldofaction__slug=field)
        projects = projects.filter(Exists(links))
    if municipality:
        places = Project.municipalities.through.objects.filter(
            project_id=OuterRef("pk"), municipality__slug=municipality
        )
        projects = projects.filter(Exists(places))
    if status:
        projects = projects.filter(status=status)
    projects = full_text_search(projects, query, PROJECT_SEARCH_FIELDS)
    # Lists read the names of fields and places with list_rows, as values.
    return projects.select_related("lead_organisation", "region").order_by("title", "pk")


def list_rows(projects: Iterable[Project], *, with_places: bool = True) -> list[Project]:
    """The projects of a list page with what each row shows, worked out once: its address and
    its fields and places as ``(slug, name)`` pairs (``linked_fields``, ``linked_places``) and
    as text (``field_names``, ``place_names``). Two queries for the whole page, reading values
    rather than building a model and a manager per link."""
    rows = list(projects)
    ids = [project.pk for project in rows]
    fields = _pairs(Project.fields.through.objects.filter(project_id__in=ids), "fieldofaction", "order")
    places = (
        _pairs(Project.municipalities.through.objects.filter(project_id__in=ids), "municipality", "name")
        if with_places
        else {}
    )
    for project in rows:
        project.url = project.get_absolute_url()  # type: ignore[attr-defined]
        project.linked_fields = fields.get(project.pk, [])  # type: ignore[attr-defined]
        project.linked_places = places.get(project.pk, [])  # type: ignore[attr-defined]
        project.field_names = ", ".join(name for _slug, name in project.linked_fields) or "–"  # type: ignore[attr-defined]
        project.place_names = ", ".join(name for _slug, name in project.linked_places) or "–"  # type: ignore[attr-defined]
    return rows


def _pairs(links: QuerySet[Any], target: str, order: str) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    rows = links.order_by(f"{target}__{order}", f"{target}__pk").values_list(
        "project_id", f"{target}__slug", f"{target}__name"
    )
    for project_id, slug, name in rows:
        found.setdefault(project_id, []).append((slug, name))
    return found


def catalogue(*, query: str = "", region: str = "") -> QuerySet[Project]:
    """Public projects of every region, for finding projects to reuse."""
    projects: QuerySet[Project] = Project.objects.with_scopes_disabled().filter(status__in=PUBLIC_STATUSES)
    if region:
        projects = projects.filter(region__slug=region)
    projects = full_text_search(projects, query, PROJECT_SEARCH_FIELDS)
    return projects.select_related("region").order_by("title", "pk")


VIEW_PROJECT = "portfolio.view_project"
# Ideas not yet confirmed or moderated are never shown as a project's origin.
HIDDEN_IDEAS = (IdeaStatus.UNCONFIRMED, IdeaStatus.SUBMITTED)


def _reuses() -> QuerySet[Project]:
    """Copies of a project; they live in other regions too, so they are read across regions."""
    return Project.objects.with_scopes_disabled().select_related("region", "adopted_by_municipality")


def project_detail(region: Region, slug: str) -> Project | None:
    return (
        Project.objects.filter(region=region, slug=slug)
        .select_related("region", "lead_organisation", "adopted_from__region", "adopted_by_municipality")
        .prefetch_related(
            "fields",
            "municipalities",
            "dependencies",
            "source_ideas",
            # Reuses live in other regions too: read across regions on purpose.
            Prefetch(
                "adoptions",
                queryset=Project.objects.with_scopes_disabled().select_related(
                    "region", "adopted_by_municipality"
                ),
            ),
        )
        .first()
    )


def visible_project(region: Region, slug: str, viewer: Any) -> Project | None:
    """The region's project by slug if the viewer may see it, else None (pages answer 404)."""
    project = project_detail(region, slug)
    if project is None or not viewer.has_perm(VIEW_PROJECT, project):
        return None
    return project


def visible_project_by_id(project_id: int, viewer: Any) -> Project | None:
    """A project by number with everything its profile shows, if the viewer may see it."""
    found = (
        Project.objects.with_scopes_disabled()
        .filter(pk=project_id)
        .select_related("region")
        .only("slug", "region")
        .first()
    )
    if found is None:
        return None
    with scoping.scope(found.region):
        return visible_project(found.region, found.slug, viewer)


def region_by_slug(slug: str) -> Region | None:
    return Region.objects.filter(slug=slug).first()


def municipality_by_slug(region: Region, slug: str) -> Municipality | None:
    return Municipality.objects.filter(region=region, slug=slug).first()


def versions_with_snapshots(project: Project) -> QuerySet[ProjectVersion]:
    return ProjectVersion.objects.filter(project=project).select_related("author").order_by("-number")


def is_member(viewer: Any, region: Region) -> bool:
    return bool(getattr(viewer, "is_superuser", False) or membership_in(viewer, region.pk) is not None)


def visible_dependencies(project: Project, viewer: Any) -> list[Project]:
    """The projects this one depends on that the viewer may see (``project_detail`` prefetched them)."""
    return [other for other in project.dependencies.all() if viewer.has_perm(VIEW_PROJECT, other)]


def shown_source_ideas(project: Project) -> list[Idea]:
    """The ideas a project came from, without those still waiting for confirmation or moderation."""
    return [idea for idea in project.source_ideas.all() if idea.status not in HIDDEN_IDEAS]


def adoptions_seen_by(project: Project, viewer: Any) -> list[tuple[Project, bool]]:
    """Every reuse of the project, each with whether the viewer may open it."""
    return [(copy, viewer.has_perm(VIEW_PROJECT, copy)) for copy in project.adoptions.all()]


def versions_of(project: Project) -> QuerySet[ProjectVersion]:
    """A project's versions, newest first, without their snapshots (for the list of versions)."""
    return (
        ProjectVersion.objects.filter(project=project)
        .defer("snapshot")
        .select_related("author")
        .order_by("-number")
    )


def versions_by_number(project: Project, numbers: tuple[int, ...]) -> dict[int, ProjectVersion]:
    return {v.number: v for v in ProjectVersion.objects.filter(project=project, number__in=numbers)}
