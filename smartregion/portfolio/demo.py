"""Demo projects: Steinfurt's projects from the seed plus examples up to 31, Coesfeld's lighthouses.

The seeds name five of Steinfurt's 31 projects and what they aim at; the other 26 are examples
(marked so) written as a district writes its profiles, with goals, measures, partners and
indicators. Where the demo stands (December 2026, four years after the Kreistag adopted the
strategy on 20.06.2022), some are done, many run, some wait for their start; each profile's
maturity matches its status: done ones are proven, running ones in a pilot or with a concept,
those not yet started at the idea or concept stage.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings

from smartregion.accounts.models import Membership, Role
from smartregion.ideas import services as idea_services
from smartregion.ideas.models import Idea
from smartregion.portfolio.models import Maturity, Project, ProjectStatus
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
    maturity: str = Maturity.IDEA
    starting_point: str = ""
    goals: str = ""
    measures: str = ""
    target_groups: str = ""
    indicators: str = ""
    risks: str = ""


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
        maturity=Maturity.CONCEPT,
        goals="Verwaltungsarbeit innovativer, moderner und serviceorientierter gestalten; aus der Arbeitsgruppe "
        "heraus Konzepte entwickeln, die in die Umsetzung gebracht werden.",
        target_groups="Mitarbeitende der Kreisverwaltung und der Städte und Gemeinden; Bürgerinnen und Bürger "
        "als Nutzende der Verwaltungsleistungen",
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
        maturity=Maturity.PILOT,
        goals="Klimaschutz und Nachhaltigkeit mit spürbaren Mehrwerten für Bürgerinnen und Bürger in Einklang "
        "bringen; Szenarien erarbeiten, wie urbane Datenplattformen im Kreis eingebunden und betrieben werden.",
        target_groups="Stadtwerke, Verwaltungen, Bürgerinnen und Bürger",
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
        maturity=Maturity.PILOT,
        goals="Den Umstieg zwischen Zug, Carsharing und Leihrad unkompliziert machen; Mobilstationen in einer "
        "zunehmend digitalen Welt smart denken und betreiben.",
        target_groups="Pendelnde, Menschen ohne eigenes Auto, Gäste der Region",
    ),
    DemoProject(
        "Digitales Jugendzentrum",
        ("Demografie",),
        "Digitale Medien erreichen junge Menschen besser, binden sie aktiv ein und fördern Inklusion. Kommunen "
        "und Akteure der Kinder- und Jugendarbeit schaffen die Rahmenbedingungen, um die Jugendarbeit im Kreis "
        "in die digitale Welt zu heben und digitale mit analogen Angeboten sinnvoll zu verknüpfen.",
        ProjectStatus.IN_PROGRESS,
        SR_BUERO,
        partners="Die fünf Jugendämter im Kreis, Jugendhilfeträger, Jugendverbände und Vereine",
        maturity=Maturity.CONCEPT,
        goals="Junge Menschen mit digitalen Medien besser erreichen und aktiv einbinden; mehr Inklusion "
        "verwirklichen; digitale und analoge Angebote sinnvoll verknüpfen.",
        target_groups="Kinder und Jugendliche im Kreis; Fachkräfte der Kinder- und Jugendarbeit",
    ),
    DemoProject(
        "Patenship.de / Digitale Teilhabe",
        ("Demografie",),
        "Digitale und analoge Möglichkeiten verbinden, um Menschen miteinander in Verbindung zu bringen und "
        "Hilfesuchende und Helfende zusammenzuführen – für die aktive Teilhabe aller an einer zunehmend "
        "digitalen Gesellschaft, gerade für Menschen, die unter Einsamkeit leiden.",
        ProjectStatus.IN_PROGRESS,
        SR_BUERO,
        partners="Kreisverwaltung, Städte und Gemeinden, Wohlfahrtsverbände, Vereine und Ehrenamt",
        maturity=Maturity.PILOT,
        goals="Hilfesuchende und Helfende zusammenführen; die aktive Teilhabe der Menschen an einer zunehmend "
        "digitalen Gesellschaft stärken.",
        target_groups="Menschen, die unter Einsamkeit leiden oder Unterstützung brauchen; Ehrenamtliche",
    ),
)

AMT_MOBILITAET = "Kreis Steinfurt – Amt für Planung, Naturschutz und Mobilität"
STADTWERKE = "Stadtwerke im Kreis Steinfurt (Arbeitsgruppe IoT)"
DONE, RUNNING = ProjectStatus.COMPLETED, ProjectStatus.IN_PROGRESS
LEAD, POTENTIAL = ProjectStatus.LEAD, ProjectStatus.POTENTIAL


def _example(
    title: str,
    field: str,
    status: str,
    period: tuple[D, D],
    summary: str,
    *,
    lead: str = "",
    lead_person: str = "",
    partners: str = "",
    municipalities: tuple[str, ...] = (),
    **profile: str,
) -> DemoProject:
    """One of the 26 example profiles; its maturity follows from where the project stands."""
    by_status: dict[str, str] = {DONE: Maturity.PROVEN, RUNNING: Maturity.PILOT, LEAD: Maturity.CONCEPT}
    maturity = by_status.get(status, Maturity.IDEA)
    return DemoProject(
        title,
        (field,),
        summary,
        status,
        lead,
        lead_person,
        partners,
        municipalities,
        period[0],
        period[1],
        example=True,
        maturity=profile.pop("maturity", maturity),
        **profile,
    )


STEINFURT_EXAMPLES = (
    _example(
        "Online-Terminvergabe in allen Bürgerbüros",
        "Verwaltung",
        DONE,
        (D(2022, 10, 1), D(2024, 6, 30)),
        "Termine in den Bürgerbüros werden online gebucht, mit Erinnerung per E-Mail und den freien Zeiten "
        "aller Standorte auf einen Blick. Die telefonische Vergabe bleibt.",
        lead=SR_BUERO,
        partners="Bürgerbüros der Städte und Gemeinden, KAAW",
        municipalities=("Greven", "Emsdetten", "Rheine", "Ibbenbüren"),
        starting_point="Termine wurden nur telefonisch vergeben; zu Stoßzeiten warteten Menschen lange, und "
        "die Bürgerbüros konnten die Nachfrage nicht planen.",
        goals="Wartezeiten vor Ort verkürzen; Termine rund um die Uhr buchbar machen; Personal nach der "
        "Nachfrage einsetzen.",
        measures="Gemeinsame Ausschreibung eines Terminsystems (2022); Start in vier Kommunen (2023); "
        "Schulung der Bürgerbüros; Übergabe in den Regelbetrieb (Juni 2024).",
        target_groups="Bürgerinnen und Bürger; Mitarbeitende der Bürgerbüros",
        indicators="Anteil online gebuchter Termine; mittlere Wartezeit vor Ort; nicht wahrgenommene Termine",
        risks="Ältere Menschen buchen seltener online – deshalb bleibt die Vergabe am Telefon bestehen.",
    ),
    _example(
        "E-Akte in den Rathäusern",
        "Verwaltung",
        RUNNING,
        (D(2023, 1, 1), D(2027, 12, 31)),
        "Die Städte und Gemeinden führen die elektronische Akte mit einem gemeinsamen System ein, beginnend "
        "mit dem Posteingang und den Personalakten.",
        partners="KAAW, Hauptämter der beteiligten Kommunen",
        municipalities=("Lengerich", "Ochtrup", "Steinfurt"),
        starting_point="Akten liegen auf Papier und in Laufwerken verteilt; Vertretungen und Homeoffice sind "
        "mühsam.",
        goals="Vorgänge medienbruchfrei bearbeiten; Akten von jedem Arbeitsplatz aus einsehen; Aufbewahrung "
        "rechtssicher regeln.",
        measures="Gemeinsames Aktenplan-Muster; digitaler Posteingang mit Scanstelle; Einführung je Fachbereich "
        "in Wellen; Schulung von Multiplikatorinnen und Multiplikatoren.",
        target_groups="Mitarbeitende der Rathäuser",
        indicators="Anteil der Fachbereiche mit E-Akte; Anteil digital eingehender Post",
        risks="Personalengpässe in den Hauptämtern verzögern die Wellen.",
    ),
    _example(
        "Digitaler Bauantrag",
        "Verwaltung",
        DONE,
        (D(2022, 9, 1), D(2024, 3, 31)),
        "Bauanträge werden über das Bauportal.NRW digital gestellt und in der Bauaufsicht ohne Papier "
        "bearbeitet, mit digitaler Beteiligung der Fachstellen.",
        partners="Untere Bauaufsicht des Kreises, Bauaufsichtsbehörden im Kreis, KAAW",
        starting_point="Anträge kamen in mehrfacher Ausfertigung auf Papier; Beteiligungen liefen per Post.",
        goals="Bearbeitungszeiten verkürzen; Papier und Porto sparen; Stand des Antrags für Antragstellende "
        "sichtbar machen.",
        measures="Anbindung des Fachverfahrens an das Bauportal.NRW; digitale Beteiligung der Fachstellen; "
        "Einführung im Frühjahr 2024.",
        target_groups="Bauherrinnen und Bauherren, Planungsbüros, Bauaufsicht",
        indicators="Anteil digital gestellter Anträge; mittlere Bearbeitungsdauer",
    ),
    _example(
        "Interkommunales Open-Data-Portal",
        "Verwaltung",
        RUNNING,
        (D(2024, 4, 1), D(2027, 6, 30)),
        "Kreis, Städte und Gemeinden veröffentlichen Daten wie Haltestellen, Ladesäulen oder Haushaltszahlen "
        "gemeinsam und maschinenlesbar unter offener Lizenz.",
        lead=SR_BUERO,
        partners="Statistikstellen der Kommunen, Stadtwerke, GovData",
        starting_point="Daten liegen in Fachverfahren und Tabellen der einzelnen Verwaltungen; Anfragen werden "
        "einzeln beantwortet.",
        goals="Daten der Verwaltung für Bürgerschaft, Wirtschaft und Forschung nutzbar machen; Mehrfacharbeit "
        "bei Anfragen vermeiden.",
        measures="Datenkatalog der Kommunen; erste 40 Datensätze; Anbindung an GovData; Leitfaden zur "
        "Veröffentlichung.",
        indicators="Zahl der Datensätze; Abrufe je Monat; beteiligte Kommunen",
        risks="Daten mit Personenbezug dürfen nicht veröffentlicht werden – jeder Datensatz wird vorher geprüft.",
    ),
    _example(
        "Digitale Sitzungsarbeit für Räte und Ausschüsse",
        "Verwaltung",
        DONE,
        (D(2022, 11, 1), D(2024, 10, 31)),
        "Ratsmitglieder erhalten Vorlagen, Protokolle und Einladungen über ein gemeinsames Ratsinformationssystem "
        "mit App statt auf Papier.",
        partners="Ratsbüros der Kommunen, KAAW",
        municipalities=("Hörstel", "Mettingen", "Recke", "Westerkappeln"),
        goals="Papierversand an Ratsmitglieder beenden; Vorlagen schneller und durchsuchbar bereitstellen.",
        measures="Gemeinsame Beschaffung; Geräte und Schulung für Ratsmitglieder; Umstellung zur "
        "Sitzungsperiode 2024.",
        target_groups="Ratsmitglieder, sachkundige Bürgerinnen und Bürger, Ratsbüros",
        indicators="Anteil papierlos arbeitender Ratsmitglieder; eingesparte Druckseiten",
    ),
    _example(
        "Energiemonitoring kommunaler Gebäude",
        "Klimaschutz und Nachhaltigkeit",
        RUNNING,
        (D(2023, 6, 1), D(2027, 12, 31)),
        "Zähler in Schulen, Turnhallen und Rathäusern melden Strom-, Wärme- und Wasserverbrauch; Auffälligkeiten "
        "werden sichtbar, bevor die Jahresabrechnung kommt.",
        lead=STADTWERKE,
        partners="Gebäudemanagement der Kommunen, FH Münster (Fachbereich Energie und Umwelt)",
        municipalities=("Greven", "Emsdetten", "Nordwalde"),
        goals="Energieverbrauch der kommunalen Gebäude um 15 Prozent senken; Fehler in Heizungsanlagen früh "
        "erkennen.",
        measures="Funkzähler in 60 Gebäuden; Auswertung über die Datenplattform aus „IoT für ein besseres "
        "Leben“; Schulung der Hausmeisterinnen und Hausmeister.",
        indicators="Verbrauch je Quadratmeter; Zahl der erkannten Störungen",
        risks="Alte Zähler lassen sich nicht überall nachrüsten.",
    ),
    _example(
        "Klimadashboard für den Kreis",
        "Klimaschutz und Nachhaltigkeit",
        LEAD,
        (D(2027, 3, 1), D(2028, 6, 30)),
        "Eine öffentliche Seite zeigt, wo der Kreis bei seinen Klimazielen steht: Ausbau von Photovoltaik, "
        "Ladesäulen, Energieverbrauch, Radverkehr.",
        lead=SR_BUERO,
        partners="Klimaschutzmanagement des Kreises und der Kommunen",
        goals="Fortschritt beim Klimaschutz für alle nachvollziehbar machen.",
        measures="Kennzahlen mit dem Klimaschutzmanagement festlegen; Daten aus dem Open-Data-Portal nutzen; "
        "Start 2027.",
        indicators="Zahl der gezeigten Kennzahlen; Aufrufe",
    ),
    _example(
        "Smarte Straßenbeleuchtung",
        "Klimaschutz und Nachhaltigkeit",
        RUNNING,
        (D(2024, 2, 1), D(2027, 9, 30)),
        "LED-Leuchten mit Sensoren dimmen, wenn niemand unterwegs ist, und melden Ausfälle selbst.",
        lead=STADTWERKE,
        municipalities=("Emsdetten", "Saerbeck"),
        goals="Stromverbrauch der Straßenbeleuchtung senken; Ausfälle schneller beheben; Insekten schützen.",
        measures="Pilotstraßen in zwei Kommunen; Anbindung an das LoRaWAN-Netz; Auswertung nach einem Jahr.",
        indicators="Stromverbrauch je Lichtpunkt; Dauer bis zur Behebung eines Ausfalls",
        risks="Sicherheitsempfinden der Anwohnenden – die Dimmung wird mit ihnen abgestimmt.",
    ),
    _example(
        "Sensorik für Starkregen und Hochwasser",
        "Klimaschutz und Nachhaltigkeit",
        POTENTIAL,
        (D(2027, 9, 1), D(2029, 6, 30)),
        "Pegel- und Niederschlagssensoren an kleinen Gewässern warnen früh vor Überflutungen.",
        partners="Untere Wasserbehörde, Feuerwehren, Wasser- und Bodenverbände",
        goals="Vorwarnzeit bei Starkregen verlängern.",
        indicators="Zahl der Messstellen; Vorwarnzeit bei Ereignissen",
    ),
    _example(
        "Digitale Sprechstunden für Seniorinnen und Senioren",
        "Demografie",
        DONE,
        (D(2023, 1, 1), D(2024, 12, 31)),
        "In Bürgerhäusern und Büchereien helfen Ehrenamtliche einmal in der Woche bei Smartphone, Tablet und "
        "Online-Diensten.",
        partners="Seniorenbeiräte, Büchereien, Volkshochschulen",
        municipalities=("Rheine", "Lengerich", "Tecklenburg"),
        goals="Ältere Menschen befähigen, digitale Angebote selbst zu nutzen.",
        measures="Schulung von 30 Ehrenamtlichen; feste Sprechstunden an sechs Orten; Übergabe an die "
        "Seniorenbeiräte Ende 2024.",
        target_groups="Seniorinnen und Senioren",
        indicators="Besuche je Sprechstunde; Zahl der aktiven Ehrenamtlichen",
    ),
    _example(
        "Digitallotsen in den Kommunen",
        "Demografie",
        RUNNING,
        (D(2023, 9, 1), D(2027, 8, 31)),
        "In jeder Kommune gibt es Ansprechpersonen, die Bürgerinnen und Bürgern bei Online-Anträgen helfen und "
        "Fragen zu digitalen Angeboten beantworten.",
        partners="Volkshochschulen, Seniorenbeiräte, Bürgerbüros",
        goals="Niemanden bei der Digitalisierung der Verwaltung zurücklassen.",
        measures="Qualifizierung der Lotsinnen und Lotsen; Sprechzeiten in den Bürgerbüros; Austausch im "
        "Netzwerk aller Kommunen.",
        target_groups="Menschen mit wenig digitaler Erfahrung",
        indicators="Zahl der Beratungen; Kommunen mit Lotsin oder Lotse",
    ),
    _example(
        "Ehrenamtsbörse online",
        "Demografie",
        POTENTIAL,
        (D(2027, 6, 1), D(2028, 12, 31)),
        "Vereine und Initiativen stellen Aufgaben für Ehrenamtliche ein; Interessierte finden sie nach Ort und "
        "Zeitaufwand.",
        partners="Ehrenamtsagenturen, Vereine",
        goals="Engagement vermitteln, auch für kurze Einsätze.",
        risks="Überschneidung mit Patenship.de – beide sollen zusammen geplant werden.",
    ),
    _example(
        "On-Demand-Bus im ländlichen Raum",
        "Mobilität",
        RUNNING,
        (D(2024, 8, 1), D(2028, 7, 31)),
        "Kleinbusse fahren auf Bestellung per App oder Telefon zwischen Ortsteilen und Bahnhöfen, ohne festen "
        "Fahrplan.",
        lead=AMT_MOBILITAET,
        partners="Verkehrsunternehmen im Kreis, Städte und Gemeinden",
        municipalities=("Hopsten", "Recke", "Mettingen"),
        goals="Orte ohne regelmäßigen Bus anbinden; Anschluss an Zug und Schnellbus sichern.",
        measures="Testbetrieb in drei Gemeinden; Buchung per App und Telefon; Auswertung 2026.",
        target_groups="Menschen ohne Auto, Schülerinnen und Schüler, Ältere",
        indicators="Fahrgäste je Tag; Anteil telefonischer Buchungen; Wartezeit",
        risks="Kosten je Fahrgast höher als im Linienbus.",
    ),
    _example(
        "Mitfahrplattform für Pendelnde",
        "Mobilität",
        POTENTIAL,
        (D(2028, 1, 1), D(2029, 6, 30)),
        "Pendelnde bilden Fahrgemeinschaften über eine gemeinsame Plattform der Arbeitgeber im Kreis.",
        partners="Arbeitgeber im Kreis, Wirtschaftsförderung",
        goals="Weniger Autos mit nur einer Person im Berufsverkehr.",
    ),
    _example(
        "Digitale Parkraumsteuerung in Innenstädten",
        "Mobilität",
        LEAD,
        (D(2027, 4, 1), D(2028, 12, 31)),
        "Sensoren zeigen freie Parkplätze in den Innenstädten; ein Leitsystem lenkt den Verkehr dorthin.",
        partners="Ordnungsämter, Werbegemeinschaften",
        municipalities=("Rheine", "Ibbenbüren"),
        goals="Parksuchverkehr verringern.",
        measures="Grobkonzept mit den Städten abgestimmt; Ausschreibung 2027; Sensoren über das LoRaWAN-Netz.",
        indicators="Mittlere Suchzeit; Auslastung der Parkhäuser",
    ),
    _example(
        "Kreisweites Radverkehrsnetz mit Zählstellen",
        "Mobilität",
        DONE,
        (D(2023, 3, 1), D(2025, 10, 31)),
        "Dauerzählstellen an wichtigen Radwegen zeigen, wie viele Menschen mit dem Rad fahren; die Zahlen "
        "fließen in die Planung des Radverkehrsnetzes.",
        lead=AMT_MOBILITAET,
        partners="Städte und Gemeinden, ADFC",
        goals="Radverkehr messen, um Ausbau und Unterhaltung nach Bedarf zu planen.",
        measures="Zwölf Zählstellen an Kreisstraßen; Veröffentlichung der Zahlen als offene Daten.",
        indicators="Radfahrten je Tag und Zählstelle",
    ),
    _example(
        "Telemedizin in Pflegeeinrichtungen",
        "Bevölkerungsschutz und Gesundheit",
        RUNNING,
        (D(2025, 1, 1), D(2027, 12, 31)),
        "Pflegeheime stellen Videosprechstunden mit Hausarztpraxen her; Pflegekräfte unterstützen vor Ort.",
        partners="Pflegeeinrichtungen, Hausarztpraxen, Kreisgesundheitsamt",
        goals="Wege für Bewohnerinnen und Bewohner sparen; ärztliche Versorgung auch nachts und am Wochenende "
        "erleichtern.",
        measures="Ausstattung von acht Einrichtungen; Schulung der Pflegekräfte; Auswertung mit den Praxen.",
        target_groups="Bewohnerinnen und Bewohner von Pflegeheimen, Pflegekräfte",
        indicators="Videosprechstunden je Monat; vermiedene Krankentransporte",
        risks="Datenschutz bei Gesundheitsdaten – nur zertifizierte Videodienste.",
    ),
    _example(
        "Digitale Einsatzunterstützung im Bevölkerungsschutz",
        "Bevölkerungsschutz und Gesundheit",
        LEAD,
        (D(2027, 1, 1), D(2028, 6, 30)),
        "Einsatzkräfte sehen Lagekarten, Hydranten und Gebäudepläne auf Tablets im Fahrzeug.",
        partners="Feuerwehren, Leitstelle des Kreises",
        goals="Schneller und sicherer entscheiden im Einsatz.",
        measures="Grobkonzept mit den Feuerwehren abgestimmt; Pilot mit zwei Wehren ab 2027.",
    ),
    _example(
        "Warn-App-Integration in kommunale Kanäle",
        "Bevölkerungsschutz und Gesundheit",
        DONE,
        (D(2022, 10, 1), D(2023, 12, 31)),
        "Warnungen des Kreises erscheinen zugleich in der Warn-App NINA, auf den Webseiten und in den "
        "Social-Media-Kanälen der Kommunen.",
        partners="Leitstelle, Pressestellen der Kommunen",
        goals="Alle Kanäle warnen gleichzeitig und mit demselben Text.",
        measures="Anbindung an das Modulare Warnsystem (MoWaS); gemeinsame Textbausteine; Probealarm am "
        "Warntag.",
        indicators="Zeit zwischen Auslösung und Veröffentlichung in allen Kanälen",
    ),
    _example(
        "Digitale Gesundheitsregion",
        "Bevölkerungsschutz und Gesundheit",
        POTENTIAL,
        (D(2028, 1, 1), D(2030, 12, 31)),
        "Praxen, Kliniken, Pflege und Beratungsstellen vernetzen ihre digitalen Angebote in einem gemeinsamen "
        "Wegweiser.",
        partners="Kommunale Gesundheitskonferenz",
        goals="Gesundheitsangebote im Kreis leichter finden.",
    ),
    _example(
        "Coworking-Spaces in Ortszentren",
        "Infrastruktur und Standort",
        RUNNING,
        (D(2024, 5, 1), D(2027, 4, 30)),
        "In leerstehenden Ladenlokalen entstehen Arbeitsplätze zum Mieten, buchbar online, nahe am Wohnort.",
        partners="Wirtschaftsförderung, Eigentümerinnen und Eigentümer der Immobilien",
        municipalities=("Metelen", "Laer", "Horstmar"),
        goals="Pendelwege verkürzen; Ortskerne beleben.",
        measures="Drei Standorte; Buchungssystem; Auswertung der Auslastung nach zwei Jahren.",
        indicators="Auslastung der Plätze; Zahl der Nutzenden",
        risks="Die Nachfrage auf dem Land ist schwer vorherzusagen.",
    ),
    _example(
        "Öffentliches WLAN an zentralen Orten",
        "Infrastruktur und Standort",
        RUNNING,
        (D(2023, 4, 1), D(2027, 3, 31)),
        "Freies WLAN in Rathäusern, Büchereien und auf Marktplätzen, ohne Anmeldung mit persönlichen Daten.",
        partners="Freifunk-Initiativen, Stadtwerke",
        municipalities=("Ochtrup", "Wettringen", "Neuenkirchen", "Altenberge"),
        goals="Zugang zum Internet an öffentlichen Orten für alle.",
        measures="Ausbau in Abschnitten; gemeinsamer Zugangsname in allen Kommunen.",
        indicators="Zahl der Standorte; Verbindungen je Tag",
    ),
    _example(
        "Gewerbeflächen-Kataster online",
        "Infrastruktur und Standort",
        LEAD,
        (D(2027, 2, 1), D(2027, 12, 31)),
        "Freie Gewerbeflächen aller Kommunen auf einer Karte, mit Größe, Erschließung und Ansprechperson.",
        partners="Wirtschaftsförderung, Planungsämter der Kommunen",
        goals="Unternehmen finden schneller eine passende Fläche im Kreis.",
        measures="Datenmodell mit den Planungsämtern abgestimmt; Veröffentlichung im Geoportal 2027.",
    ),
    _example(
        "Digitale Leerstandsbörse",
        "Infrastruktur und Standort",
        POTENTIAL,
        (D(2027, 10, 1), D(2028, 9, 30)),
        "Leere Ladenlokale in den Ortskernen werden mit Fotos und Konditionen online angeboten.",
        partners="Werbegemeinschaften, Wirtschaftsförderung",
        goals="Leerstand in den Ortskernen verringern.",
    ),
    _example(
        "LoRaWAN-Netz für Stadtwerke und Kommunen",
        "Infrastruktur und Standort",
        RUNNING,
        (D(2023, 2, 1), D(2026, 12, 31)),
        "Ein gemeinsames Funknetz für Sensoren: Füllstände, Bodenfeuchte, Zähler und Parkplätze senden ihre "
        "Daten mit wenig Energie.",
        lead=STADTWERKE,
        partners="Stadtwerke im Kreis, technische Dienstleister",
        goals="Eine Infrastruktur für alle Sensorprojekte statt vieler einzelner Lösungen.",
        measures="Gateways auf kommunalen Gebäuden; Anbindung an die Datenplattform; Betriebsmodell der "
        "Stadtwerke.",
        indicators="Abdeckung der Siedlungsfläche; angeschlossene Sensoren",
    ),
    _example(
        "Digitaler Wochenmarkt",
        "Infrastruktur und Standort",
        POTENTIAL,
        (D(2027, 5, 1), D(2028, 4, 30)),
        "Marktbeschickerinnen und -beschicker nehmen Bestellungen online an; abgeholt wird am Stand.",
        partners="Marktbeschickende, Werbegemeinschaften",
        goals="Wochenmärkte für Berufstätige attraktiver machen.",
    ),
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
        maturity=Maturity.PILOT,
        goals="Digitale Lösungen im Bereich Smarte Arbeit entwickeln und umsetzen: Coworking und New Work im "
        "ländlichen Raum.",
        risks="Seit Juni 2023 sind die beiden Projektstellen und die Stelle der Smart-Region-Koordination "
        "unbesetzt; Kernaufgaben übernehmen Mathias Raabe und Dr. Jürgen Grüner, nicht alle Ziele sind so "
        "erreichbar.",
    ),
    DemoProject(
        "wochenmarkt24",
        ("Innenstadt/Dorfmitte",),
        "Über das LoReNa-Projekt für das Münsterland gewonnene Direktvermarktungsplattform für regionale "
        "Erzeugerinnen und Erzeuger.",
        ProjectStatus.IN_PROGRESS,
        "wfc Wirtschaftsförderung Kreis Coesfeld GmbH",
        partners="LoReNa-Projekt für das Münsterland",
        maturity=Maturity.PROVEN,
    ),
    DemoProject(
        "kommit! / Bürgerlabor Mobiles Münsterland",
        ("Mobilität",),
        "Mobilitätsangebote von kommit! aus dem Projekt „Bürgerlabor Mobiles Münsterland“.",
        ProjectStatus.IN_PROGRESS,
        maturity=Maturity.PILOT,
    ),
    DemoProject(
        "LoRaWAN-Infrastruktur",
        ("Verwaltung", "Wirtschaft"),
        "Kreisweites Funknetz (LoRaWAN) für Sensoren, im Aufbau: Grundlage für Messungen von Umwelt, Verkehr "
        "und Gebäuden in allen elf Städten und Gemeinden.",
        ProjectStatus.IN_PROGRESS,
        "Digitalagentur Kreis Coesfeld",
        maturity=Maturity.PILOT,
    ),
    DemoProject(
        "E-Lastenrad-Sharing",
        ("Mobilität",),
        "Digitales E-Lastenrad-Sharing, in immer mehr kreisangehörigen Städten und Gemeinden etabliert.",
        ProjectStatus.IN_PROGRESS,
        municipalities=("Coesfeld", "Dülmen", "Senden"),
        maturity=Maturity.PROVEN,
    ),
    DemoProject(
        "Heimat 2.0 – regionaler Online-Marktplatz",
        ("Innenstadt/Dorfmitte",),
        "Gemeinsamer Förderantrag von sieben kreisangehörigen Kommunen zur Einrichtung eines regionalen "
        "Online-Marktplatzes.",
        ProjectStatus.LEAD,
        municipalities=("Billerbeck", "Coesfeld", "Dülmen", "Havixbeck", "Nottuln", "Rosendahl", "Senden"),
        maturity=Maturity.CONCEPT,
    ),
    # Examples (marked so) that are in the demo's open assessment round.
    DemoProject(
        "Digitale Schulwegsicherung",
        ("Bildung", "Mobilität"),
        "Eltern, Schulen und Ordnungsämter melden Gefahrenstellen auf Schulwegen digital; "
        "eine Karte zeigt, was behoben ist.",
        ProjectStatus.IN_REVIEW,
        "Digitalagentur Kreis Coesfeld",
        municipalities=("Dülmen", "Nottuln"),
        example=True,
        goals="Gefahrenstellen schneller beheben; Kinder sicher zu Fuß und mit dem Rad zur Schule bringen.",
    ),
    DemoProject(
        "Gemeinsames Bürgerservice-Portal der Kommunen",
        ("Verwaltung",),
        "Ein Portal für die Online-Dienste aller elf Städte und Gemeinden, mit einem Konto "
        "für Bürgerinnen und Bürger.",
        ProjectStatus.IN_REVIEW,
        "Kreis Coesfeld – Stabsstelle Kreisentwicklung",
        example=True,
        maturity=Maturity.CONCEPT,
        goals="Ein Zugang und ein Konto für die Online-Dienste aller elf Städte und Gemeinden.",
    ),
    DemoProject(
        "Coworking im Bahnhof Lüdinghausen",
        ("Wirtschaft",),
        "Ungenutzte Räume im Bahnhof werden zu einem Coworking-Space mit Online-Buchung; Erfahrungen aus "
        "Smarte.Land.Regionen fließen ein.",
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
            "maturity": item.maturity,
            "starting_point": item.starting_point,
            "goals": item.goals,
            "measures": item.measures,
            "target_groups": item.target_groups,
            "indicators": item.indicators,
            "risks": item.risks,
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
