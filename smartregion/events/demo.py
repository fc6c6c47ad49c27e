"""Demo data for Veranstaltungen from the seed documents; idempotent.

Dithmarschen's kick-off (seed 003), Coesfeld's three field workshops with their attendance
(seed 004), Steinfurt's six online field workshops (seed 001), and one upcoming information
evening with free seats, dated relative to today so it stays upcoming.
Where a seed gives only the month, the day is a stand-in and the description says so.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from smartregion.events import services
from smartregion.events.models import Event, EventKind
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Phase

BERLIN = ZoneInfo("Europe/Berlin")
ONLINE = "https://konferenz.smartregion.example/raum/"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _phase(region: Region, name: str) -> Phase | None:
    return Phase.objects.filter(strategy__region=region, name=name).first()


def _fields(region: Region, *names: str) -> list[FieldOfAction]:
    return list(FieldOfAction.objects.filter(strategy__region=region, name__in=names))


def _event(region: Region, title: str, **data: Any) -> None:
    if Event.objects.filter(region=region, title=title).exists():
        return
    services.create_event(region=region, actor=None, title=title, **data)


def _dithmarschen(region: Region) -> None:
    day = datetime.date(2021, 10, 28)
    _event(
        region,
        "Auftaktveranstaltung „Dithmarschen Digital“",
        kind=EventKind.KICKOFF,
        description=(
            "Eine erste Auftaktveranstaltung für Bürger*innen, bei der umfassend über die kreisweite "
            "Digitalisierungsstrategie informiert wird und Gelegenheit zur Entwicklung von konkreten Ideen "
            "für die Digitalisierung besteht."
        ),
        start=_at(day, 18),
        end=_at(day, 20),
        place="BerufsBildungsZentrum Heide",
        address="Rungholtstraße 2 c, 25746 Heide",
        registration_deadline=_at(datetime.date(2021, 10, 25), 23, 59),
        conditions="Für die Teilnahme gilt die 3G-Regel [geimpft, getestet (max. 24 Stunden) oder genesen].",
        phase=_phase(region, "Vision und Handlungsfelder"),
    )


COESFELD_WORKSHOPS = (
    (
        "Themenfeld-Workshop „Mobilität“",
        "Mobilität",
        (datetime.date(2020, 2, 19), 9, 17),
        30,
        "Ganztagesworkshop mit Expertinnen und Experten der Digitalisierung, des Fachgebiets und der "
        "Region: Zielvorstellung diskutieren und konkrete Projekte entwickeln.",
        "",
    ),
    (
        "Digitaler Themenfeld-Workshop „Wirtschaft“",
        "Wirtschaft",
        (datetime.date(2020, 6, 3), 10, 12),
        23,
        "Wegen des Lockdowns in den digitalen Raum verschoben: im Juni 2020 drei Videomeetings mit zwei "
        "Phasen dezentralen Arbeitens dazwischen (Termin des ersten Videomeetings).",
        ONLINE + "wirtschaft",
    ),
    (
        "Digitaler Themenfeld-Workshop „Innenstadt/Dorfmitte“",
        "Innenstadt/Dorfmitte",
        (datetime.date(2020, 6, 4), 14, 16),
        34,
        "Wegen des Lockdowns in den digitalen Raum verschoben: im Juni 2020 drei Videomeetings mit zwei "
        "Phasen dezentralen Arbeitens dazwischen (Termin des ersten Videomeetings).",
        ONLINE + "innenstadt",
    ),
)


def _coesfeld(region: Region) -> None:
    phase = _phase(region, "Projektentwicklung")
    for title, field, (day, begin, finish), attendance, description, link in COESFELD_WORKSHOPS:
        _event(
            region,
            title,
            kind=EventKind.WORKSHOP,
            description=description,
            start=_at(day, begin),
            end=_at(day, finish),
            place="" if link else "Kreishaus Coesfeld",
            online_url=link,
            fields=_fields(region, field),
            phase=phase,
            attendance_count=attendance,
            registration_enabled=False,
        )


STEINFURT_FIELDS = (
    ("Verwaltung", datetime.date(2021, 12, 7)),
    ("Klimaschutz und Nachhaltigkeit", datetime.date(2021, 12, 14)),
    ("Demografie", datetime.date(2022, 1, 18)),
    ("Mobilität", datetime.date(2022, 1, 25)),
    ("Bevölkerungsschutz und Gesundheit", datetime.date(2022, 2, 8)),
    ("Infrastruktur und Standort", datetime.date(2022, 2, 15)),
)


def _steinfurt(region: Region) -> None:
    phase = _phase(region, "Projektentwicklung")
    for field, day in STEINFURT_FIELDS:
        _event(
            region,
            f"Online-Handlungsfeldworkshop „{field}“",
            kind=EventKind.WORKSHOP,
            description=(
                "Einer von sechs Online-Handlungsfeldworkshops (Dezember 2021 bis Februar 2022): Expertinnen "
                "und Experten der Kreisverwaltung, Vertreter/innen der Städte und Gemeinden sowie Politik, "
                "Bevölkerung, Wirtschaft und Verbände entwickeln Projektideen. Der Tag ist ein Platzhalter."
            ),
            start=_at(day, 15),
            end=_at(day, 18),
            online_url=ONLINE + f"handlungsfeld-{day:%m%d}",
            fields=_fields(region, field),
            phase=phase,
            capacity=40,
            registration_enabled=False,
        )
    day = timezone.localdate() + datetime.timedelta(days=30)
    _event(
        region,
        "Informationsabend: Wie geht es weiter mit der Smart Region?",
        kind=EventKind.INFORMATION,
        description=(
            "Das Smart Region Büro stellt den Stand der Leit- und Potenzialprojekte vor und beantwortet Fragen. "
            "Bringen Sie Ihre Ideen mit!"
        ),
        start=_at(day, 18),
        end=_at(day, 20),
        place="Kreishaus Steinfurt, Sitzungssaal",
        address="Tecklenburger Straße 10, 48565 Steinfurt",
        capacity=60,
        registration_deadline=_at(day - datetime.timedelta(days=2), 23, 59),
        questions=["Aus welcher Kommune kommen Sie?", "Welches Thema interessiert Sie besonders?"],
        double_opt_in=True,
        fields=_fields(region, "Verwaltung", "Mobilität"),
        phase=_phase(region, "Umsetzungsplanung"),
    )


def load() -> None:
    """Load the demo data of this app."""
    loaders = {
        "kreis-dithmarschen": _dithmarschen,
        "kreis-coesfeld": _coesfeld,
        "kreis-steinfurt": _steinfurt,
    }
    with transaction.atomic():
        for slug, loader in loaders.items():
            region = Region.objects.filter(slug=slug).first()
            if region is not None:
                loader(region)
