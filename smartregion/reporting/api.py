"""Monitoring and reports: /regions/{slug}/reports/, /regions/{slug}/progress/,
/projects/{id}/status-updates/ and /projects/{id}/indicators/ (full paths; mounted at the API root).

Everyone reads what the pages show: the status and indicators of the projects they may see, the
progress of the region, its published reports. Values with decimals are decimal strings ("12.50");
progress in percent.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from smartregion.api.errors import ERROR_RESPONSES
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.scoping import ensure_module, region_or_404
from smartregion.portfolio.models import Project
from smartregion.portfolio.selectors import visible_project_by_id
from smartregion.reporting import selectors
from smartregion.reporting.models import ReportState, StatusReport, StatusUpdate, Traffic
from smartregion.reporting.progress import rule as progress_rule
from smartregion.reporting.views.reports import report_urls

router = Router(tags=["Monitoring und Berichte"])
MODULE = "reporting"


class ReportOut(Schema):
    id: int
    title: str
    committee: str = Field(description="Das Gremium, dem berichtet wird")
    meeting_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    status: ReportState = Field(alias="state")
    published_at: datetime.datetime | None
    pdf_url: str | None = Field(None, description="Adresse des PDF, sobald der Bericht fertig ist")
    docx_url: str | None = Field(None, description="Adresse der bearbeitbaren DOCX-Datei")

    @staticmethod
    def resolve_pdf_url(report: StatusReport, context: dict[str, Any]) -> str | None:
        return _file_url(report, "pdf", context)

    @staticmethod
    def resolve_docx_url(report: StatusReport, context: dict[str, Any]) -> str | None:
        return _file_url(report, "docx", context)


def _file_url(report: StatusReport, kind: str, context: dict[str, Any]) -> str | None:
    if report.state != ReportState.DONE:
        return None
    return str(context["request"].build_absolute_uri(report_urls(report)[kind]))


class StatusUpdateOut(Schema):
    id: int
    reported_on: datetime.date
    traffic: Traffic = Field(description="gruen: im Plan, gelb: mit Abweichungen, rot: gefährdet")
    progress: int = Field(description="Fortschritt in Prozent, 0 bis 100")
    text: str
    author: str = Field(alias="author_name", description="Wer den Stand gemeldet hat")


class MeasurementOut(Schema):
    measured_on: datetime.date
    value: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: str
    target: str
    description: str
    measurements: list[MeasurementOut]


class ProjectProgressOut(Schema):
    project_id: int
    title: str
    progress: int
    weight: str = Field(description="Das verwendete Gewicht als Dezimalzahl")
    weight_source: str = Field(description="gesetzt (von der Koordination), kosten oder gleich")
    reported: bool = Field(description="Ob das Projekt schon eine Statusmeldung hat")


class FieldProgressOut(Schema):
    field_id: int
    name: str
    slug: str
    progress: float | None
    weight: str
    equal_fallback: bool = Field(description="Kosten gewichtet, aber keine geplant: gleich gewichtet")
    projects: list[ProjectProgressOut]


class ProgressOut(Schema):
    basis: str = Field(description="budget (nach Gesamtkosten) oder gleich")
    strategy: float | None = Field(description="Fortschritt der Strategie in Prozent")
    rule: str = Field(description="Wie gerechnet wird")
    fields: list[FieldProgressOut]
    unreported: list[str]


def _project(request: HttpRequest, project_id: int) -> Project:
    project = visible_project_by_id(project_id, request.user)
    if project is None:
        raise HttpError(404, _("Dieses Projekt gibt es nicht, oder Sie dürfen es nicht sehen."))
    ensure_module(project.region, MODULE)
    return project


@router.get(
    "/regions/{slug}/reports/",
    response={200: list[ReportOut], **ERROR_RESPONSES},
    summary="Sachstandsberichte einer Region (für Mitglieder auch unveröffentlichte)",
)
@paginate(LimitOffsetPagination)
def list_reports(request: HttpRequest, slug: str) -> QuerySet[StatusReport]:
    region = region_or_404(slug, MODULE)
    return selectors.reports_for(region, request.user).select_related("region")


@router.get(
    "/regions/{slug}/progress/",
    response={200: ProgressOut, **ERROR_RESPONSES},
    summary="Fortschritt je Handlungsfeld und der Strategie, mit den verwendeten Gewichten",
)
def get_progress(request: HttpRequest, slug: str) -> dict[str, Any]:
    region = region_or_404(slug, MODULE)
    progress = selectors.progress_for_region(region, request.user)
    return {
        "basis": progress.basis,
        "strategy": progress.strategy,
        "rule": progress_rule(progress.basis),
        "fields": [
            {
                "field_id": f.field_id,
                "name": f.name,
                "slug": f.slug,
                "progress": f.progress,
                "weight": f"{f.weight:.2f}",
                "equal_fallback": f.equal_fallback,
                "projects": [
                    {
                        "project_id": p.project_id,
                        "title": p.title,
                        "progress": p.progress,
                        "weight": f"{p.weight:.2f}",
                        "weight_source": p.weight_source,
                        "reported": p.reported,
                    }
                    for p in f.projects
                ],
            }
            for f in progress.fields
        ],
        "unreported": progress.unreported,
    }


@router.get(
    "/projects/{project_id}/status-updates/",
    response={200: list[StatusUpdateOut], **ERROR_RESPONSES},
    summary="Statusmeldungen eines Projekts, die neueste zuerst",
)
@paginate(LimitOffsetPagination)
def list_status_updates(request: HttpRequest, project_id: int) -> QuerySet[StatusUpdate]:
    return selectors.updates_of(_project(request, project_id))


@router.get(
    "/projects/{project_id}/indicators/",
    response={200: list[IndicatorOut], **ERROR_RESPONSES},
    summary="Indikatoren eines Projekts mit ihren Messwerten",
)
def list_indicators(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": i.pk,
            "name": i.name,
            "unit": i.unit,
            "baseline": f"{i.baseline:.2f}",
            "target": f"{i.target:.2f}",
            "description": i.description,
            "measurements": [
                {"measured_on": m.measured_on, "value": f"{m.value:.2f}"} for m in i.measurements.all()
            ],
        }
        for i in selectors.indicators_of(_project(request, project_id))
    ]
