"""Every file the platform offers for download, with one text put where people type text into it.

Used by the tests that feed hostile or broken text into every export (formulas, control characters).
Each ``*_with`` function stores ``text`` through the app's services and returns the downloads that
show it; ``open_file`` checks a response and parses it with the library an office program would use.
"""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import docx
import openpyxl
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartregion.accounts.models import User
from smartregion.analysis import services as analysis_services
from smartregion.analysis.models import AnalysisRound, Questionnaire
from smartregion.assessment import services as assessment_services
from smartregion.events import services as event_services
from smartregion.events.models import Event
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project
from smartregion.portfolio.snapshots import TEXT_FIELDS
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.roadmap.services import milestones, resources
from smartregion.strategy import services as strategy_services
from smartregion.strategy.models import Strategy
from smartregion.surveys import services as survey_services
from smartregion.surveys.models import QuestionType, Survey

NUMBER = 12  # the number stored beside the text, to check that numbers stay numbers


@dataclass(frozen=True)
class Download:
    url: str
    kind: str  # csv, xlsx, docx or pdf


def fetch(client: Client, download: Download) -> Any:
    """The file behind ``download``, opened: CSV rows, an openpyxl workbook, a Word document or PDF text."""
    response = client.get(download.url)
    assert response.status_code == 200, (download.url, response.status_code)
    return open_file(_content(response), download.kind)


def _content(response: HttpResponse | StreamingHttpResponse) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content


def open_file(content: bytes, kind: str) -> Any:
    if kind == "csv":
        assert content.startswith("\ufeff".encode())
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    if kind == "xlsx":
        return openpyxl.load_workbook(io.BytesIO(content))
    if kind == "docx":
        return docx.Document(io.BytesIO(content))
    assert kind == "pdf"
    assert content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return ""
    result = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


# Surveys: a citizen's free-text answer ---------------------------------------------------------


def open_survey(region: Region) -> Survey:
    """A published survey asking for a number and a free text."""
    now = timezone.now()
    survey = survey_services.create_survey(
        region=region,
        actor=None,
        data={
            "title": "Digitale Angebote",
            "privacy_notice": "Anonym.",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=10),
        },
    )
    add = survey_services.add_question
    add(survey=survey, actor=None, type=QuestionType.NUMBER, text="Stunden", min_value=0, max_value=100)
    add(survey=survey, actor=None, type=QuestionType.LONG_TEXT, text="Wünsche")
    survey_services.publish_survey(survey=survey, actor=None)
    return survey


def survey_with(survey: Survey, text: str) -> list[Download]:
    hours, wishes = survey.questions.order_by("order", "pk")
    survey_services.submit_response(survey=survey, answers={str(hours.pk): NUMBER, str(wishes.pk): text})
    kwargs = {"region_slug": survey.region.slug, "survey_id": survey.pk}
    return [
        Download(reverse("surveys:export_csv", kwargs=kwargs), "csv"),
        Download(reverse("surveys:export_xlsx", kwargs=kwargs), "xlsx"),
        Download(reverse("surveys:export_codebook", kwargs=kwargs), "csv"),
        Download(reverse("surveys:results_pdf", kwargs=kwargs), "pdf"),
    ]


# Needs analysis: an officer's comment and free-text answer ------------------------------------


def open_round(region: Region, municipality: Municipality) -> AnalysisRound:
    strategy = strategy_services.create_strategy(region=region, title="Strategie")
    field = strategy_services.add_field(strategy=strategy, actor=None, name="Verwaltung")
    return analysis_services.open_round(
        region=region,
        actor=None,
        name="Bedarfsanalyse",
        fields=[field],
        municipalities=[municipality],
        deadline=timezone.now() + datetime.timedelta(days=14),
        questions=["Was läuft schon?"],
    )


def round_with(analysis_round: AnalysisRound, text: str) -> list[Download]:
    questionnaire = Questionnaire.objects.get(round=analysis_round)
    field = analysis_round.fields.get()
    analysis_services.save_questionnaire(
        questionnaire=questionnaire,
        actor=None,
        answers={(field.pk, key): 4 for key in analysis_round.dimension_keys()},
        comments={field.pk: text},
        text_answers=[text],
        expected_version=questionnaire.version,
    )
    base = f"/r/{analysis_round.region.slug}/bedarfsanalyse/{analysis_round.pk}/"
    return [Download(base + "antworten.xlsx", "xlsx"), Download(base + "ergebnis.pdf", "pdf")]


# Portfolio: the texts of a project profile and the names of the region ------------------------


def project_with(region: Region, text: str, organisation: Organisation, number: int = 0) -> list[Download]:
    data: dict[str, Any] = {name: text for name, _label in TEXT_FIELDS}
    data |= {
        "title": f"Projekt {number} {text}"[:200],
        "lead_person": text[:200],
        "start_date": datetime.date(2026, 3, 1),
        "lead_organisation": organisation,
    }
    project = create_project(region=region, actor=None, data=data, status=ProjectStatus.POTENTIAL)
    return [*project_list_downloads(region), *project_sheet_downloads(project)]


def project_list_downloads(region: Region) -> list[Download]:
    base = f"/r/{region.slug}/projekte/"
    return [
        Download(base + "export.csv", "csv"),
        Download(base + "export.xlsx", "xlsx"),
        Download(base + "import/vorlage.xlsx", "xlsx"),
    ]


def project_sheet_downloads(project: Project) -> list[Download]:
    base = f"/r/{project.region.slug}/projekte/{project.slug}/"
    return [Download(base + "steckbrief.docx", "docx"), Download(base + "steckbrief.pdf", "pdf")]


# Roadmap: the roadmap PDF and the financing and personnel workbooks ----------------------------


