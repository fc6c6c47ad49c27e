"""Demo projects: Steinfurt's projects from the seed plus examples up to 31, Coesfeld's lighthouses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings

from smartregion.accounts.models import Membership, Role
from smartregion.ideas import services as idea_services
from smartregion.ideas.models import Idea
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services import projects as services
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction

D = datetime.date
SR_BUERO = "Kreis Steinfurt – Smart Region Büro"


@dataclass(frozen=True)
class DemoProject:
    title: str
    fields: tuple[str, ...]
    summary: str
    status: str = ProjectStatus.POTENTIAL
    lead: str = ""
    lead_person: str = ""
    partners: str = ""
    municipalities: tuple[str, ...] = ()
    start: D | None = None
    end: D | None = None
    example: bool = False


STEINFURT_SEED = (
    DemoProject(
        "Service Innovation Lab (SIL)",
        ("Verwaltung",),
        "Durch die fortlaufende Digitalisierung der internen Prozesse und Fachverfahren entsteht Raum, um die "
        "Verwaltungsarbeit auch über die technischen Aspekte hinaus innovativer, moderner und serviceorientierter "
        "zu gestalten. Eine Gruppe kreativer Köpfe entwickelt in der Arbeitsgruppe „Service Innovation Lab“ Ideen "
        "und Szenarien und daraus Konzepte, die in die Umsetzung gebracht werden.",
        ProjectStatus.IN_PROGRESS,
        SR_BUERO,
        "David Sossna, Smart Region Koordinator",
        "Team der Universität Münster, das die digitale Mittelstadt der Zukunft erforscht",
        start=D(2022, 9, 1),
    ),
    DemoProject(
        "IoT für ein besseres Leben",
        ("Infrastruktur und Standort", "Klimaschutz und Nachhaltigkeit"),
        "Datenbasierte Geschäftsmodelle in den Bereichen Energie, Wasser, Mobilität sowie Ver- und Entsorgung "
        "bringen Klimaschutz und Nachhaltigkeit mit spürbaren Mehrwerten für Bürgerinnen und Bürger in Einklang. "
        "Die Basis liefern urbane Datenplattformen; eine Gruppe aus Stadtwerken, Kreisverwaltung und Kommunen "
        "erarbeitet mit technischen Dienstleistern Szenarien für ihren Betrieb im Kreis.",
        ProjectStatus.IN_PROGRESS,
        SR_BUERO,
        "Steffen Mantke, Digitalisierungskoordinator",
        "Stadtwerke, Kreisverwaltung, Verwaltungen der Städte und Gemeinden, technische Dienstleister, "
        "FH Münster (Fachbereich Energie und Umwelt)",
        start=D(2022, 10, 1),
    ),
    DemoProject(
        "Digitale Mobilitätsorte",
        ("Mobilität",),
        "Mobilstationen verknüpfen Zug, Carsharing und Leihrad an einem Ort. Das Amt für Planung, Naturschutz "
        "und Mobilität koordiniert ihren Aufbau für die 24 Städte und Gemeinden; das Smart Region Büro gibt "
        "Impulse, wie die Stationen in einer digitalen Welt smart gedacht und betrieben werden können.",
        ProjectStatus.IN_PROGRESS,
        "Kreis Steinfurt – Amt für Planung, Naturschutz und Mobilität",
        partners="Smart Region Büro, 24 Städte und Gemeinden",
    ),
    DemoProject(
        "Digitales Jugendzentrum",
        ("Demografie",),
        "Digitale Medien erreichen junge Menschen besser, binden sie aktiv ein und fördern Inklusion. Kommunen "
        "und Akteure der Kinder- und Jugendarbeit schaffen die Rahmenbedingungen, um die Jugendarbeit im Kreis "
        "in die digitale Welt zu heben und digitale mit analogen Angeboten sinnvoll zu verknüpfen.",
        ProjectStatus.LEAD,
        SR_BUERO,
        partners="Die fünf Jugendämter im Kreis, Jugendhilfeträger, Jugendverbände und Vereine",
    ),
    DemoProject(
        "Patenship.de / Digitale Teilhabe",
        ("Demografie",),
        "Digitale und analoge Möglichkeiten verbinden, um Menschen miteinander in Verbindung zu bringen und "
        "Hilfesuchende und Helfende zusammenzuführen – für die aktive Teilhabe aller an einer zunehmend "
        "digitalen Gesellschaft, gerade für Menschen, die unter Einsamkeit leiden.",
        ProjectStatus.LEAD,
        SR_BUERO,
        partners="Kreisverwaltung, Städte und Gemeinden, Wohlfahrtsverbände, Vereine und Ehrenamt",
    ),
)

_EXAMPLES = (
    ("Online-Terminvergabe in allen Bürgerbüros", "Verwaltung"),
    ("E-Akte in den Rathäusern", "Verwaltung"),
    ("Digitaler Bauantrag", "Verwaltung"),
    ("Interkommunales Open-Data-Portal", "Verwaltung"),
    ("Digitale Sitzungsarbeit für Räte und Ausschüsse", "Verwaltung"),
    ("Energiemonitoring kommunaler Gebäude", "Klimaschutz und Nachhaltigkeit"),
    ("Klimadashboard für den Kreis", "Klimaschutz und Nachhaltigkeit"),
    ("Smarte Straßenbeleuchtung", "Klimaschutz und Nachhaltigkeit"),
    ("Sensorik für Starkregen und Hochwasser", "Klimaschutz und Nachhaltigkeit"),
    ("Digitale Sprechstunden für Seniorinnen und Senioren", "Demografie"),
    ("Digitallotsen in den Kommunen", "Demografie"),
    ("Ehrenamtsbörse online", "Demografie"),
    ("On-Demand-Bus im ländlichen Raum", "Mobilität"),
    ("Mitfahrplattform für Pendelnde", "Mobilität"),
    ("Digitale Parkraumsteuerung in Innenstädten", "Mobilität"),
    ("Kreisweites Radverkehrsnetz mit Zählstellen", "Mobilität"),
    ("Telemedizin in Pflegeeinrichtungen", "Bevölkerungsschutz und Gesundheit"),
    ("Digitale Einsatzunterstützung im Bevölkerungsschutz", "Bevölkerungsschutz und Gesundheit"),
    ("Warn-App-Integration in kommunale Kanäle", "Bevölkerungsschutz und Gesundheit"),
    ("Digitale Gesundheitsregion", "Bevölkerungsschutz und Gesundheit"),
    ("Coworking-Spaces in Ortszentren", "Infrastruktur und Standort"),
    ("Öffentliches WLAN an zentralen Orten", "Infrastruktur und Standort"),
    ("Gewerbeflächen-Kataster online", "Infrastruktur und Standort"),
    ("Digitale Leerstandsbörse", "Infrastruktur und Standort"),
    ("LoRaWAN-Netz für Stadtwerke und Kommunen", "Infrastruktur und Standort"),
    ("Digitaler Wochenmarkt", "Infrastruktur und Standort"),
)
_MUNICIPALITIES = (
    "Greven",
    "Rheine",
    "Ibbenbüren",
    "Emsdetten",
    "Lengerich",
    "Ochtrup",
    "Steinfurt",
    "Mettingen",
)

STEINFURT_EXAMPLES = tuple(
    DemoProject(
        title,
        (field,),
        f"Beispielprojekt im Handlungsfeld {field}: {title}. Ausgedachter Steckbrief für die Demo; "
        "er zeigt, wie ein Projekt aus dem Strategiepapier auf der Plattform beschrieben wird.",
        ProjectStatus.LEAD if i % 3 == 0 else ProjectStatus.POTENTIAL,
        SR_BUERO if i % 2 == 0 else "",
        municipalities=(_MUNICIPALITIES[i % len(_MUNICIPALITIES)],),
        start=D(2023, 1 + i % 12, 1),
        end=D(2025, 1 + i % 12, 28),
        example=True,
    )
    for i, (title, field) in enumerate(_EXAMPLES)
)

COESFELD_PROJECTS = (
    DemoProject(
        "Smarte.Land.Regionen",
        ("Wirtschaft",),
        "Modellvorhaben mit dem Schwerpunktthema Coworking und New Work: Entwicklung und Umsetzung digitaler "
        "Lösungen im Bereich Smarte Arbeit.",
        ProjectStatus.IN_PROGRESS,
        "wfc Wirtschaftsförderung Kreis Coesfeld GmbH",
        "Mathias Raabe",
    ),
    DemoProject(
        "wochenmarkt24",
        ("Innenstadt/Dorfmitte",),
        "Über das LoReNa-Projekt für das Münsterland gewonnene Direktvermarktungsplattform für regionale "
        "Erzeugerinnen und Erzeuger.",
        ProjectStatus.IN_PROGRESS,
        "wfc Wirtschaftsförderung Kreis Coesfeld GmbH",
    ),
    DemoProject(
        "kommit! / Bürgerlabor Mobiles Münsterland",
        ("Mobilität",),
        "Mobilitätsangebote von kommit! aus dem Projekt „Bürgerlabor Mobiles Münsterland“.",
        ProjectStatus.IN_PROGRESS,
    ),
    DemoProject(
        "LoRaWAN-Infrastruktur",
        ("Verwaltung", "Wirtschaft"),
        "Kreisweites Funknetz (LoRaWAN) für Sensoren, im Aufbau: Grundlage für Messungen von Umwelt, Verkehr "
        "und Gebäuden in allen elf Städten und Gemeinden.",
        ProjectStatus.IN_PROGRESS,
        "Digitalagentur Kreis Coesfeld",
    ),
    DemoProject(
        "E-Lastenrad-Sharing",
        ("Mobilität",),
        "Digitales E-Lastenrad-Sharing, in immer mehr kreisangehörigen Städten und Gemeinden etabliert.",
        ProjectStatus.IN_PROGRESS,
        municipalities=("Coesfeld", "Dülmen", "Senden"),
    ),
    DemoProject(
        "Heimat 2.0 – regionaler Online-Marktplatz",
        ("Innenstadt/Dorfmitte",),
        "Gemeinsamer Förderantrag von sieben kreisangehörigen Kommunen zur Einrichtung eines regionalen "
        "Online-Marktplatzes.",
        ProjectStatus.LEAD,
        municipalities=("Billerbeck", "Coesfeld", "Dülmen", "Havixbeck", "Nottuln", "Rosendahl", "Senden"),
    ),
    # Ausgedachte Steckbriefe, die in der laufenden Bewertungsrunde der Demo stehen.
    DemoProject(
        "Digitale Schulwegsicherung",
        ("Bildung", "Mobilität"),
        "Beispielprojekt: Eltern, Schulen und Ordnungsämter melden Gefahrenstellen auf Schulwegen digital; "
        "eine Karte zeigt, was behoben ist.",
        ProjectStatus.IN_REVIEW,
        "Digitalagentur Kreis Coesfeld",
        municipalities=("Dülmen", "Nottuln"),
        example=True,
    ),
    DemoProject(
        "Gemeinsames Bürgerservice-Portal der Kommunen",
        ("Verwaltung",),
        "Beispielprojekt: ein Portal für die Online-Dienste aller elf Städte und Gemeinden, mit einem Konto "
        "für Bürgerinnen und Bürger.",
        ProjectStatus.IN_REVIEW,
        "Kreis Coesfeld – Stabsstelle Kreisentwicklung",
        example=True,
    ),
    DemoProject(
        "Coworking im Bahnhof Lüdinghausen",
        ("Wirtschaft",),
        "Beispielprojekt: ungenutzte Räume im Bahnhof werden zu einem Coworking-Space mit Online-Buchung.",
        ProjectStatus.IN_REVIEW,
        "wfc Wirtschaftsförderung Kreis Coesfeld GmbH",
        municipalities=("Lüdinghausen",),
        example=True,
    ),
)


@dataclass(frozen=True)
class DemoIdea:
    title: str
    field: str
    municipality: str
    description: str
    author: str
    place: str = ""
    # "published", "submitted" (waiting for moderation) or a rejection reason
    outcome: str = "published"
    supporters: int = 0
    comment: str = ""
    commenter: str = ""
    to_profile: bool = False


DEMO_MAIL = "demo.smartregion.example"
REJECTED_AD = (
    "Die Ideenplattform ist für Vorschläge zur Digitalisierung der Region gedacht, nicht für Werbung "
    "einzelner Geschäfte. Gern können Sie eine Idee für alle Händlerinnen und Händler im Ort einreichen."
)

STEINFURT_IDEAS = (
    DemoIdea(
        "Mitfahrbänke mit digitaler Anzeige",
        "Mobilität",
        "Greven",
        "An Ortsausgängen stehen Mitfahrbänke. Eine kleine Anzeige mit Knopf zeigt Autofahrenden, wohin "
        "jemand mitgenommen werden möchte – und eine App meldet, wenn jemand wartet.",
        "Erika Mustermann",
        place="Ortsausgang Richtung Reckenfeld",
        supporters=4,
        comment="Gute Idee! In Reckenfeld gibt es schon eine Bank, da fehlt genau so eine Anzeige.",
        commenter="Jens aus Reckenfeld",
    ),
    DemoIdea(
        "Freies WLAN im Freibad",
        "Infrastruktur und Standort",
        "Emsdetten",
        "Im Freibad gibt es kaum Empfang. Ein freies WLAN würde Online-Tickets am Eingang und "
        "Informationen der Badeaufsicht aufs Handy möglich machen.",
        "Tim Beispiel",
        supporters=2,
    ),
    DemoIdea(
        "Digitale Sprechstunde im Bürgerbüro",
        "Verwaltung",
        "Rheine",
        "Viele Fragen lassen sich per Video klären, ohne dass man im Bürgerbüro warten muss. Termine für "
        "eine Video-Sprechstunde sollten online buchbar sein.",
        "Sabine Probe",
        outcome="submitted",
    ),
    DemoIdea(
        "Werbung für meinen Laden auf der Kreisseite",
        "Infrastruktur und Standort",
        "Ochtrup",
        "Mein Geschäft sollte auf der Startseite des Kreises mit einem Banner beworben werden.",
        "Max Händler",
        outcome=REJECTED_AD,
    ),
)

COESFELD_IDEAS = (
    DemoIdea(
        "Leerstände in der Innenstadt online zeigen",
        "Innenstadt/Dorfmitte",
        "Dülmen",
        "Eine Karte zeigt freie Ladenlokale mit Größe, Miete und Ansprechperson. So finden Gründerinnen und "
        "Gründer schneller einen Ort, und die Innenstadt bleibt lebendig.",
        "Laura Beispiel",
        supporters=3,
        comment="Das würde auch Pop-up-Stores helfen, die nur ein paar Wochen bleiben.",
        commenter="Ahmet K.",
    ),
    DemoIdea(
        "Tablet-Kurse für Seniorinnen und Senioren in der Bücherei",
        "Bildung",
        "Nottuln",
        "Ehrenamtliche zeigen älteren Menschen einmal in der Woche, wie man Tablets und Smartphones nutzt – "
        "von der Videotelefonie bis zum Online-Termin beim Arzt.",
        "Gisela Probe",
        place="Gemeindebücherei",
        supporters=2,
    ),
    DemoIdea(
        "Mängelmelder für Radwege",
        "Mobilität",
        "Lüdinghausen",
        "Schlaglöcher, Scherben und zugewachsene Radwege per Foto und Standort melden; der Bauhof sieht die "
        "Meldungen auf einer Karte.",
        "Peter Rad",
        outcome="submitted",
    ),
)

DITHMARSCHEN_IDEAS = (
    DemoIdea(
        "Telemedizin-Sprechstunde in den Dörfern",
        "Gesundheit",
        "Amt Eider",
        "Bis zur nächsten Hausarztpraxis sind es oft viele Kilometer. Im Dorfgemeinschaftshaus könnte eine "
        "Videosprechstunde mit Unterstützung einer Pflegekraft angeboten werden.",
        "Hauke Beispiel",
        place="Dorfgemeinschaftshaus",
        supporters=3,
        comment="Für meine Eltern wäre das eine große Hilfe – der Bus fährt nur zweimal am Tag.",
        commenter="Anke M.",
        to_profile=True,
    ),
    DemoIdea(
        "Digitale Abfahrtsanzeige am Busbahnhof Büsum",
        "Mobilität",
        "Büsum",
        "Eine Anzeige mit den tatsächlichen Abfahrtszeiten der Busse, auch für Gäste, die sich nicht "
        "auskennen – auf Deutsch, Englisch und Dänisch.",
        "Birte Probe",
        supporters=1,
    ),
    DemoIdea(
        "Online-Ausleihe für die Stadtbücherei",
        "Kultur",
        "Heide",
        "E-Books und Hörbücher der Stadtbücherei rund um die Uhr ausleihen, mit dem Bibliotheksausweis.",
        "Jan Leser",
        outcome="submitted",
    ),
)


def load() -> None:
    """Create the demo projects and ideas once per region, and one adoption across regions.

    The demo authors' addresses do not exist: the mails the idea services send are dropped.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load()


