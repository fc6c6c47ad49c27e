"""Regions, their municipalities and organisations, read-only and public."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from smartregion.api.errors import ERROR_RESPONSES
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.params import RegionSlug
from smartregion.regions import selectors
from smartregion.regions.models import Municipality, Organisation, Region

router = Router(tags=["Regionen"])


class RegionOut(Schema):
    slug: str
    name: str
    federal_state: str
    official_key: str
    municipality_count: int


class RegionDetailOut(Schema):
    slug: str
    name: str
    federal_state: str
    official_key: str
    description: str


class MunicipalityOut(Schema):
    slug: str
    name: str
    ags: str | None
    population: int | None

    @staticmethod
    def resolve_ags(obj: Municipality) -> str | None:
        return obj.ags or None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    website: str


@router.get("/", response={200: list[RegionOut], **ERROR_RESPONSES}, summary="Alle Regionen")
@paginate(LimitOffsetPagination)
def list_regions(request: HttpRequest) -> QuerySet[Region]:
    return selectors.regions_for_start_page()


@router.get("/{slug}/", response={200: RegionDetailOut, **ERROR_RESPONSES}, summary="Eine Region")
def get_region(request: HttpRequest, slug: RegionSlug) -> Region:
    return get_object_or_404(Region, slug=slug)


@router.get(
    "/{slug}/municipalities/",
    response={200: list[MunicipalityOut], **ERROR_RESPONSES},
    summary="Kommunen einer Region",
)
@paginate(LimitOffsetPagination)
def list_municipalities(request: HttpRequest, slug: RegionSlug) -> QuerySet[Municipality]:
    return selectors.municipalities_of(get_object_or_404(Region, slug=slug))


@router.get(
    "/{slug}/organisations/",
    response={200: list[OrganisationOut], **ERROR_RESPONSES},
    summary="Organisationen einer Region",
)
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, slug: RegionSlug) -> QuerySet[Organisation]:
    return selectors.organisations_of(get_object_or_404(Region, slug=slug))
