"""Demo roadmap: milestones, personnel and financing for the Steinfurt, Coesfeld and Dithmarschen
projects, and the funding programmes the seeds name.

What the seeds say is used as it stands: Dithmarschen's "Dithmarschen Digital (DiDi)" won the state
competition "Digitale Modellkommunen Schleswig-Holstein" in September 2020 and is funded with
100,000 EUR over two years; Coesfeld's two project posts of Smarte.Land.Regionen and the post of the
Smart Region coordination have been vacant since June 2023; Steinfurt's strategy is the basis for
an application to "Smart Cities – Made in Germany". Everything else (dates of milestones, amounts,
posts, funding rates, deadlines) is an example and marked so: programmes as "Beispielangaben",
invented amounts in the project's note.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from smartregion.accounts.models import Membership, Role
from smartregion.portfolio.models import Maturity, Project, ProjectStatus
from smartregion.portfolio.services.projects import create_project, record_part_change
from smartregion.regions.models import Organisation, Region
from smartregion.roadmap.models import (
    CostLine,
    FundingProgramme,
    FundingSource,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    PersonnelNeed,
    PlanNote,
    SourceKind,
    SourceStatus,
    StaffCapacity,
)
from smartregion.roadmap.services import programmes, resources
from smartregion.roadmap.tasks import schedule_reminders

D = datetime.date
DONE, RUNNING, PLANNED = MilestoneStatus.DONE, MilestoneStatus.RUNNING, MilestoneStatus.PLANNED
PHASE, POINT = MilestoneKind.PHASE, MilestoneKind.MILESTONE
EXAMPLE_NOTE = "Beträge und Termine sind Beispielzahlen für die Demo."
SR_BUERO = "Kreis Steinfurt – Smart Region Büro"
DIDI = "Dithmarschen Digital (DiDi)"


@dataclass(frozen=True)
class Step:
    title: str
    start: D
    end: D
    status: str
    kind: str = PHASE
    after: tuple[str, ...] = ()  # titles of this project's steps it depends on
    deliverable: str = ""


STEINFURT_STEPS: dict[str, tuple[Step, ...]] = {
    "Service Innovation Lab (SIL)": (
        Step("Arbeitsgruppe gegründet", D(2022, 9, 1), D(2022, 9, 1), DONE, POINT),
        Step("Ideen und Szenarien entwickeln", D(2022, 9, 1), D(2023, 6, 30), DONE, deliverable="Szenarien"),
        Step(
            "Konzepte in die Umsetzung bringen",
            D(2023, 7, 1),
            D(2027, 6, 30),
            RUNNING,
            after=("Ideen und Szenarien entwickeln",),
        ),
    ),
    "IoT für ein besseres Leben": (
        Step("Szenarien für urbane Datenplattformen", D(2022, 10, 1), D(2023, 9, 30), DONE),
        Step("Pilotbetrieb der Datenplattform", D(2023, 10, 1), D(2026, 6, 30), RUNNING),
        Step(
            "Entscheidung über den kreisweiten Betrieb",
            D(2026, 9, 30),
            D(2026, 9, 30),
            PLANNED,
            POINT,
            after=("Pilotbetrieb der Datenplattform",),
        ),
    ),
    "Digitale Mobilitätsorte": (
        Step("Standortkonzept für Mobilstationen", D(2023, 1, 1), D(2023, 12, 31), DONE),
        Step("Aufbau der ersten Mobilstationen", D(2024, 1, 1), D(2027, 12, 31), RUNNING),
    ),
    "Digitales Jugendzentrum": (
        Step("Bedarfe mit den fünf Jugendämtern erheben", D(2025, 1, 1), D(2025, 6, 30), DONE),
        Step("Plattform auswählen", D(2025, 7, 1), D(2026, 3, 31), RUNNING),
        Step(
            "Start des digitalen Jugendzentrums",
            D(2026, 2, 1),
            D(2026, 2, 1),
            PLANNED,
            POINT,
            after=("Plattform auswählen",),
        ),
    ),
    "Patenship.de / Digitale Teilhabe": (
        Step("Pilot in zwei Kommunen", D(2025, 4, 1), D(2026, 12, 31), RUNNING),
        Step(
            "Ausweitung auf alle 24 Kommunen",
            D(2027, 1, 1),
            D(2027, 12, 31),
            PLANNED,
            after=("Pilot in zwei Kommunen",),
        ),
    ),
}

COESFELD_STEPS: dict[str, tuple[Step, ...]] = {
    "Smarte.Land.Regionen": (
        Step("Coworking-Angebote aufbauen", D(2022, 1, 1), D(2023, 12, 31), DONE),
        Step("New Work in den Kommunen verankern", D(2024, 1, 1), D(2025, 12, 31), RUNNING),
    ),
    "LoRaWAN-Infrastruktur": (
        Step("Gateways in allen elf Kommunen", D(2023, 1, 1), D(2025, 6, 30), RUNNING),
        Step("Erste Sensoren für Umwelt und Gebäude", D(2025, 7, 1), D(2026, 12, 31), PLANNED),
    ),
    "E-Lastenrad-Sharing": (
        Step("Weitere Städte und Gemeinden anbinden", D(2024, 1, 1), D(2026, 12, 31), RUNNING),
    ),
    "Heimat 2.0 – regionaler Online-Marktplatz": (
        Step("Förderantrag der sieben Kommunen", D(2022, 3, 1), D(2022, 6, 30), DONE, POINT),
        Step("Marktplatz einrichten", D(2023, 1, 1), D(2024, 12, 31), DONE),
        Step("Händlerinnen und Händler gewinnen", D(2025, 1, 1), D(2026, 12, 31), RUNNING),
    ),
}


def load() -> list[str]:
    """Create the programmes once, then each region's plans once (when it has none yet)."""
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        created = _programmes()
        lines = [f"{created} Förderprogramme angelegt"] if created else []
        for slug, loader in (
            ("kreis-steinfurt", _load_steinfurt),
            ("kreis-coesfeld", _load_coesfeld),
            ("kreis-dithmarschen", _load_dithmarschen),
        ):
            region = Region.objects.filter(slug=slug).first()
            if region is not None and not Milestone.objects.filter(region=region).exists():
                loader(region)
                _record_versions(region)
                lines.append(f"Fahrplan, Personal und Finanzierung für {region.name} angelegt")
        for programme_id in FundingProgramme.objects.values_list("pk", flat=True):
            schedule_reminders(programme_id)  # for the planned applications just written
    return lines


