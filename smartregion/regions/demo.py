"""Demo regions from the seed documents: Kreis Steinfurt, Kreis Coesfeld, Kreis Dithmarschen."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from smartregion.regions import services
from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    name: str
    federal_state: str
    official_key: str
    description: str
    municipalities: tuple[tuple[str, str], ...]  # (name, AGS or "")
    organisations: tuple[tuple[str, str], ...]  # (name, kind)


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
        regions.append(region)
    return regions


def load_summary() -> list[str]:
    """``load`` for ``load_demo``: the demo regions, with a line per region to print."""
    return [f"{region.name}: {region.municipalities.count()} Kommunen" for region in load()]