@transaction.atomic
def _load() -> None:
    _load_region("kreis-steinfurt", (*STEINFURT_SEED, *STEINFURT_EXAMPLES))
    _load_region("kreis-coesfeld", COESFELD_PROJECTS)
    _adopt_lorawan_in_heide()
    _load_ideas("kreis-steinfurt", STEINFURT_IDEAS)
    _load_ideas("kreis-coesfeld", COESFELD_IDEAS)
    _load_ideas("kreis-dithmarschen", DITHMARSCHEN_IDEAS)


def _load_ideas(slug: str, ideas: tuple[DemoIdea, ...]) -> None:
    """Ideas by citizens without an account: submitted, confirmed, then moderated as in the demo."""
    region = Region.objects.get(slug=slug)
    if Idea.objects.filter(region=region).exists():
        return
    fields = {f.name: f for f in FieldOfAction.objects.filter(strategy__region=region)}
    municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
    coordinator = (
        Membership.objects.filter(region=region, role=Role.COORDINATOR).select_related("user").first()
    )
    moderator = coordinator.user if coordinator else None
    for number, item in enumerate(ideas, 1):
        idea = idea_services.submit_idea(
            region=region,
            author=None,
            title=item.title,
            description=item.description,
            field=fields.get(item.field),
            municipality=municipalities.get(item.municipality),
            place=item.place,
            author_name=item.author,
            author_email=f"idee{number}.{region.slug}@{DEMO_MAIL}",
        )
        idea = idea_services.confirm_idea_email(region=region, token=idea.confirmation_token)
        if item.outcome == "submitted":
            continue
        if item.outcome != "published":
            idea_services.reject_idea(idea=idea, actor=moderator, reason=item.outcome)
            continue
        idea = idea_services.publish_idea(idea=idea, actor=moderator)
        for supporter in range(1, item.supporters + 1):
            address = f"unterstuetzung{supporter}.idee{number}.{region.slug}@{DEMO_MAIL}"
            support = idea_services.support_idea(idea=idea, email=address)
            idea_services.confirm_support(region=region, token=support.confirmation_token)
        if item.comment:
            comment = idea_services.comment_on_idea(idea=idea, text=item.comment, author_name=item.commenter)
            idea_services.moderate_comment(comment=comment, actor=moderator, publish=True)
        if item.to_profile:
            services.create_project_from_idea(idea=idea, actor=moderator)


def _load_region(slug: str, projects: tuple[DemoProject, ...]) -> None:
    region = Region.objects.get(slug=slug)
    if Project.objects.filter(region=region).exists():
        return
    fields = {f.name: f for f in FieldOfAction.objects.filter(strategy__region=region)}
    municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
    organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
    for item in projects:
        data = {
            "title": item.title,
            "summary": item.summary,
            "fields": [fields[name] for name in item.fields if name in fields],
            "municipalities": [municipalities[name] for name in item.municipalities],
            "lead_organisation": organisations.get(item.lead),
            "lead_person": item.lead_person,
            "partners": item.partners,
            "start_date": item.start,
            "end_date": item.end,
        }
        services.create_project(
            region=region, actor=None, data=data, status=item.status, is_example=item.example
        )


def _adopt_lorawan_in_heide() -> None:
    original = Project.objects.get(region__slug="kreis-coesfeld", title="LoRaWAN-Infrastruktur")
    heide = Municipality.objects.get(region__slug="kreis-dithmarschen", slug="heide")
    if Project.objects.filter(adopted_from=original, adopted_by_municipality=heide).exists():
        return
    services.adopt_project(project=original, actor=None, region=heide.region, municipality=heide)