def _coordinator(region: Region) -> object:
    membership = (
        Membership.objects.filter(region=region, role=Role.COORDINATOR).select_related("user").first()
    )
    return membership.user if membership else None


def _programmes() -> int:
    if FundingProgramme.objects.exists():
        return 0
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    soon = timezone.localdate() + datetime.timedelta(days=21)
    catalogue: tuple[tuple[dict[str, Any], list[tuple[D, str]]], ...] = (
        (
            {
                "name": "Smart Cities – Made in Germany",
                "funder": "Bund (BMWSB, früher BMI)",
                "funding_rate": Decimal(65),
                "description": "Modellprojekte Smart Cities: Kommunen und Kreise erproben Strategien und "
                "Maßnahmen der Digitalisierung. Steinfurts Strategie dient als Grundlage einer Bewerbung.",
                "eligible": "Strategien und Umsetzungsmaßnahmen von Städten, Gemeinden und Kreisen.",
                "keywords": "Smart Region, Datenplattform, IoT, Strategie, Verwaltung",
            },
            [(soon, "Interessenbekundung (Beispielfrist)")],
        ),
        (
            {
                "name": "Digitale Modellkommunen Schleswig-Holstein",
                "funder": "Land Schleswig-Holstein",
                "description": "Landeswettbewerb. Dithmarschen gewann im September 2020 und wird über zwei "
                "Jahre mit 100.000 Euro gefördert (Projekt „Dithmarschen Digital (DiDi)“).",
                "eligible": "Kreise, Städte und Gemeinden in Schleswig-Holstein.",
                "keywords": "Digitalisierungsstrategie, Beteiligung",
                "federal_states": ["SH"],
            },
            [],
        ),
        (
            {
                "name": "Smarte.Land.Regionen",
                "funder": "Bund (BMEL)",
                "funding_rate": Decimal(100),
                "description": "Modellvorhaben für digitale Lösungen im ländlichen Raum; in Coesfeld mit dem "
                "Schwerpunkt Coworking und New Work (Smarte Arbeit).",
                "eligible": "Landkreise im ländlichen Raum.",
                "keywords": "Coworking, New Work, ländlich, Arbeit",
            },
            [(soon + datetime.timedelta(days=90), "Beispielfrist")],
        ),
        (
            {
                "name": "Heimat 2.0",
                "funder": "Bund (BMI)",
                "funding_rate": Decimal(90),
                "description": "Digitale Lösungen für das Leben vor Ort; in Coesfeld ein gemeinsamer Antrag von "
                "sieben Kommunen für einen regionalen Online-Marktplatz.",
                "eligible": "Kommunen im ländlichen Raum, auch gemeinsam.",
                "keywords": "Marktplatz, Handel, Dorfmitte, Innenstadt, Ehrenamt",
            },
            [(soon + datetime.timedelta(days=200), "Beispielfrist")],
        ),
    )
    for data, deadlines in catalogue:
        programme = programmes.save_programme(
            region=steinfurt, actor=None, data={"federal_states": [], **data}, deadlines=deadlines
        )
        programme.is_example = True
        programme.save(update_fields=["is_example"])
    return len(catalogue)


