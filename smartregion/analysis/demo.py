"""Demo data for Bedarfsanalyse from the seed documents; idempotent.

Coesfeld (seed 004): in summer 2019 every one of the eleven municipalities rated the theme fields
on the relevance of digitalisation and on its own scope for action; the consolidated answers gave
the priorities the mayors' conference confirmed in November 2019. The answers below are made up,
but consolidate by the default rule into exactly those tiers.
Steinfurt: an open round on the six fields of action, with some municipalities still missing.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from smartregion.analysis import services
from smartregion.analysis.models import MATURITY, RELEVANCE, SCOPE, AnalysisRound
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction, Phase

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
COESFELD_ROUND = "Bedarfsanalyse Coesfeld 12.0 (Sommer 2019)"
STEINFURT_ROUND = "Bedarfsanalyse 2026: Fortschreibung der Handlungsfelder"

# One character per municipality in alphabetical order (Ascheberg … Senden); "x": kann ich nicht beurteilen.
COESFELD_ANSWERS: dict[str, dict[str, str]] = {
    "Verwaltung": {RELEVANCE: "55545554555", SCOPE: "44434454443", MATURITY: "32323232233"},
    "Bildung": {RELEVANCE: "45554455545", SCOPE: "434x4434344", MATURITY: "22323222322"},
    "Mobilität": {RELEVANCE: "44534443454", SCOPE: "33323343332", MATURITY: "21212122121"},
    "Wirtschaft": {RELEVANCE: "43444345443", SCOPE: "34333433343", MATURITY: "22323232222"},
    "Innenstadt/Dorfmitte": {RELEVANCE: "34443444534", SCOPE: "43434343443", MATURITY: "21222121212"},
    "Gesundheit": {RELEVANCE: "3343234x332", SCOPE: "21222122312", MATURITY: "1212x121211"},
    "Kultur": {RELEVANCE: "23232332322", SCOPE: "33232333x23", MATURITY: "12121212112"},
    "Tourismus": {RELEVANCE: "34323243233", SCOPE: "22332223322", MATURITY: "22121221212"},
}
COESFELD_COMMENTS = {
    (
        "Dülmen",
        "Verwaltung",
    ): "Online-Zugang nach OZG ist das drängendste Thema; gemeinsame Lösungen mit dem Kreis.",
    (
        "Coesfeld",
        "Innenstadt/Dorfmitte",
    ): "Leerstand in der Innenstadt; digitaler Marktplatz für den Handel vor Ort.",
    ("Nottuln", "Mobilität"): "Anbindung der Ortsteile; Lastenräder und Bürgerbus digital buchbar machen.",
}
COESFELD_QUESTIONS = ["Welche digitalen Vorhaben laufen in Ihrer Kommune bereits?"]
COESFELD_TEXTS = {
    "Dülmen": "Ratsinformationssystem, digitale Bauakte in Vorbereitung.",
    "Lüdinghausen": "WLAN in der Innenstadt, Terminvergabe im Bürgerbüro.",
}

# Steinfurt: who has submitted, who saved a draft; the rest (Greven among them) has not started.
STEINFURT_SUBMITTED = ("Emsdetten", "Ibbenbüren", "Rheine", "Steinfurt", "Lengerich", "Ochtrup", "Mettingen")
STEINFURT_DRAFTS = ("Hörstel", "Altenberge")
STEINFURT_PATTERN = "4534435"  # varied per municipality and field below


@transaction.atomic
def load() -> None:
    """Create both demo rounds once."""
    coesfeld = Region.objects.filter(slug="kreis-coesfeld").first()
    if (
        coesfeld is not None
        and not AnalysisRound.objects.filter(region=coesfeld, name=COESFELD_ROUND).exists()
    ):
        _coesfeld(coesfeld)
    steinfurt = Region.objects.filter(slug="kreis-steinfurt").first()
    if (
        steinfurt is not None
        and not AnalysisRound.objects.filter(region=steinfurt, name=STEINFURT_ROUND).exists()
    ):
        _steinfurt(steinfurt)


def _value(char: str) -> int | None:
    return None if char == "x" else int(char)


def _coesfeld(region: Region) -> None:
    fields = list(FieldOfAction.objects.filter(strategy__region=region).order_by("order", "pk"))
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    if not fields or len(municipalities) != 11:
        return
    phase = Phase.objects.filter(strategy__region=region, name="Vision und Handlungsfelder").first()
    opened = datetime.datetime(2019, 7, 1, 9, 0, tzinfo=BERLIN)
    deadline = datetime.datetime(2019, 8, 30, 23, 59, tzinfo=BERLIN)
    analysis_round = services.open_round(
        region=region,
        actor=None,
        name=COESFELD_ROUND,
        introduction=(
            "Wo sehen Sie in Ihrer Kommune Bedarfe für digitale Lösungen, und wie groß ist Ihr "
            "Gestaltungsspielraum? Die Antworten aller Städte und Gemeinden werden übereinandergelegt."
        ),
        fields=fields,
        municipalities=municipalities,
        deadline=deadline,
        questions=COESFELD_QUESTIONS,
        phase=phase,
        now=opened,
    )
    by_name = {f.name: f for f in fields}
    for index, municipality in enumerate(municipalities):
        questionnaire = analysis_round.questionnaires.get(municipality=municipality)
        answers = {
            (by_name[field_name].pk, dimension): _value(values[index])
            for field_name, dimensions in COESFELD_ANSWERS.items()
            if field_name in by_name
            for dimension, values in dimensions.items()
        }
        comments = {
            by_name[field_name].pk: text
            for (name, field_name), text in COESFELD_COMMENTS.items()
            if name == municipality.name and field_name in by_name
        }
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers=answers,
            comments=comments,
            text_answers=[COESFELD_TEXTS.get(municipality.name, "")],
            expected_version=0,
            submit=True,
            now=opened + datetime.timedelta(days=20 + index * 3),
        )
    services.close_round(analysis_round=analysis_round, actor=None)
    services.confirm_tiers(analysis_round=analysis_round, actor=None)
    services.publish_results(analysis_round=analysis_round, actor=None)


def _steinfurt(region: Region) -> None:
    fields = list(FieldOfAction.objects.filter(strategy__region=region).order_by("order", "pk"))
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    if not fields or not municipalities:
        return
    phase = Phase.objects.filter(strategy__region=region, name="Umsetzung").first()
    deadline = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0) + datetime.timedelta(
        days=21
    )
    analysis_round = services.open_round(
        region=region,
        actor=None,
        name=STEINFURT_ROUND,
        introduction="Vier Jahre nach dem Kreistagsbeschluss: Wo stehen die Kommunen heute, und was ist jetzt wichtig?",
        fields=fields,
        municipalities=municipalities,
        deadline=deadline,
        questions=["Welches Projekt einer anderen Kommune würden Sie gern nachnutzen?"],
        phase=phase,
    )
    for index, municipality in enumerate(municipalities):
        submit = municipality.name in STEINFURT_SUBMITTED
        if not submit and municipality.name not in STEINFURT_DRAFTS:
            continue
        answers: dict[tuple[int, str], int | None] = {}
        for f_index, field in enumerate(fields):
            for d_index, dimension in enumerate(analysis_round.dimension_keys()):
                if not submit and f_index >= 3:
                    continue  # a draft: half done
                char = STEINFURT_PATTERN[(index + f_index * 2 + d_index) % len(STEINFURT_PATTERN)]
                answers[(field.pk, dimension)] = max(1, int(char) - (1 if d_index == 2 else 0))
        services.save_questionnaire(
            questionnaire=analysis_round.questionnaires.get(municipality=municipality),
            actor=None,
            answers=answers,
            expected_version=0,
            submit=submit,
        )
