"""Ideas of a region: the published ideas, and submitting a new one."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from smartregion.api.auth import TOKEN_SESSION_OR_ANONYMOUS
from smartregion.api.errors import ERROR_RESPONSES, ErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import region_or_404
from smartregion.core import ratelimit
from smartregion.ideas import selectors, services
from smartregion.ideas.models import Idea
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction

router = Router(tags=["Ideen"])


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    field: str | None
    municipality: str | None
    support_count: int
    created: datetime.date

    @staticmethod
    def resolve_field(obj: Idea) -> str | None:
        return obj.field.slug if obj.field else None

    @staticmethod
    def resolve_municipality(obj: Idea) -> str | None:
        return obj.municipality.slug if obj.municipality else None

    @staticmethod
    def resolve_created(obj: Idea) -> datetime.date:
        return timezone.localdate(obj.created_at)


class IdeaIn(Schema):
    """A new idea. ``field`` and ``municipality`` are slugs of the region's field of action and
    municipality. Without a session, ``author_name`` and ``author_email`` are required."""

    title: str | None = None
    description: str | None = None
    field: str | None = None
    municipality: str | None = None
    place: str | None = None
    author_name: str | None = None
    author_email: str | None = None


class IdeaCreatedOut(Schema):
    id: int
    title: str
    status: str


class IdeaErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _region(slug: str) -> Region:
    return region_or_404(slug, "ideas")


def _error(errors: dict[str, list[str]]) -> Status[dict[str, Any]]:
    return Status(
        400,
        {
            "detail": _("Die Idee wurde nicht gespeichert. Bitte prüfen Sie die Angaben."),
            "errors": errors,
        },
    )


def _resolve_slugs(region: Region, data: IdeaIn) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The field and municipality named by slug, looked up inside the region only."""
    found: dict[str, Any] = {"field": None, "municipality": None}
    errors: dict[str, list[str]] = {}
    if "\x00" in (data.field or "") + (data.municipality or ""):
        return found, {"__all__": [_("Die Angaben enthalten ein unzulässiges Steuerzeichen.")]}
    if data.field:
        found["field"] = FieldOfAction.objects.filter(strategy__region=region, slug=data.field).first()
        if found["field"] is None:
            errors["field"] = [_("Diese Region hat kein Handlungsfeld „%(slug)s“.") % {"slug": data.field}]
    if data.municipality:
        found["municipality"] = Municipality.objects.filter(region=region, slug=data.municipality).first()
        if found["municipality"] is None:
            errors["municipality"] = [
                _("Diese Region hat keine Kommune „%(slug)s“.") % {"slug": data.municipality}
            ]
    return found, errors


@router.get(
    "/{slug}/ideas/",
    response={200: list[IdeaOut], **ERROR_RESPONSES},
    summary="Veröffentlichte Ideen einer Region",
)
@paginate(LimitOffsetPagination)
def list_ideas(
    request: HttpRequest, slug: str, field: str = "", municipality: str = "", q: str = ""
) -> QuerySet[Idea]:
    """The newest first; optionally filtered by field slug, municipality slug and search text ``q``."""
    region = _region(slug)
    # PostgreSQL refuses NUL characters in a query; none occurs in a slug or in a useful search.
    field, municipality, q = (value.replace("\x00", "") for value in (field, municipality, q))
    return selectors.ideas_for_region(region=region, field=field, municipality=municipality, query=q)


@router.post(
    "/{slug}/ideas/",
    response={201: IdeaCreatedOut, 400: IdeaErrorOut, 429: ErrorOut, **ERROR_RESPONSES},
    auth=TOKEN_SESSION_OR_ANONYMOUS,
    summary="Eine Idee einreichen",
)
def create_idea(request: HttpRequest, slug: str, data: IdeaIn) -> Status[Any]:
    """Signed in (session and CSRF token), the idea goes to the moderation queue. Without a session
    it needs ``author_name`` and ``author_email`` and waits until the address is confirmed by the link
    mailed to it (status ``unconfirmed``). Without a session, a connection may submit only a few ideas
    an hour (429 after that)."""
    region = _region(slug)
    if not ratelimit.allow(request, ratelimit.IDEAS):
        return Status(429, {"detail": str(ratelimit.MESSAGE)})
    related, errors = _resolve_slugs(region, data)
    if errors:
        return _error(errors)
    try:
        idea = services.submit_idea(
            region=region,
            author=request.user,
            title=data.title or "",
            description=data.description or "",
            place=data.place or "",
            author_name=data.author_name or "",
            author_email=data.author_email or "",
            **related,
        )
    except ValidationError as error:
        return _error(_messages(error))
    return Status(201, idea)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}