# The demo writes its hand-checked figures directly and records one new version per project at the
# end (``_record_versions``); going through the services would record a version per row and make
# every ``load_demo`` (each browser test session and many tests run one) seconds slower.
# ``tests/test_demo.py`` checks that the result keeps every rule the services enforce.


def _plan_steps(
    project: Project, actor: object, steps: tuple[Step, ...], organisation: Organisation | None
) -> None:
    made: dict[str, Milestone] = {}
    for step in steps:
        made[step.title] = Milestone.objects.create(
            region_id=project.region_id,
            project=project,
            kind=step.kind,
            title=step.title,
            start=step.start,
            end=step.end,
            status=step.status,
            responsible_organisation=organisation,
            deliverable=step.deliverable,
        )
        made[step.title].depends_on.set([made[title] for title in step.after])


def _costs(project: Project, actor: object, years: range, investment: int, running: int) -> None:
    CostLine.objects.bulk_create(
        CostLine(
            region_id=project.region_id,
            project=project,
            year=year,
            investment=Decimal(investment if year == years.start else 0),
            running=Decimal(running),
        )
        for year in years
    )


def _source(project: Project, actor: object, **data: Any) -> None:
    FundingSource.objects.create(region_id=project.region_id, project=project, **data)


def _need(*, project: Project, actor: object, organisation: Organisation, year: int, fte: Decimal) -> None:
    PersonnelNeed.objects.create(
        region_id=project.region_id, project=project, organisation=organisation, year=year, fte=fte
    )


def _capacity(*, region: Region, actor: object, **data: Any) -> None:
    StaffCapacity.objects.create(region=region, **data)


def _record_versions(region: Region) -> None:
    actor = _coordinator(region)
    planned = Project.objects.filter(region=region).filter(
        Q(milestones__isnull=False) | Q(cost_lines__isnull=False) | Q(personnel_needs__isnull=False)
    )
    for project in planned.distinct():
        record_part_change(
            project=project, actor=actor, summary="Fahrplan, Personal und Finanzierung angelegt"
        )


def _note(project: Project, text: str = EXAMPLE_NOTE) -> None:
    note, _created = PlanNote.objects.get_or_create(project=project, defaults={"region": project.region})
    note.costs = text
    note.save(update_fields=["costs"])


def _programme(name: str) -> FundingProgramme:
    return FundingProgramme.objects.get(name=name)


