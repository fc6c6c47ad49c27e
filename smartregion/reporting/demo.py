"""Demo monitoring: status updates and indicators for the selected projects of the demo regions, and
Coesfeld's status report to its committee, generated as PDF and DOCX and published.

Coesfeld's report follows its Sachstandsbericht (seed 002): last reported to the Ausschuss für
Finanzen, Wirtschaftsförderung und Kreisentwicklung on 13.09.2022; the Digitalagentur is an
established platform; the strategy is a living document; the lighthouse projects are
Smarte.Land.Regionen, wochenmarkt24, kommit!, the LoRaWAN infrastructure and the e-cargo-bike
sharing; the two project posts of Smarte.Land.Regionen and the Smart Region coordination have been
vacant since June 2023. The meeting date, progress figures and measurements are examples.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smartregion.accounts.models import Membership, Role, User
from smartregion.portfolio.models import PUBLIC_STATUSES, Project
from smartregion.regions.models import Region
from smartregion.reporting import generation
from smartregion.reporting.models import Indicator, Measurement, StatusReport, StatusUpdate, Traffic

D = datetime.date
GREEN, YELLOW, RED = Traffic.GREEN, Traffic.YELLOW, Traffic.RED
COMMITTEE = "Ausschuss für Finanzen, Wirtschaftsförderung und Kreisentwicklung"

# Coesfeld's lighthouse projects, as the seed describes them: (title, [(day, traffic, progress, text)]).
COESFELD: dict[str, list[tuple[D, str, int, str]]] = {
    "LoRaWAN-Infrastruktur": [
        (D(2022, 11, 15), GREEN, 20, "Standorte der Gateways mit den Kommunen abgestimmt."),
        (
            D(2023, 6, 30),
            GREEN,
            45,
            "Die kreisweite LoRaWAN-Infrastruktur ist im Aufbau; erste Gateways senden.",
        ),
    ],
    "E-Lastenrad-Sharing": [
        (D(2022, 10, 1), GREEN, 40, "Digitales E-Lastenrad-Sharing in den ersten Städten und Gemeinden."),
        (
            D(2023, 7, 15),
            GREEN,
            70,
            "Das Sharing ist in immer mehr kreisangehörigen Städten und Gemeinden etabliert.",
        ),
    ],
    "wochenmarkt24": [
        (D(2023, 3, 1), GREEN, 60, "Die Direktvermarktungsplattform wurde über das LoReNa-Projekt gewonnen."),
    ],
    "kommit! / Bürgerlabor Mobiles Münsterland": [
        (D(2023, 5, 10), GREEN, 55, "Mobilitätsangebote über das Projekt „Bürgerlabor Mobiles Münsterland“."),
    ],
    "Smarte.Land.Regionen": [
        (D(2022, 12, 1), GREEN, 35, "Modellvorhaben mit dem Schwerpunkt Coworking und New Work läuft."),
        (
            D(2023, 8, 31),
            RED,
            40,
            "Seit Juni 2023 sind beide Projektstellen Smarte.Land.Regionen und die Stelle Smart Region "
            "Koordination vakant. Kernaufgaben übernehmen Mathias Raabe und Dr. Jürgen Grüner; "
            "naturgemäß nur eingeschränkt.",
        ),
    ],
}
SUMMARY = """Über den Sachstand der kreisweiten Digitalisierungsstrategie, der gemeinsamen Digitalagentur \
sowie des Modellvorhabens Smarte.Land.Regionen wurde zuletzt im Ausschuss am 13.09.2022 berichtet.

