"""Regions, their municipalities and organisations, read-only and public."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

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


@router.get("/", response=list[RegionOut], summary="Alle Regionen")
@paginate(LimitOffsetPagination)
def list_regions(request: HttpRequest) -> QuerySet[Region]:
    return selectors.regions_for_start_page()


@router.get("/{slug}/", response=RegionDetailOut, summary="Eine Region")
def get_region(request: HttpRequest, slug: str) -> Region:
    return get_object_or_404(Region, slug=slug)


@router.get("/{slug}/municipalities/", response=list[MunicipalityOut], summary="Kommunen einer Region")
@paginate(LimitOffsetPagination)
def list_municipalities(request: HttpRequest, slug: str) -> QuerySet[Municipality]:
    return selectors.municipalities_of(get_object_or_404(Region, slug=slug))


@router.get("/{slug}/organisations/", response=list[OrganisationOut], summary="Organisationen einer Region")
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, slug: str) -> QuerySet[Organisation]:
    return selectors.organisations_of(get_object_or_404(Region, slug=slug))