def roadmap_with(region: Region, text: str, organisation: Organisation, number: int = 0) -> list[Download]:
    project = create_project(
        region=region,
        actor=None,
        data={"title": f"Projekt {number} {text}"[:200], "lead_organisation": organisation},
        status=ProjectStatus.IN_PROGRESS,
    )
    day = datetime.date(2026, 3, 1)
    milestones.save_milestone(
        project=project,
        actor=None,
        data={
            "kind": "phase",
            "title": f"Schritt {text}"[:200],
            "start": day,
            "end": day,
            "status": "geplant",
            "responsible_person": text[:200],
            "deliverable": text,
        },
    )
    amount = Decimal(NUMBER)
    resources.save_cost_plan(project=project, actor=None, lines={2026: (amount, Decimal(0))})
    resources.save_funding_source(
        project=project,
        actor=None,
        data={
            "kind": "haushalt",
            "organisation": organisation,
            "budget_line": f"HH {text}"[:100],
            "amount": amount,
            "status": "geplant",
            "note": text[:300],
        },
    )
    resources.save_personnel_need(
        project=project, actor=None, organisation=organisation, year=2026, fte=Decimal(1), tasks=text[:200]
    )
    base = f"/r/{region.slug}/fahrplan/"
    return [
        Download(base + "fahrplan.pdf", "pdf"),
        Download(base + "finanzierung.xlsx", "xlsx"),
        Download(base + "personal.xlsx", "xlsx"),
    ]


# Assessment: the committee paper shows the round's, criteria's, projects' and decision's texts ---


def assessment_with(region: Region, text: str, coordinator: User, number: int = 0) -> list[Download]:
    project = create_project(
        region=region,
        actor=None,
        data={"title": f"Projekt {number} {text}"[:200]},
        status=ProjectStatus.IN_REVIEW,
    )
    assessment_round = assessment_services.open_round(
        region=region,
        actor=coordinator,
        title=f"Runde {text}"[:200],
        description=text,
        deadline=timezone.now() + datetime.timedelta(days=7),
        candidates=[project],
        raters=[coordinator],
        criteria=[
            assessment_services.CriterionInput(f"K {text}"[:100], Decimal(100), description=text),
        ],
    )
    candidate = assessment_round.candidates.get()
    criterion = assessment_round.criteria.get()
    assessment_services.save_rating(
        assessment_round=assessment_round,
        user=coordinator,
        scores={(candidate.pk, criterion.pk): 4},
        comments={candidate.pk: text},
        submit=True,
    )
    assessment_services.close_round(assessment_round=assessment_round, actor=coordinator)
    assessment_services.record_decisions(
        assessment_round=assessment_round,
        actor=coordinator,
        outcomes={candidate.pk: "zurueckgestellt"},
        body=f"Kreistag {text}"[:200],
        decided_on=datetime.date(2022, 6, 20),
        reference=text[:100],
        note=text,
    )
    base = f"/r/{region.slug}/bewertung/{assessment_round.pk}/"
    return [Download(base + "sitzungsvorlage.docx", "docx"), Download(base + "sitzungsvorlage.pdf", "pdf")]


# Strategy: vision, values, fields, goals and phases ----------------------------------------------


def strategy_with(strategy: Strategy, text: str) -> list[Download]:
    actor = None
    strategy_services.update_vision(strategy=strategy, actor=actor, title=f"Strategie {text}", vision=text)
    value = strategy.values.first()
    if value is None:
        strategy_services.add_value(strategy=strategy, actor=actor, name=f"Wert {text}", description=text)
    else:
        strategy_services.update_value(value=value, actor=actor, name=f"Wert {text}", description=text)
    field = strategy.fields.first()
    if field is None:
        field = strategy_services.add_field(strategy=strategy, actor=actor, name="Verwaltung")
    strategy_services.update_field(
        field=field, actor=actor, data={"name": f"Verwaltung {text}", "description": text}
    )
    goal = field.goals.first()
    if goal is None:
        strategy_services.add_goal(strategy=strategy, field=field, actor=actor, text=f"Ziel {text}")
    else:
        strategy_services.update_goal(goal=goal, actor=actor, text=f"Ziel {text}")
    phase = strategy.phases.first()
    if phase is not None:
        strategy_services.update_phase(
            phase=phase,
            actor=actor,
            name=f"Phase {text}",
            status=phase.status,
            start=None,
            end=None,
            description=text,
        )
    base = f"/r/{strategy.region.slug}/strategie/"
    return [Download(base + "strategie.docx", "docx"), Download(base + "strategie.pdf", "pdf")]


# Events: a participant's name, answer and accessibility needs ---------------------------------


def open_event(region: Region) -> Event:
    start = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)
    return event_services.create_event(
        region=region,
        actor=None,
        title="Workshop Mobilität",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Kreishaus Steinfurt",
        capacity=100,
        registration_deadline=start - datetime.timedelta(days=1),
        questions=["Ernährung"],
        ask_accessibility=True,
    )


def event_with(event: Event, text: str, coordinator: User, number: int = 0) -> list[Download]:
    event_services.register(
        event=event,
        name=text[:200] if text.strip() else f"Anna {text}",
        email=f"anna{number}@example.org",
        answers={"Ernährung": text[:1000]},
        accessibility_needs=text[:1000],
        on_behalf_by=coordinator,
    )
    kwargs = {"region_slug": event.region.slug, "event_id": event.pk}
    return [
        Download(reverse("events:export_csv", kwargs=kwargs), "csv"),
        Download(reverse("events:export_xlsx", kwargs=kwargs), "xlsx"),
        Download(reverse("events:export_pdf", kwargs=kwargs), "pdf"),
    ]