- Die Digitalagentur ist eine etablierte Plattform für eine kreisweit abgestimmte Umsetzung der \
Digitalisierungsstrategie; Inhouse-Seminare und Schulungen haben den gemeinsamen Kompetenzaufbau \
vorangetrieben.
- Die Digitalisierungsstrategie bleibt der Orientierungsrahmen. Sie ist ein „lebendes Dokument“, das \
immer wieder durch neue Projekte ergänzt werden kann.
- Leuchtturmprojekte sind das Modellvorhaben Smarte.Land.Regionen, wochenmarkt24, die kommit!-\
Mobilitätsangebote, die LoRaWAN-Infrastruktur und das E-Lastenrad-Sharing.
- Deutlich erschwert wird die Arbeit durch die Personalsituation: Seit Juni 2023 sind die beiden \
Projektstellen Smarte.Land.Regionen und die Stelle Smart Region Koordination vakant.
"""
GENERIC = [
    (GREEN, 15, "Projektteam gebildet, Zeitplan abgestimmt."),
    (GREEN, 35, "Anforderungen erhoben; die Ausschreibung ist vorbereitet."),
    (YELLOW, 50, "Lieferverzug bei der Hardware; der Zeitplan wird angepasst."),
]


def load() -> list[str]:
    lines = []
    with transaction.atomic():
        for region in Region.objects.filter(
            slug__in=("kreis-steinfurt", "kreis-coesfeld", "kreis-dithmarschen")
        ):
            if StatusUpdate.objects.filter(region=region).exists():
                continue
            count = _updates(region)
            _indicators(region)
            lines.append(f"{count} Statusmeldungen und Indikatoren für {region.name} angelegt")
    coesfeld = Region.objects.filter(slug="kreis-coesfeld").first()
    if coesfeld is not None and not StatusReport.objects.filter(region=coesfeld).exists():
        report = _coesfeld_report(coesfeld)
        if generation.generate(report.pk):
            StatusReport.objects.filter(pk=report.pk).update(published_at=timezone.now())
            lines.append(
                f"Sachstandsbericht „{report.title}“ für {coesfeld.name} erstellt und veröffentlicht"
            )
    return lines


def _author(region: Region) -> tuple[User | None, str]:
    membership = (
        Membership.objects.filter(region=region, role=Role.COORDINATOR).select_related("user").first()
    )
    if membership is None:
        return None, ""
    return membership.user, membership.user.get_full_name() or membership.user.email


def _updates(region: Region) -> int:
    author, name = _author(region)
    today = timezone.localdate()
    rows: list[StatusUpdate] = []
    projects = Project.objects.filter(region=region, status__in=PUBLIC_STATUSES).order_by("title", "pk")
    for number, project in enumerate(projects):
        history = COESFELD.get(project.title) if region.slug == "kreis-coesfeld" else None
        if history is None:
            steps = GENERIC[: 1 + number % 3]
            history = [
                (today - datetime.timedelta(days=30 * (len(steps) - i) + number % 20), *step)
                for i, step in enumerate(steps)
            ]
            if number % 7 == 3:  # one in seven has not reported for long: overdue
                history = [(today - datetime.timedelta(days=200), *GENERIC[0])]
        elif region.slug == "kreis-coesfeld":
            last = history[-1]
            history = [
                *history,
                (today - datetime.timedelta(days=10 + number), last[1], last[2] + 5, last[3]),
            ]
        rows.extend(
            StatusUpdate(
                region=region,
                project=project,
                reported_on=day,
                traffic=traffic,
                progress=min(progress, 100),
                text=text,
                author=author,
                author_name=name,
            )
            for day, traffic, progress, text in history
        )
    StatusUpdate.objects.bulk_create(rows)
    return len(rows)


def _indicators(region: Region) -> None:
    today = timezone.localdate()
    projects = list(
        Project.objects.filter(region=region, status__in=PUBLIC_STATUSES).order_by("title", "pk")[:6]
    )
    for number, project in enumerate(projects):
        indicator = Indicator.objects.create(
            region=region,
            project=project,
            name="Nutzende pro Monat" if number % 2 else "Angeschlossene Kommunen",
            unit="Anzahl",
            baseline=Decimal(0),
            target=Decimal(400 if number % 2 else 11),
            description="Beispielwerte für die Demo.",
        )
        step = Decimal(60 if number % 2 else 2)
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                measured_on=today - datetime.timedelta(days=90 * (4 - month)),
                value=step * (month + 1),
            )
            for month in range(4 - number % 2)
        )


def _coesfeld_report(region: Region) -> StatusReport:
    author, _name = _author(region)
    return StatusReport.objects.create(
        region=region,
        title="Sachstandsbericht Digitalisierungsstrategie und Digitalagentur",
        committee=COMMITTEE,
        meeting_date=D(2023, 9, 19),
        period_start=D(2022, 9, 14),
        period_end=D(2023, 8, 31),
        summary=SUMMARY,
        created_by=author,
    )
