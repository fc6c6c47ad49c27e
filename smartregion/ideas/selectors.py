"""Reads of ideas: the region's list with filters and search, moderation, single ideas."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from smartregion.core.modules import DashboardItem, PersonalData, PersonalExport, PersonalRecord
from smartregion.core.navigation import region_url
from smartregion.core.scoping import across_regions
from smartregion.core.search import full_text_search
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.regions.models import Region

# What the idea search reads; portfolio's migration 0003 indexes the same expression on PostgreSQL.
IDEA_SEARCH_FIELDS = ("title", "description")


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
    ideas = full_text_search(ideas, query, IDEA_SEARCH_FIELDS)
    return ideas.select_related("field", "municipality", "region").order_by("-published_at", "-pk")


def moderation_queue(region: Region) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(region=region, status=IdeaStatus.SUBMITTED)
        .select_related("field", "municipality", "author", "region")
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


def projects_from_idea(idea: Idea, limit: int = 5) -> list[Any]:
    """The profiles started from an idea, oldest first."""
    return list(idea.projects.order_by("pk")[:limit])


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """Ideas and comments waiting for moderation, for those who moderate (module registry)."""
    if not user.has_perm("ideas.moderate_ideas", region):
        return []
    url = region_url("ideas:idea_moderation", region.slug) or ""
    return [
        DashboardItem(_("Ideen zur Moderation"), moderation_queue(region).count(), url),
        DashboardItem(_("Kommentare zur Moderation"), pending_comments(region).count(), url),
    ]


RECENT_RECORDS = 20


@across_regions
def personal_data(user: Any, emails: frozenset[str]) -> list[PersonalData]:
    """The ideas, comments and supports of this person ("Meine Daten"): by their account, and ideas
    and supports sent without one from an address they confirmed. Six queries."""
    ideas = (
        Idea.objects.filter(Q(author=user) | Q(author_email__in=emails))
        .select_related("region")
        .order_by("-created_at", "-pk")
    )
    comments = (
        IdeaComment.objects.filter(author=user).select_related("idea__region").order_by("-created_at", "-pk")
    )
    supports = (
        IdeaSupport.objects.filter(Q(user=user) | Q(email__in=emails))
        .select_related("idea__region")
        .order_by("-created_at", "-pk")
    )
    return [
        PersonalData(
            _("Ideen"),
            ideas.count(),
            tuple(
                PersonalRecord(
                    idea.title,
                    idea.region.name,
                    idea.created_at,
                    idea.get_absolute_url() if idea.status == IdeaStatus.PUBLISHED else "",
                    idea.get_status_display(),
                )
                for idea in ideas[:RECENT_RECORDS]
            ),
        ),
        PersonalData(
            _("Kommentare"),
            comments.count(),
            tuple(
                PersonalRecord(
                    comment.idea.title,
                    comment.idea.region.name,
                    comment.created_at,
                    comment.idea.get_absolute_url() if comment.idea.status == IdeaStatus.PUBLISHED else "",
                    comment.text,
                )
                for comment in comments[:RECENT_RECORDS]
            ),
        ),
        PersonalData(
            _("Unterstützungen von Ideen"),
            supports.count(),
            tuple(
                PersonalRecord(
                    support.idea.title,
                    support.idea.region.name,
                    support.created_at,
                    support.idea.get_absolute_url() if support.idea.status == IdeaStatus.PUBLISHED else "",
                )
                for support in supports[:RECENT_RECORDS]
            ),
        ),
    ]


@across_regions
def personal_export(user: Any, emails: frozenset[str]) -> list[PersonalExport]:
    """The person's ideas, comments and supports in full, for the download of "Meine Daten". Three queries."""
    ideas = (
        Idea.objects.filter(Q(author=user) | Q(author_email__in=emails))
        .select_related("region", "municipality", "field")
        .order_by("created_at", "pk")
    )
    comments = (
        IdeaComment.objects.filter(author=user).select_related("idea__region").order_by("created_at", "pk")
    )
    supports = (
        IdeaSupport.objects.filter(Q(user=user) | Q(email__in=emails))
        .select_related("idea__region")
        .order_by("created_at", "pk")
    )
    return [
        PersonalExport(
            "ideen",
            _("Ideen"),
            (
                ("region", _("Region")),
                ("titel", _("Titel")),
                ("beschreibung", _("Beschreibung")),
                ("handlungsfeld", _("Handlungsfeld")),
                ("kommune", _("Kommune")),
                ("ort", _("Ort")),
                ("bild", _("Bild")),
                ("name", _("Name")),
                ("e_mail", _("E-Mail-Adresse")),
                ("stand", _("Stand")),
                ("eingegangen", _("Eingegangen")),
                ("veroeffentlicht", _("Veröffentlicht")),
            ),
            tuple(
                {
                    "region": idea.region.name,
                    "titel": idea.title,
                    "beschreibung": idea.description,
                    "handlungsfeld": idea.field.name if idea.field else "",
                    "kommune": idea.municipality.name if idea.municipality else "",
                    "ort": idea.place,
                    "bild": idea.image.name if idea.image else "",
                    "name": idea.author_name,
                    "e_mail": idea.author_email,
                    "stand": idea.get_status_display(),
                    "eingegangen": idea.created_at,
                    "veroeffentlicht": idea.published_at,
                }
                for idea in ideas
            ),
        ),
        PersonalExport(
            "kommentare",
            _("Kommentare"),
            (
                ("region", _("Region")),
                ("idee", _("Idee")),
                ("name", _("Name")),
                ("text", _("Kommentar")),
                ("stand", _("Stand")),
                ("geschrieben", _("Geschrieben")),
            ),
            tuple(
                {
                    "region": comment.idea.region.name,
                    "idee": comment.idea.title,
                    "name": comment.author_name,
                    "text": comment.text,
                    "stand": comment.get_status_display(),
                    "geschrieben": comment.created_at,
                }
                for comment in comments
            ),
        ),
        PersonalExport(
            "unterstuetzungen",
            _("Unterstützungen von Ideen"),
            (
                ("region", _("Region")),
                ("idee", _("Idee")),
                ("e_mail", _("E-Mail-Adresse")),
                ("bestaetigt", _("Bestätigt")),
                ("angelegt", _("Angelegt")),
            ),
            tuple(
                {
                    "region": support.idea.region.name,
                    "idee": support.idea.title,
                    "e_mail": support.email,
                    "bestaetigt": support.confirmed_at,
                    "angelegt": support.created_at,
                }
                for support in supports
            ),
        ),
    ]
