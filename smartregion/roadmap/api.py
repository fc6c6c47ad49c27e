"""Fahrplan, Personal und Finanzierung: /regions/{slug}/roadmap/, /regions/{slug}/financing/,
/regions/{slug}/personnel/ and /funding-programmes/ (full paths; mounted at the API root).

The roadmap follows the pages: everyone sees the milestones of the projects they may see.
Financing and personnel are for the region's members. Amounts of money are decimal strings in EUR
with two places ("1234.50"), full-time equivalents decimal strings with two places.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from smartregion.api.errors import ERROR_RESPONSES
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import region_or_404
from smartregion.roadmap import figures, selectors
from smartregion.roadmap.models import FundingProgramme, MilestoneKind, MilestoneStatus

router = Router(tags=["Fahrplan, Personal und Finanzierung"])
MODULE = "roadmap"
MONEY = 'Betrag in EUR als Dezimalzahl mit zwei Stellen, z. B. "1234.50"'


def _decimal(amount: Decimal) -> str:
    return f"{amount:.2f}"


class MilestoneOut(Schema):
    id: int
    project_id: int
    title: str
    kind: MilestoneKind
    start: datetime.date
    end: datetime.date
    status: MilestoneStatus
    depends_on: list[int] = Field(description="Ids der Meilensteine, von denen dieser abhängt")


class RoadmapOut(Schema):
    milestones: list[MilestoneOut]


class MoneyOut(Schema):
    total_costs: str = Field(description=MONEY)
    covered: str = Field(description="Von nicht abgelehnten Quellen gedeckt; " + MONEY)
    gap: str = Field(description="Nicht gedeckt; " + MONEY)


class ProjectMoneyOut(MoneyOut):
    project_id: int
    title: str


class FieldMoneyOut(MoneyOut):
    field_id: int | None = Field(description="null: Projekte ohne Handlungsfeld")
    name: str


class FinancingOut(MoneyOut):
    projects: list[ProjectMoneyOut]
    fields: list[FieldMoneyOut] = Field(
        description=(
            "Ein Projekt in zwei Handlungsfeldern zählt in beiden; die Summe der Region zählt es einmal."
        )
    )


class StaffOut(Schema):
    organisation_id: int
    organisation: str
    year: int
    need: str = Field(description="Bedarf in Vollzeitäquivalenten")
    capacity: str = Field(description="Besetzte Stellen in Vollzeitäquivalenten")
    vacant: str = Field(description="Unbesetzte Stellen in Vollzeitäquivalenten")
    gap: str = Field(description="Bedarf minus besetzte Stellen; negativ: Reserve")


class PersonnelOut(Schema):
    lines: list[StaffOut]


class DeadlineOut(Schema):
    date: datetime.date
    label: str


class ProgrammeOut(Schema):
    id: int
    name: str
    funder: str
    url: str
    funding_rate: str | None = Field(description="Förderquote bis zu … Prozent, als Dezimalzahl")
    eligible: str
    federal_states: list[str] = Field(description="Kürzel der Bundesländer; leer: bundesweit")
    is_example: bool = Field(description="Angaben zum Teil ausgedacht (Demodaten)")
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_funding_rate(obj: FundingProgramme) -> str | None:
        return None if obj.funding_rate is None else _decimal(obj.funding_rate)

    @staticmethod
    def resolve_deadlines(obj: FundingProgramme) -> list[dict[str, Any]]:
        return [{"date": d.date, "label": d.label} for d in obj.deadlines.all()]


def _money(money: figures.Money) -> dict[str, str]:
    return {
        "total_costs": _decimal(money.total_costs),
        "covered": _decimal(money.covered),
        "gap": _decimal(money.gap),
    }


def _member_region(request: HttpRequest, slug: str) -> Any:
    region = region_or_404(slug, MODULE)
    if not request.user.has_perm("roadmap.view_resources", region):
        raise HttpError(403, _("Personal und Finanzierung sehen nur Mitglieder der Region."))
    return region


@router.get(
    "/regions/{slug}/roadmap/",
    response={200: RoadmapOut, **ERROR_RESPONSES},
    summary="Fahrplan einer Region",
    description=(
        "Alle Meilensteine und Phasen der Projekte, die die anfragende Person sehen darf, nach Beginn."
    ),
)
def get_roadmap(request: HttpRequest, slug: str) -> dict[str, Any]:
    region = region_or_404(slug, MODULE)
    return {"milestones": selectors.roadmap_milestones(region, request.user)}


@router.get(
    "/regions/{slug}/financing/",
    response={200: FinancingOut, **ERROR_RESPONSES},
    summary="Finanzierung einer Region",
    description=(
        "Kosten, Deckung und offene Lücke der Region, je Projekt und je Handlungsfeld; "
        "für Mitglieder der Region."
    ),
)
def get_financing(request: HttpRequest, slug: str) -> dict[str, Any]:
    region = _member_region(request, slug)
    financing = selectors.financing_for_region(region, request.user)
    return {
        **_money(financing.region),
        "projects": [{"project_id": p.project_id, "title": p.title, **_money(p)} for p in financing.projects],
        "fields": [{"field_id": f.field_id, "name": f.name, **_money(f)} for f in financing.fields],
    }


@router.get(
    "/regions/{slug}/personnel/",
    response={200: PersonnelOut, **ERROR_RESPONSES},
    summary="Personal einer Region",
    description=(
        "Bedarf, besetzte und unbesetzte Stellen und Lücke je Organisation und Jahr; "
        "für Mitglieder der Region."
    ),
)
def get_personnel(request: HttpRequest, slug: str) -> dict[str, Any]:
    region = _member_region(request, slug)
    return {
        "lines": [
            {
                "organisation_id": line.organisation_id,
                "organisation": line.organisation,
                "year": line.year,
                "need": _decimal(line.need),
                "capacity": _decimal(line.filled),
                "vacant": _decimal(line.vacant),
                "gap": _decimal(line.gap),
            }
            for line in selectors.personnel_for_region(region)
        ]
    }


@router.get(
    "/funding-programmes/",
    response={200: list[ProgrammeOut], **ERROR_RESPONSES},
    summary="Katalog der Förderprogramme",
    description="Alle Förderprogramme, die die Regionen eingetragen haben, mit ihren Fristen.",
)
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest) -> QuerySet[FundingProgramme]:
    return selectors.programmes()