def _load_steinfurt(region: Region) -> None:
    actor = _coordinator(region)
    buero = Organisation.objects.get(region=region, name=SR_BUERO)
    projects = {p.title: p for p in Project.objects.filter(region=region).select_related("lead_organisation")}
    for title, steps in STEINFURT_STEPS.items():
        project = projects[title]
        _plan_steps(project, actor, steps, project.lead_organisation or buero)
    smart_cities = _programme("Smart Cities – Made in Germany")
    for number, project in enumerate(p for p in projects.values() if p.title not in STEINFURT_STEPS):
        start = project.start_date or D(2024, 1, 1)
        end = project.end_date or D(start.year + 2, 12, 31)
        concept_end = start + datetime.timedelta(days=120)
        # The steps stand where the profile's status says: done, running, or not yet started.
        finished = project.status == ProjectStatus.COMPLETED
        started = finished or project.status == ProjectStatus.IN_PROGRESS
        _plan_steps(
            project,
            actor,
            (
                Step(
                    "Konzept",
                    start,
                    concept_end,
                    DONE if started else PLANNED,
                    deliverable="Konzept mit Zeit- und Kostenplan",
                ),
                Step(
                    "Umsetzung",
                    concept_end + datetime.timedelta(days=1),
                    end,
                    DONE if finished else RUNNING if started else PLANNED,
                    after=("Konzept",),
                ),
                Step(
                    "Abschluss und Übergabe in den Betrieb",
                    end,
                    end,
                    DONE if finished else PLANNED,
                    POINT,
                    after=("Umsetzung",),
                ),
            ),
            project.lead_organisation,
        )
        total = 25000 + 5000 * number
        _costs(project, actor, range(start.year, end.year + 1), total // 2, total // 10)
        if project.lead_organisation is not None and not finished:
            # Staff in the first year the project runs from 2026 on; none for a finished one.
            _need(
                project=project,
                actor=actor,
                organisation=project.lead_organisation,
                year=max(2026, start.year),
                fte=Decimal("0.25"),
            )
    for title, (years, investment, running, fte) in {
        "Service Innovation Lab (SIL)": (range(2025, 2028), 20000, 15000, "1.0"),
        "IoT für ein besseres Leben": (range(2025, 2028), 120000, 30000, "1.5"),
        "Digitale Mobilitätsorte": (range(2025, 2028), 250000, 20000, "0.5"),
        "Digitales Jugendzentrum": (range(2025, 2028), 40000, 25000, "1.0"),
        "Patenship.de / Digitale Teilhabe": (range(2025, 2028), 15000, 10000, "0.5"),
    }.items():
        project = projects[title]
        _costs(project, actor, years, investment, running)
        costs = resources.total_costs(project)
        owner = project.lead_organisation or buero
        for year in (2025, 2026, 2027):
            _need(project=project, actor=actor, organisation=owner, year=year, fte=Decimal(fte))
        _source(
            project,
            actor,
            kind=SourceKind.PROGRAMME,
            programme=smart_cities,
            amount=(costs * Decimal("0.65")).quantize(Decimal("1")),
            funding_rate=Decimal(65),
            status=SourceStatus.PLANNED,
        )
        _source(
            project,
            actor,
            kind=SourceKind.BUDGET,
            organisation=owner,
            budget_line="1.11.01 Digitalisierung",
            amount=(costs * Decimal("0.2")).quantize(Decimal("1")),
            status=SourceStatus.GRANTED,
            decided_on=D(2024, 12, 12),
        )
        _note(project)
    for year, filled, vacant in ((2025, "4.0", "0.0"), (2026, "4.0", "1.0"), (2027, "4.0", "1.0")):
        _capacity(
            region=region,
            actor=actor,
            organisation=buero,
            year=year,
            filled=Decimal(filled),
            vacant=Decimal(vacant),
            vacant_since=D(2026, 1, 1) if vacant != "0.0" else None,
            note="Beispielzahlen",
        )


def _load_coesfeld(region: Region) -> None:
    actor = _coordinator(region)
    projects = {p.title: p for p in Project.objects.filter(region=region).select_related("lead_organisation")}
    agency = Organisation.objects.get(region=region, name="Digitalagentur Kreis Coesfeld")
    wfc = Organisation.objects.get(region=region, name="wfc Wirtschaftsförderung Kreis Coesfeld GmbH")
    district = Organisation.objects.get(region=region, name="Kreis Coesfeld – Stabsstelle Kreisentwicklung")
    for title, steps in COESFELD_STEPS.items():
        project = projects[title]
        _plan_steps(project, actor, steps, project.lead_organisation or agency)
    slr = projects["Smarte.Land.Regionen"]
    _costs(slr, actor, range(2022, 2026), 60000, 110000)
    _source(
        slr,
        actor,
        kind=SourceKind.PROGRAMME,
        programme=_programme("Smarte.Land.Regionen"),
        amount=resources.total_costs(slr),
        funding_rate=Decimal(100),
        status=SourceStatus.GRANTED,
    )
    heimat = projects["Heimat 2.0 – regionaler Online-Marktplatz"]
    _costs(heimat, actor, range(2023, 2027), 80000, 12000)
    _source(
        heimat,
        actor,
        kind=SourceKind.PROGRAMME,
        programme=_programme("Heimat 2.0"),
        amount=Decimal(100800),
        funding_rate=Decimal(90),
        status=SourceStatus.GRANTED,
        applied_on=D(2022, 6, 30),
    )
    _source(
        heimat,
        actor,
        kind=SourceKind.OWN,
        amount=Decimal(11200),
        status=SourceStatus.GRANTED,
        note="Sieben Kommunen",
    )
    lorawan = projects["LoRaWAN-Infrastruktur"]
    _costs(lorawan, actor, range(2023, 2027), 150000, 20000)
    _source(
        lorawan,
        actor,
        kind=SourceKind.BUDGET,
        organisation=district,
        budget_line="Digitalisierung",
        amount=Decimal(120000),
        status=SourceStatus.GRANTED,
    )
    for project in (slr, heimat, lorawan):
        _note(project)
    for year in (2023, 2024, 2025):
        _need(project=slr, actor=actor, organisation=wfc, year=year, fte=Decimal(2))
        _need(project=lorawan, actor=actor, organisation=agency, year=year, fte=Decimal("0.5"))
        _need(project=heimat, actor=actor, organisation=district, year=year, fte=Decimal("0.5"))
        _capacity(
            region=region,
            actor=actor,
            organisation=wfc,
            year=year,
            filled=Decimal("0.5"),
            vacant=Decimal(2),
            vacant_since=D(2023, 6, 1),
            note="Beide Projektstellen Smarte.Land.Regionen seit Juni 2023 unbesetzt; Kernaufgaben übernimmt "
            "Mathias Raabe (Stellenumfang angenommen).",
        )
        _capacity(
            region=region,
            actor=actor,
            organisation=district,
            year=year,
            filled=Decimal("0.5"),
            vacant=Decimal(1),
            vacant_since=D(2023, 6, 1),
            note="Stelle Smart Region Koordination seit Juni 2023 unbesetzt; Kernaufgaben übernimmt "
            "Dr. Jürgen Grüner (Stellenumfang angenommen).",
        )


def _load_dithmarschen(region: Region) -> None:
    actor = _coordinator(region)
    staff = Organisation.objects.filter(region=region, name__startswith="Kreis Dithmarschen").first()
    project = Project.objects.filter(region=region, title=DIDI).first()
    if project is None:
        project = create_project(
            region=region,
            actor=actor,
            data={
                "title": DIDI,
                "summary": "Nach dem Gewinn im Landeswettbewerb „Digitale Modellkommunen Schleswig-Holstein“ im "
                "September 2020 hat die Kreisverwaltung das Projekt aufgesetzt: In zehn Monaten entsteht eine "
                "kreisweite Digitalisierungsstrategie, mit Online-Umfrage und Auftaktveranstaltung.",
                "lead_organisation": staff,
                "start_date": D(2021, 1, 1),
                "end_date": D(2022, 12, 31),
                "maturity": Maturity.CONCEPT,
            },
            status=ProjectStatus.IN_PROGRESS,
        )
    _plan_steps(
        project,
        actor,
        (
            Step("Kreisweite Digitalisierungsstrategie erarbeiten", D(2021, 1, 1), D(2021, 10, 31), DONE),
            Step("Online-Umfrage der Einwohnerinnen und Einwohner", D(2021, 3, 1), D(2021, 4, 30), DONE),
            Step(
                "Strategie beschließen",
                D(2021, 12, 31),
                D(2021, 12, 31),
                DONE,
                POINT,
                after=("Kreisweite Digitalisierungsstrategie erarbeiten",),
            ),
        ),
        staff,
    )
    _costs(project, actor, range(2021, 2023), 0, 50000)
    _source(
        project,
        actor,
        kind=SourceKind.PROGRAMME,
        programme=_programme("Digitale Modellkommunen Schleswig-Holstein"),
        amount=Decimal(100000),
        status=SourceStatus.GRANTED,
        note="Förderung des Landes über zwei Jahre, gewonnen im September 2020",
    )
    _note(project, "Die Aufteilung der 100.000 Euro auf die zwei Jahre ist angenommen.")
