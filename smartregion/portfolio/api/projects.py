"""Project profiles: a region's list, one profile, its versions, and adoption (Nachnutzung).

Reading needs no login; profiles that are not selected yet are seen by the region's members only,
for everyone else they do not exist (404). Adopting needs a session login (with CSRF token).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import BaseModel

from smartregion.api.auth import TOKEN_OR_SESSION
from smartregion.api.errors import ERROR_RESPONSES, ErrorOut, ValidationErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import ensure_module, refuse_other_region, region_or_404
from smartregion.core import modules
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio import selectors
from smartregion.portfolio.forms.projects import may_adopt_into
from smartregion.portfolio.models import Project, ProjectStatus, ProjectVersion
from smartregion.portfolio.services import projects as services
from smartregion.regions.models import Municipality, Region

region_router = Router(tags=["Projekte"])
router = Router(tags=["Projekte"])

VIEW = "portfolio.view_project"
HIDDEN_IDEAS = (IdeaStatus.UNCONFIRMED, IdeaStatus.SUBMITTED)


class NamedOut(Schema):
    slug: str
    name: str


class ProjectOut(Schema):
    id: int
    slug: str
    title: str
    region: str
    status: ProjectStatus
    status_label: str
    maturity: str
    summary: str
    fields: list[NamedOut]
    municipalities: list[NamedOut]
    lead_organisation: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    url: str

    @staticmethod
    def resolve_region(obj: Project) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_status_label(obj: Project) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_fields(obj: Project) -> list[Any]:
        return list(obj.fields.all())

    @staticmethod
    def resolve_municipalities(obj: Project) -> list[Any]:
        return list(obj.municipalities.all())

    @staticmethod
    def resolve_lead_organisation(obj: Project) -> str | None:
        return obj.lead_organisation.name if obj.lead_organisation else None

    @staticmethod
    def resolve_url(obj: Project) -> str:
        return obj.get_absolute_url()


class NamedRow(BaseModel):
    slug: str
    name: str


class ProjectRowOut(BaseModel):
    """A row of the project list: the fields of ``ProjectOut``, built as plain values."""

    id: int
    slug: str
    title: str
    region: str
    status: ProjectStatus
    status_label: str
    maturity: str
    summary: str
    fields: list[NamedRow]
    municipalities: list[NamedRow]
    lead_organisation: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    url: str


def project_rows(projects: list[Project]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "slug": p.slug,
            "title": p.title,
            "region": p.region.slug,
            "status": p.status,
            "status_label": p.get_status_display(),
            "maturity": p.maturity,
            "summary": p.summary,
            "fields": [{"slug": slug, "name": name} for slug, name in p.linked_fields],  # type: ignore[attr-defined]
            "municipalities": [{"slug": slug, "name": name} for slug, name in p.linked_places],  # type: ignore[attr-defined]
            "lead_organisation": p.lead_organisation.name if p.lead_organisation else None,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "url": p.url,  # type: ignore[attr-defined]
        }
        for p in selectors.list_rows(projects)
    ]


class ProjectRefOut(Schema):
    id: int
    title: str
    region: str
    url: str | None = Field(
        description="Pfad der Projektseite; leer, wenn Sie das Projekt nicht sehen dürfen."
    )


class IdeaRefOut(Schema):
    id: int
    title: str


class AdoptionRefOut(Schema):
    project: ProjectRefOut
    region_name: str
    municipality: NamedOut | None


class ProjectDetailOut(ProjectOut):
    starting_point: str
    goals: str
    measures: str
    target_groups: str
    lead_person: str
    partners: str
    indicators: str
    risks: str
    status_reason: str
    version: int
    dependencies: list[ProjectRefOut]
    source_ideas: list[IdeaRefOut]
    adopted_from: ProjectRefOut | None
    adoptions: list[AdoptionRefOut]

    # Links to other projects show only what the person asking may see.

    @staticmethod
    def resolve_dependencies(obj: Project, context: dict[str, Any]) -> list[dict[str, Any]]:
        user = context["request"].user
        # Dependencies are projects of the same region (the service makes sure).
        return [_ref(user, d, obj.region) for d in obj.dependencies.all() if user.has_perm(VIEW, d)]

    @staticmethod
    def resolve_source_ideas(obj: Project) -> list[Idea]:
        return [i for i in obj.source_ideas.all() if i.status not in HIDDEN_IDEAS]

    @staticmethod
    def resolve_adopted_from(obj: Project, context: dict[str, Any]) -> dict[str, Any] | None:
        original = obj.adopted_from
        return _ref(context["request"].user, original, original.region) if original else None

    @staticmethod
    def resolve_adoptions(obj: Project, context: dict[str, Any]) -> list[dict[str, Any]]:
        user = context["request"].user
        return [
            {
                "project": _ref(user, copy, copy.region),
                "region_name": copy.region.name,
                "municipality": copy.adopted_by_municipality,
            }
            for copy in obj.adoptions.all()
        ]


class VersionOut(Schema):
    number: int
    summary: str
    created_at: datetime.datetime
    content: dict[str, str]

    @staticmethod
    def resolve_content(obj: ProjectVersion) -> dict[str, str]:
        return {key: str(value) for key, value in obj.snapshot.items()}


class AdoptionIn(Schema):
    region: str
    municipality: str | None = None


class AdoptionOut(Schema):
    id: int
    slug: str
    title: str
    region: str
    municipality: str | None
    url: str


def _ref(user: Any, project: Project, region: Region) -> dict[str, Any]:
    """A link to another project; its page only if the viewer may see it."""
    url = reverse("portfolio:project", kwargs={"region_slug": region.slug, "project_slug": project.slug})
    return {
        "id": project.pk,
        "title": project.title,
        "region": region.slug,
        "url": url if user.has_perm(VIEW, project) else None,
    }


def _visible_project(request: HttpRequest, project_id: int, *, to_adopt: bool = False) -> Project:
    """The project with everything its profile shows, or 404 – also when the viewer may not see it."""
    project = selectors.visible_project_by_id(project_id, request.user)
    if project is None:
        raise HttpError(404, _("Dieses Projekt gibt es nicht, oder Sie dürfen es nicht sehen."))
    ensure_module(project.region, "portfolio", foreign_key_may_read=to_adopt)
    return project


@region_router.get(
    "/{slug}/projects/",
    response={200: list[ProjectRowOut], **ERROR_RESPONSES},
    summary="Projekte einer Region",
    description="Filter: Handlungsfeld (Kurzname), Kommune (Kurzname), Stand, Suchtext.",
)
@paginate(LimitOffsetPagination, rows=project_rows)
def list_projects(
    request: HttpRequest,
    slug: str,
    field: str = "",
    municipality: str = "",
    status: ProjectStatus | None = None,
    q: str = "",
) -> QuerySet[Project]:
    region = region_or_404(slug, "portfolio")
    projects = selectors.projects_for_region(
        region=region,
        viewer=request.user,
        field=field,
        municipality=municipality,
        status=status.value if status else "",
        query=q,
    )
    return projects.select_related("region")


@router.get("/{project_id}/", response={200: ProjectDetailOut, **ERROR_RESPONSES}, summary="Ein Steckbrief")
def get_project(request: HttpRequest, project_id: int) -> Project:
    return _visible_project(request, project_id)


@router.get(
    "/{project_id}/versions/",
    response={200: list[VersionOut], **ERROR_RESPONSES},
    summary="Alle Fassungen eines Steckbriefs, die neueste zuerst",
)
@paginate(LimitOffsetPagination)
def list_versions(request: HttpRequest, project_id: int) -> QuerySet[ProjectVersion]:
    project = _visible_project(request, project_id)
    return selectors.versions_with_snapshots(project)


# Adoption


def _invalid(field: str, message: str) -> NinjaValidationError:
    """A 422 answer shaped like ninja's own validation errors."""
    return NinjaValidationError([{"loc": ["body", "payload", field], "msg": message, "type": "value_error"}])


