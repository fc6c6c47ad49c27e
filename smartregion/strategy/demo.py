"""Demo strategies from the seed documents of Steinfurt, Coesfeld and Dithmarschen."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from smartregion.regions.models import Municipality, Region
from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, Phase, PhaseStatus, Strategy, StrategyVersion

D = datetime.date


@dataclass(frozen=True)
class DemoField:
    name: str
    colour: str
    goals: tuple[str, ...]
    description: str = ""
    priority: str = ""


@dataclass(frozen=True)
class DemoStrategy:
    region: str
    title: str
    vision: str
    values: tuple[tuple[str, str], ...]
    fields: tuple[DemoField, ...]
    phases: tuple[tuple[str, D | None, D | None, str, str], ...]  # name, start, end, status, description
    priority_source: str = ""
    fixed: tuple[str, str, D | None] | None = None
    later_change: tuple[str, str] | None = field(default=None)  # (field name, goal) added after adoption
    # When the text was written (first and last draft), as the seeds tell it; the versions are dated
    # in this span, the adopted one on the day of the decision.
    drafted: tuple[D, D] = (D(2021, 1, 1), D(2021, 12, 31))
    later_change_on: D | None = None


STEINFURT = DemoStrategy(
    region="kreis-steinfurt",
    title="#Zukunft ST – Interkommunale Digitalisierungsstrategie Kreis Steinfurt",
    vision=(
        "Wir gestalten die Zukunft mit allen Menschen, in Vielfalt und in einem starken Netzwerk. "
        "Wir schaffen kurze Wege, erzeugen Mehrwerte und ermöglichen Teilhabe. Wir setzen Impulse und "
        "erweitern dadurch unsere Möglichkeiten für ein selbstbestimmtes gesellschaftliches Zusammenleben. "
        "Vor allem: Machen wir! Wir sind mutig, gehen auch mal andere Wege und sind uns bewusst, dass dabei "
        "Fehler geschehen können.\n\n"
        "Bei der digitalen Transformation fokussieren wir uns auf die Aufgaben der Daseinsvorsorge. Es geht "
        "nicht um die Technik, sondern um ein ganzheitliches Verständnis des digitalen Wandels, der alle "
        "Lebensbereiche betrifft – gedacht von den Menschen her: von den Mitarbeiterinnen und Mitarbeitern, "
        "von den Bürgerinnen und Bürgern."
    ),
    values=(
        ("Gemeinschaft", "Wir gestalten die Zukunft mit allen Menschen im Kreis."),
        ("Zusammenhalt", "Kreis und 24 Städte und Gemeinden handeln gemeinsam, in einem starken Netzwerk."),
        ("Nachhaltigkeit", "Digitalisierung stärkt die Zukunftsfähigkeit unserer Region."),
        ("Mut", "Wir gehen auch mal andere Wege. Vor allem: Machen wir!"),
        ("Fehlerkultur", "Wir wissen, dass Fehler geschehen können, und lernen daraus."),
        ("Sicherheit", "Digitale Angebote sind verlässlich und schützen die Daten der Menschen."),
        ("Teilhabe", "Digitale Möglichkeiten schaffen Mehrwerte für alle Bürgerinnen und Bürger."),
    ),
    fields=(
        DemoField(
            "Verwaltung",
            "#1d4f91",
            (
                "Interne Prozesse und Fachverfahren fortlaufend digitalisieren.",
                "Verwaltungsarbeit über die technischen Aspekte hinaus innovativer, moderner und "
                "serviceorientierter gestalten (Service Innovation Lab).",
                "Dienstleistungen so anbieten, dass die Menschen sie digital in Anspruch nehmen können.",
            ),
        ),
        DemoField(
            "Klimaschutz und Nachhaltigkeit",
            "#2c7a3f",
            (
                "Datenbasierte Geschäftsmodelle in Energie, Wasser, Mobilität sowie Ver- und Entsorgung "
                "für Klimaschutz mit spürbaren Mehrwerten für die Menschen nutzen.",
                "Szenarien für urbane Datenplattformen gemeinsam mit Stadtwerken und Verwaltungen erarbeiten.",
            ),
        ),
        DemoField(
            "Demografie",
            "#8a4b0f",
            (
                "Kinder- und Jugendarbeit in die digitale Welt heben und digitale mit analogen Angeboten "
                "verknüpfen (Digitales Jugendzentrum).",
                "Hilfesuchende und Helfende zusammenführen und die Teilhabe an der digitalen Gesellschaft "
                "stärken (Patenship.de).",
            ),
        ),
        DemoField(
            "Mobilität",
            "#6b2c91",
            (
                "Mobilstationen in den 24 Städten und Gemeinden smart denken und betreiben.",
                "Den Umstieg zwischen Zug, Carsharing und Leihrad unkompliziert machen.",
            ),
        ),
        DemoField(
            "Bevölkerungsschutz und Gesundheit",
            "#a4262c",
            ("Digitale Möglichkeiten für Gesundheitsversorgung und Bevölkerungsschutz nutzbar machen.",),
        ),
        DemoField(
            "Infrastruktur und Standort",
            "#0f6b6b",
            (
                "Die Attraktivität der Region als Lebens- und Wirtschaftsraum steigern.",
                "Eine gemeinsame IoT-Infrastruktur mit Stadtwerken und technischen Dienstleistern aufbauen.",
            ),
        ),
    ),
    phases=(
        (
            "Kompetenzaufbau",
            D(2021, 6, 1),
            D(2021, 9, 30),
            PhaseStatus.DONE,
            "Wissenschaftliche Begleitung durch Prof. Dr. Dr. Björn Niehaves, Universität Siegen.",
        ),
        (
            "Vision und Handlungsfelder",
            D(2021, 9, 1),
            D(2021, 11, 30),
            PhaseStatus.DONE,
            "Werte, Vision und sechs Handlungsfelder.",
        ),
        (
            "Projektentwicklung",
            D(2021, 12, 1),
            D(2022, 2, 28),
            PhaseStatus.DONE,
            "Sechs Online-Handlungsfeldworkshops mit Kreis, Kommunen, Politik, Wirtschaft und Verbänden.",
        ),
        (
            "Konsolidierung",
            D(2022, 3, 1),
            D(2022, 4, 30),
            PhaseStatus.DONE,
            "Lenkungsausschuss und Projektteam bewerten die Projektideen nach Relevanz und Realisierbarkeit.",
        ),
        (
            "Umsetzungsplanung",
            D(2022, 6, 20),
            None,
            PhaseStatus.ACTIVE,
            "Fahrplan: Was? Wann? Wo? Wer? Mit wem? Personal und Finanzierung.",
        ),
        (
            "Umsetzung",
            None,
            None,
            PhaseStatus.ACTIVE,
            "31 Leit- und Potenzialprojekte, koordiniert vom Smart Region Büro.",
        ),
    ),
    fixed=("Fassung vom 20.06.2022", "beschlossen vom Kreistag, Vorlage B 110/2022", D(2022, 6, 20)),
    later_change=(
        "Mobilität",
        "Mobilstationen mit digitalen Informations- und Buchungsangeboten ausstatten.",
    ),
    # Vision and values from September 2021, fields and goals in the workshops from December 2021 to
    # February 2022, consolidated in March and April 2022; adopted by the Kreistag on 20.06.2022.
    drafted=(D(2021, 9, 6), D(2022, 4, 28)),
    later_change_on=D(2023, 3, 14),
)

COESFELD = DemoStrategy(
    region="kreis-coesfeld",
    title="Coesfeld 12.0 – Im Kreis gemeinsam digital",
    vision=(
        "Kreis, Städte und Gemeinden gestalten den digitalen Wandel im Kreis Coesfeld gemeinsam und aktiv. "
        "Angesichts knapper Ressourcen setzen wir die richtigen Prioritäten und heben Synergien, verbessern "
        "den Zugang zu Fördermitteln und nutzen die Digitalaffinität der Region, um den Kreis Coesfeld als "
        "attraktiven Wohn-, Arbeits- und Lebensort zu positionieren.\n\n"
        "Die Strategie ist ein lebendes Dokument, das immer wieder durch neue Projekte ergänzt wird."
    ),
    values=(),
    fields=(
        DemoField(
            "Verwaltung",
            "#1d4f91",
            ("Verwaltungsleistungen kreisweit abgestimmt digitalisieren.",),
            priority="I",
        ),
        DemoField(
            "Bildung",
            "#8a4b0f",
            ("Digitale Bildung in Schulen und Weiterbildung gemeinsam voranbringen.",),
            priority="I",
        ),
        DemoField(
            "Mobilität",
            "#6b2c91",
            ("Mobilitätsangebote im ländlichen Raum digital vernetzen (kommit!, E-Lastenrad-Sharing).",),
            priority="II",
        ),
        DemoField(
            "Wirtschaft",
            "#0f6b6b",
            ("Coworking und New Work im ländlichen Raum ermöglichen (Smarte.Land.Regionen).",),
            priority="II",
        ),
        DemoField(
            "Innenstadt/Dorfmitte",
            "#2c7a3f",
            ("Regionale Online-Marktplätze stärken den Handel vor Ort (Heimat 2.0, wochenmarkt24).",),
            priority="II",
        ),
        DemoField(
            "Gesundheit",
            "#a4262c",
            ("Zunächst zurückgestellt; Bearbeitung zu einem späteren Zeitpunkt.",),
            priority="III",
        ),
        DemoField(
            "Kultur",
            "#5c4a8a",
            ("Zunächst zurückgestellt; Bearbeitung zu einem späteren Zeitpunkt.",),
            priority="III",
        ),
        DemoField(
            "Tourismus",
            "#2b6a9e",
            ("Zunächst zurückgestellt; Bearbeitung zu einem späteren Zeitpunkt.",),
            priority="III",
        ),
    ),
    phases=(
        (
            "Kompetenzaufbau",
            D(2019, 6, 1),
            D(2019, 6, 30),
            PhaseStatus.DONE,
            "Auftaktkonferenz in Senden, Juni 2019.",
        ),
        (
            "Vision und Handlungsfelder",
            D(2019, 7, 1),
            D(2019, 11, 30),
            PhaseStatus.DONE,
            "Analyse mit strukturiertem Fragebogen, Priorisierung der Themenfelder, Bürgermeisterkonferenz November 2019.",
        ),
        (
            "Projektentwicklung",
            D(2020, 2, 19),
            D(2020, 6, 30),
            PhaseStatus.DONE,
            "Themenfeld-Workshops Mobilität (30), Wirtschaft (23) und Innenstadt/Dorfmitte (34 Teilnehmende).",
        ),
        (
            "Konsolidierung",
            D(2020, 8, 1),
            D(2020, 8, 31),
            PhaseStatus.DONE,
            "Arbeitsgruppe verabschiedet das konsolidierte Ergebnis.",
        ),
        (
            "Umsetzungsplanung",
            D(2021, 2, 1),
            D(2021, 6, 30),
            PhaseStatus.DONE,
            "Bürgermeisterkonferenz; Beschlüsse in Stadt- und Gemeinderäten und im Kreistag.",
        ),
        (
            "Umsetzung",
            D(2021, 7, 1),
            None,
            PhaseStatus.ACTIVE,
            "Digitalagentur, Leuchtturmprojekte, Sachstandsberichte an den Ausschuss.",
        ),
    ),
    priority_source="Bürgermeisterkonferenz, November 2019",
    fixed=(
        "Fassung Februar 2021",
        "einvernehmlich beschlossen von der Bürgermeisterkonferenz",
        D(2021, 2, 1),
    ),
    # Leitbild and goals from the workshop in September 2019, the projects' fields until the working
    # group's final round in August 2020.
    drafted=(D(2019, 9, 16), D(2020, 8, 27)),
)

DITHMARSCHEN = DemoStrategy(
    region="kreis-dithmarschen",
    title="Dithmarschen Digital (DiDi) – Digitalisierungsstrategie für das Kreisgebiet",
    vision=(
        "Technologie muss den Menschen dienen, nicht umgekehrt. Wir wollen ein digitales Angebot schaffen, "
        "das sich an den Bedürfnissen der Einwohnerinnen und Einwohner orientiert und ihr Leben einfacher "
        "und nachhaltiger macht – gemeinsam mit den Ämtern, Städten und Gemeinden, damit niemand noch "
        "einmal von vorn anfangen muss."
    ),
    values=(),
    fields=(
        DemoField("Bildung", "#8a4b0f", ("Digitale Lernangebote für alle Altersgruppen erreichbar machen.",)),
        DemoField("Gesundheit", "#a4262c", ("Digitale Gesundheitsangebote im ländlichen Raum ausbauen.",)),
        DemoField("Mobilität", "#6b2c91", ("Mobilität zwischen Städten und Gemeinden digital vernetzen.",)),
        DemoField(
            "Verwaltung", "#1d4f91", ("Online-Dienstleistungen der Verwaltung verbessern und ausbauen.",)
        ),
        DemoField("Kultur", "#5c4a8a", ("Kulturangebote digital sichtbar und zugänglich machen.",)),
    ),
    phases=(
        (
            "Kompetenzaufbau",
            D(2020, 9, 1),
            D(2021, 9, 30),
            PhaseStatus.DONE,
            "Gewinn im Landeswettbewerb „Digitale Modellkommunen Schleswig-Holstein“; Projektgruppe aller Ämter, Städte und Gemeinden tagt alle 14 Tage.",
        ),
        (
            "Vision und Handlungsfelder",
            D(2021, 10, 1),
            D(2021, 10, 31),
            PhaseStatus.ACTIVE,
            "Online-Umfrage bis 31.10.2021 und Auftaktveranstaltung am 28.10.2021 im BerufsBildungsZentrum Heide.",
        ),
        ("Projektentwicklung", None, None, PhaseStatus.PLANNED, ""),
        ("Konsolidierung", None, None, PhaseStatus.PLANNED, ""),
        (
            "Umsetzungsplanung",
            None,
            D(2022, 8, 31),
            PhaseStatus.PLANNED,
            "Die fertige Strategie soll nach rund zehn Monaten vorliegen.",
        ),
        (
            "Umsetzung",
            None,
            None,
            PhaseStatus.PLANNED,
            "Fördermittel für einige der geplanten Projekte einwerben.",
        ),
    ),
    # The project group's first drafts after the start in autumn 2021.
    drafted=(D(2021, 10, 4), D(2021, 11, 26)),
)

DEMO_STRATEGIES = (STEINFURT, COESFELD, DITHMARSCHEN)


@transaction.atomic
def load() -> None:
    """Create the demo strategies once; an existing strategy is left as it is."""
    for demo in DEMO_STRATEGIES:
        region = Region.objects.get(slug=demo.region)
        if Strategy.objects.filter(region=region).exists():
            continue
        _load_strategy(region, demo)
    _derive_greven()


def _load_strategy(region: Region, demo: DemoStrategy) -> None:
    strategy = services.create_strategy(region=region, title=demo.title, vision=demo.vision)
    for name, description in demo.values:
        services.add_value(strategy=strategy, actor=None, name=name, description=description)
    for item in demo.fields:
        field = services.add_field(
            strategy=strategy,
            actor=None,
            name=item.name,
            colour=item.colour,
            priority=item.priority,
            priority_source=demo.priority_source if item.priority else "",
        )
        for goal in item.goals:
            services.add_goal(strategy=strategy, field=field, actor=None, text=goal)
    for phase, (name, start, end, status, description) in zip(
        Phase.objects.filter(strategy=strategy), demo.phases, strict=True
    ):
        services.update_phase(
            phase=phase, actor=None, name=name, status=status, start=start, end=end, description=description
        )
    strategy.refresh_from_db()
    _date_versions(strategy, demo)
    if demo.fixed:
        name, note, decided_on = demo.fixed
        version = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version)
        services.fix_version(version=version, actor=None, name=name, note=note, decided_on=decided_on)


def _at(day: D, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _date_versions(strategy: Strategy, demo: DemoStrategy) -> None:
    """Date the versions along the strategy's history instead of the moment the demo was loaded:
    the drafts spread over the weeks the seeds name, the adopted text on the day of its decision."""
    versions = list(StrategyVersion.objects.filter(strategy=strategy).order_by("number"))
    first, last = demo.drafted
    decided_on = demo.fixed[2] if demo.fixed else None
    drafts = versions[:-1] if decided_on else versions
    span = (last - first).days
    for index, version in enumerate(drafts):
        offset = span * index // max(len(drafts) - 1, 1)
        version.created_at = _at(first + datetime.timedelta(days=offset), 9 + index % 8)
    if decided_on:
        versions[-1].created_at = _at(decided_on, 9)
    # created_at is set when a row is added; the history is rewritten here, for the demo only.
    StrategyVersion.objects.bulk_update(versions, ["created_at"])


def _derive_greven() -> None:
    """Greven derives its strategy from the adopted version; the region then changes one field."""
    greven = Municipality.objects.get(region__slug="kreis-steinfurt", slug="greven")
    if hasattr(greven, "strategy"):
        return
    strategy = Strategy.objects.get(region=greven.region)
    fields = list(FieldOfAction.objects.filter(strategy=strategy, name__in=["Verwaltung", "Mobilität"]))
    derived = services.derive_municipal_strategy(
        municipality=greven,
        actor=None,
        fields=fields,
        introduction="Die Stadt Greven setzt die Kreisstrategie in den Feldern Verwaltung und Mobilität um.",
    )
    mobility = next(f for f in fields if f.name == "Mobilität")
    services.add_municipal_goal(
        municipal_strategy=derived,
        field=mobility,
        actor=None,
        text="Eine Mobilstation am Bahnhof Greven einrichten.",
        measures="Standort prüfen, Förderantrag stellen, Leihräder anbinden.",
    )
    if STEINFURT.later_change:
        field_name, goal = STEINFURT.later_change
        changed = FieldOfAction.objects.get(strategy=strategy, name=field_name)
        services.add_goal(strategy=strategy, field=changed, actor=None, text=goal)
        if STEINFURT.later_change_on:
            strategy.refresh_from_db()
            StrategyVersion.objects.filter(strategy=strategy, number=strategy.current_version).update(
                created_at=_at(STEINFURT.later_change_on)
            )
