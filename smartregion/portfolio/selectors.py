"""Reads of ideas and projects: lists with filters and search, the cross-region catalogue."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from smartregion.accounts.roles import membership_in
from smartregion.core import scoping
from smartregion.core.modules import DashboardItem
from smartregion.core.navigation import region_url
from smartregion.portfolio.models import (
    PUBLIC_STATUSES,
    CommentStatus,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaSupport,
    Project,
    ProjectVersion,
)
from smartregion.regions.models import Municipality, Region

# What the searches read; migration 0003 indexes the same expressions on PostgreSQL.
SEARCH_CONFIG = "german"
PROJECT_SEARCH_FIELDS = ("title", "summary", "goals", "measures")
IDEA_SEARCH_FIELDS = ("title", "description")


def _search(queryset: QuerySet[Any], query: str, fields: tuple[str, ...]) -> QuerySet[Any]:
    """Full-text search on PostgreSQL (German stemming), substring search elsewhere."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        return queryset.alias(search=vector).filter(
            search=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    condition = Q()
    for word in query.split():
        word_match = Q()
        for name in fields:
            word_match |= Q(**{f"{name}__icontains": word})
        condition &= word_match
    return queryset.filter(condition)


def projects_visible_to(region: Region, viewer: Any) -> QuerySet[Project]:
    """Members of the region see every profile; everyone else the selected and running ones."""
    projects = Project.objects.filter(region=region)
    if viewer is not None and (getattr(viewer, "is_superuser", False) or membership_in(viewer, region.pk)):
        return projects
    return projects.filter(status__in=PUBLIC_STATUSES)


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
    projects = _search(projects, query, PROJECT_SEARCH_FIELDS)
    return (
        projects.select_related("lead_organisation")
        .prefetch_related("fields", "municipalities")
        .order_by("title", "pk")
    )


def catalogue(*, query: str = "", region: str = "") -> QuerySet[Project]:
    """Public projects of every region, for finding projects to reuse."""
    projects: QuerySet[Project] = Project.objects.with_scopes_disabled().filter(status__in=PUBLIC_STATUSES)
    if region:
        projects = projects.filter(region__slug=region)
    projects = _search(projects, query, PROJECT_SEARCH_FIELDS)
    return projects.select_related("region").prefetch_related("fields").order_by("title", "pk")


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


def ideas_for_region(
    *, region: Region, field: str = "", municipality: str = "", status: str = "", query: str = ""
) -> QuerySet[Idea]:
    """Published ideas of a region (and, when asked by status, the merged or rejected ones)."""
    visible = (IdeaStatus.PUBLISHED, IdeaStatus.REJECTED, IdeaStatus.MERGED)
    ideas: QuerySet[Idea] = Idea.objects.filter(region=region, status__in=visible)
    ideas = ideas.filter(status=status) if status in visible else ideas.filter(status=IdeaStatus.PUBLISHED)
    if field:
        ideas = ideas.filter(field__slug=field)
    if municipality:
        ideas = ideas.filter(municipality__slug=municipality)
    ideas = _search(ideas, query, IDEA_SEARCH_FIELDS)
    return ideas.select_related("field", "municipality").order_by("-published_at", "-pk")


def moderation_queue(region: Region) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(region=region, status=IdeaStatus.SUBMITTED)
        .select_related("field", "municipality", "author")
        .order_by("created_at")
    )


# Ideas: single objects and the lists their pages show


def idea_in(region: Region, idea_id: int) -> Idea | None:
    return (
        Idea.objects.select_related("field", "municipality", "merged_into", "author")
        .filter(region=region, pk=idea_id)
        .first()
    )


def idea_by_token(region: Region, token: str) -> Idea | None:
    return Idea.objects.filter(region=region, confirmation_token=token).first()


def support_by_token(region: Region, token: str) -> IdeaSupport | None:
    return (
        IdeaSupport.objects.select_related("idea")
        .filter(idea__region=region, confirmation_token=token)
        .first()
    )


def comment_in(region: Region, comment_id: int) -> IdeaComment | None:
    return IdeaComment.objects.filter(idea__region=region, pk=comment_id).first()


def published_comments(idea: Idea) -> QuerySet[IdeaComment]:
    return IdeaComment.objects.filter(idea=idea, status=CommentStatus.PUBLISHED).order_by("created_at", "pk")


def pending_comments(region: Region) -> QuerySet[IdeaComment]:
    return (
        IdeaComment.objects.filter(idea__region=region, status=CommentStatus.PENDING)
        .select_related("idea")
        .order_by("created_at", "pk")
    )


def merge_candidates(region: Region, idea: Idea, query: str = "") -> QuerySet[Idea]:
    """Published ideas of the region an idea could be merged into (not itself)."""
    return ideas_for_region(region=region, query=query).exclude(pk=idea.pk)


def has_supported(viewer: Any, idea: Idea) -> bool:
    return bool(viewer.is_authenticated and IdeaSupport.objects.filter(idea=idea, user_id=viewer.pk).exists())


def projects_from_idea(idea: Idea, limit: int = 5) -> list[Project]:
    """The profiles started from an idea, oldest first."""
    return list(idea.projects.order_by("pk")[:limit])


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """Ideas and comments waiting for moderation, for those who moderate (module registry)."""
    if not user.has_perm("portfolio.moderate_ideas", region):
        return []
    url = region_url("portfolio:idea_moderation", region.slug) or ""
    return [
        DashboardItem(_("Ideen zur Moderation"), moderation_queue(region).count(), url),
        DashboardItem(_("Kommentare zur Moderation"), pending_comments(region).count(), url),
    ]