def _target(payload: AdoptionIn) -> tuple[Region, Municipality | None]:
    region = selectors.region_by_slug(payload.region)
    if region is None:
        raise _invalid("region", _("Diese Region gibt es nicht."))
    if not modules.is_on(region, "portfolio"):
        raise _invalid("region", _("Diese Region nutzt keine Projektsteckbriefe."))
    if not payload.municipality:
        return region, None
    municipality = selectors.municipality_by_slug(region, payload.municipality)
    if municipality is None:
        raise _invalid("municipality", _("Diese Kommune gibt es in der gewählten Region nicht."))
    return region, municipality


def _refused(error: ValidationError) -> Status[dict[str, Any]]:
    # adopt_project raises a message without a field only for an adoption that already exists.
    if not hasattr(error, "error_dict"):
        return Status(409, {"detail": " ".join(error.messages)})
    field, messages = next(iter(error.message_dict.items()))
    raise _invalid(field, " ".join(messages))


@router.post(
    "/{project_id}/adoptions/",
    auth=TOKEN_OR_SESSION,
    response={
        201: AdoptionOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Ein Projekt nachnutzen",
    description=(
        "Legt für eine Kommune (oder, ohne Kommune, für eine ganze andere Region) einen verknüpften, "
        "vorausgefüllten Steckbrief an. Braucht eine Anmeldung (Sitzung mit CSRF-Token) und das Recht, "
        "für diese Kommune oder Region nachzunutzen."
    ),
)
def adopt_project(
    request: HttpRequest, response: HttpResponse, project_id: int, payload: AdoptionIn
) -> Status[Any]:
    project = _visible_project(request, project_id, to_adopt=True)
    region, municipality = _target(payload)
    refuse_other_region(region)  # an API key adopts into its own region only
    if not may_adopt_into(request.user, region, municipality):
        return Status(403, {"detail": _("Sie dürfen dieses Projekt hier nicht nachnutzen.")})
    try:
        copy = services.adopt_project(
            project=project, actor=request.user, region=region, municipality=municipality
        )
    except ValidationError as error:
        return _refused(error)
    url = copy.get_absolute_url()
    response["Location"] = request.build_absolute_uri(url)
    return Status(
        201,
        {
            "id": copy.pk,
            "slug": copy.slug,
            "title": copy.title,
            "region": region.slug,
            "municipality": municipality.slug if municipality else None,
            "url": url,
        },
    )
