"""Demo regions from the seed documents: Kreis Steinfurt, Kreis Coesfeld, Kreis Dithmarschen."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from smartregion.regions import legal, services
from smartregion.regions.models import (
    AssessmentMethod,
    Compliance,
    LegalDetails,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
)

# Contact addresses of the demo regions are the demo's own (they reach nobody); postal addresses,
# telephone exchanges and the people named are those of the seeds or of the districts' own pages.
DEMO_MAIL = "demo.smartregion.example"
MUENSTER_SUPERVISION = "Bezirksregierung Münster (Kommunalaufsicht), Domplatz 1–3, 48143 Münster"


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    name: str
    federal_state: str
    official_key: str
    description: str
    municipalities: tuple[tuple[str, str], ...]  # (name, AGS or "")
    organisations: tuple[tuple[str, str], ...]  # (name, kind)
    legal: dict[str, Any] = field(default_factory=dict)  # fields of LegalDetails


def _alphabetical_keys(district_key: str, names: list[str]) -> tuple[tuple[str, str], ...]:
    # In both NRW districts the municipality numbers run alphabetically in steps of four.
    return tuple((name, f"{district_key}{4 * (i + 1):03d}") for i, name in enumerate(names))


STEINFURT = DemoRegion(
    slug="kreis-steinfurt",
    name="Kreis Steinfurt",
    federal_state="NW",
    official_key="05566",
    description=(
        "Mit der interkommunalen Digitalisierungsstrategie haben sich der Kreis Steinfurt und die "
        "24 Städte und Gemeinden den Rahmen gesteckt, um gemeinsam die Transformation hin zu einer "
        "Smart Region zu gestalten. Der Kreistag hat dem Strategiepapier mit seinen 31 Leit- und "
        "Potenzialprojekten am 20.06.2022 zugestimmt. Das Smart Region Büro koordiniert den Prozess."
    ),
    municipalities=_alphabetical_keys(
        "05566",
        [
            "Altenberge",
            "Emsdetten",
            "Greven",
            "Hörstel",
            "Hopsten",
            "Horstmar",
            "Ibbenbüren",
            "Ladbergen",
            "Laer",
            "Lengerich",
            "Lienen",
            "Lotte",
            "Metelen",
            "Mettingen",
            "Neuenkirchen",
            "Nordwalde",
            "Ochtrup",
            "Recke",
            "Rheine",
            "Saerbeck",
            "Steinfurt",
            "Tecklenburg",
            "Westerkappeln",
            "Wettringen",
        ],
    ),
    organisations=(
        ("Kreis Steinfurt – Smart Region Büro", OrganisationKind.DISTRICT_ADMINISTRATION),
        (
            "Kreis Steinfurt – Amt für Planung, Naturschutz und Mobilität",
            OrganisationKind.DISTRICT_ADMINISTRATION,
        ),
        ("Universität Münster – Forschung zur digitalen Mittelstadt", OrganisationKind.UNIVERSITY),
        ("FH Münster – Fachbereich Energie und Umwelt", OrganisationKind.UNIVERSITY),
        ("Universität Siegen – Lehrstuhl für Wirtschaftsinformatik", OrganisationKind.UNIVERSITY),
        ("Stadtwerke im Kreis Steinfurt (Arbeitsgruppe IoT)", OrganisationKind.UTILITY),
        ("Jugendämter im Kreis Steinfurt", OrganisationKind.OTHER),
    ),
    legal={
        "representative": "Landrat Dr. Martin Sommer",
        "street": "Tecklenburger Straße 10",
        "postal_code": "48565",
        "city": "Steinfurt",
        "phone": "02551 69-0",
        "email": f"kontakt.steinfurt@{DEMO_MAIL}",
        "supervisory_authority": MUENSTER_SUPERVISION,
        "content_responsible": "David Sossna, Smart Region Koordinator, Smart Region Büro Kreis Steinfurt, "
        "Tecklenburger Straße 10, 48565 Steinfurt",
        "dpo_name": "Datenschutzbeauftragte des Kreises Steinfurt",
        "dpo_email": f"datenschutz.steinfurt@{DEMO_MAIL}",
        "feedback_contact": "Smart Region Büro Kreis Steinfurt",
        "feedback_email": f"barrierefreiheit.steinfurt@{DEMO_MAIL}",
        "feedback_phone": "02551 69-0",
        "statement_date": datetime.date(2022, 9, 1),
        "last_review": datetime.date(2026, 6, 15),
    },
)

COESFELD = DemoRegion(
    slug="kreis-coesfeld",
    name="Kreis Coesfeld",
    federal_state="NW",
    official_key="05558",
    description=(
        "„Coesfeld 12.0 – Im Kreis gemeinsam digital“: die gemeinsame Digitalisierungsstrategie des "
        "Kreises und aller elf Städte und Gemeinden mit Leitbild, Zielen, Prioritäten und Projekten. "
        "Die Digitalagentur ist die Plattform für ihre kreisweit abgestimmte Umsetzung; die Strategie "
        "ist ein lebendes Dokument."
    ),
    municipalities=_alphabetical_keys(
        "05558",
        [
            "Ascheberg",
            "Billerbeck",
            "Coesfeld",
            "Dülmen",
            "Havixbeck",
            "Lüdinghausen",
            "Nordkirchen",
            "Nottuln",
            "Olfen",
            "Rosendahl",
            "Senden",
        ],
    ),
    organisations=(
        ("Kreis Coesfeld – Stabsstelle Kreisentwicklung", OrganisationKind.DISTRICT_ADMINISTRATION),
        ("wfc Wirtschaftsförderung Kreis Coesfeld GmbH", OrganisationKind.COMPANY),
        ("Digitalagentur Kreis Coesfeld", OrganisationKind.OTHER),
        ("Universität Siegen – Lehrstuhl für Wirtschaftsinformatik", OrganisationKind.UNIVERSITY),
    ),
    legal={
        "representative": "Landrat Dr. Christian Schulze Pellengahr",
        "street": "Friedrich-Ebert-Straße 7",
        "postal_code": "48653",
        "city": "Coesfeld",
        "phone": "02541 18-0",
        "email": f"kontakt.coesfeld@{DEMO_MAIL}",
        "supervisory_authority": MUENSTER_SUPERVISION,
        "content_responsible": "Stabsstelle Kreisentwicklung beim Landrat, Friedrich-Ebert-Straße 7, "
        "48653 Coesfeld",
        "dpo_name": "Datenschutzbeauftragter des Kreises Coesfeld",
        "dpo_email": f"datenschutz.coesfeld@{DEMO_MAIL}",
        "feedback_contact": "Digitalagentur Kreis Coesfeld",
        "feedback_email": f"barrierefreiheit.coesfeld@{DEMO_MAIL}",
        "feedback_phone": "02541 18-0",
        "statement_date": datetime.date(2021, 7, 1),
        "last_review": datetime.date(2026, 3, 2),
    },
)

DITHMARSCHEN = DemoRegion(
    slug="kreis-dithmarschen",
    name="Kreis Dithmarschen",
    federal_state="SH",
    official_key="01051",
    description=(
        "„Dithmarschen Digital (DiDi)“: Nach dem Gewinn im Landeswettbewerb „Digitale Modellkommunen "
        "Schleswig-Holstein“ erarbeitet der Kreis mit Ämtern, Städten und Gemeinden eine kreisweite "
        "Digitalisierungsstrategie. Das Land fördert das Vorhaben über zwei Jahre mit 100.000 Euro."
    ),
    municipalities=(
        ("Heide", ""),
        ("Brunsbüttel", ""),
        ("Meldorf", ""),
        ("Marne", ""),
        ("Wesselburen", ""),
        ("Büsum", ""),
        ("Amt Büsum-Wesselburen", ""),
        ("Amt Burg-Sankt Michaelisdonn", ""),
        ("Amt Eider", ""),
        ("Amt Heider Umland", ""),
        ("Amt Marne-Nordsee", ""),
        ("Amt Mitteldithmarschen", ""),
    ),
    organisations=(
        (
            "Kreis Dithmarschen – Stabsstelle Digitalisierung, IT und Organisationsmanagement",
            OrganisationKind.DISTRICT_ADMINISTRATION,
        ),
        ("BerufsBildungsZentrum Dithmarschen", OrganisationKind.OTHER),
    ),
    legal={
        "representative": "Der Landrat des Kreises Dithmarschen",
        "street": "Stettiner Straße 30",
        "postal_code": "25746",
        "city": "Heide",
        "phone": "0481 97-0",
        "email": f"kontakt.dithmarschen@{DEMO_MAIL}",
        "supervisory_authority": "Ministerium für Inneres, Kommunales, Wohnen und Sport des Landes "
        "Schleswig-Holstein (Kommunalaufsicht), Kiel",
        "content_responsible": "Dennis Janke, Leiter der Stabsstelle Digitalisierung, IT und "
        "Organisationsmanagement, Stettiner Straße 30, 25746 Heide",
        "dpo_name": "Datenschutzbeauftragte des Kreises Dithmarschen",
        "dpo_email": f"datenschutz.dithmarschen@{DEMO_MAIL}",
        "feedback_contact": "Stabsstelle Digitalisierung, IT und Organisationsmanagement",
        "feedback_email": f"barrierefreiheit.dithmarschen@{DEMO_MAIL}",
        "feedback_phone": "0481 97-0",
        "statement_date": datetime.date(2021, 10, 1),
        "last_review": datetime.date(2026, 9, 1),
    },
)

DEMO_REGIONS = (STEINFURT, COESFELD, DITHMARSCHEN)


@transaction.atomic
def load() -> list[Region]:
    """Create or complete the three demo regions; running it again changes nothing."""
    regions = []
    for demo in DEMO_REGIONS:
        region = Region.objects.filter(slug=demo.slug).first() or services.create_region(
            name=demo.name,
            slug=demo.slug,
            federal_state=demo.federal_state,
            official_key=demo.official_key,
            description=demo.description,
        )
        existing = set(Municipality.objects.filter(region=region).values_list("name", flat=True))
        for name, ags in demo.municipalities:
            if name not in existing:
                services.create_municipality(region=region, name=name, ags=ags)
        existing = set(Organisation.objects.filter(region=region).values_list("name", flat=True))
        for name, kind in demo.organisations:
            if name not in existing:
                services.create_organisation(region=region, name=name, kind=kind)
        _fill_legal_details(region, demo)
        regions.append(region)
    return regions


def _fill_legal_details(region: Region, demo: DemoRegion) -> None:
    """The region's legal pages, complete; once (a coordinator's later edits stay)."""
    if LegalDetails.objects.filter(region=region).exclude(street="").exists():
        return
    services.update_legal_details(
        region=region,
        actor=None,
        data={
            **demo.legal,
            "compliance": Compliance.PARTIAL,
            "assessment_method": AssessmentMethod.SELF,
        },
        barriers=[dict(item) for item in legal.PLATFORM_BARRIERS],
    )


def load_summary() -> list[str]:
    """``load`` for ``load_demo``: the demo regions, with a line per region to print."""
    return [f"{region.name}: {region.municipalities.count()} Kommunen" for region in load()]
