"""Demo surveys from the seed documents; idempotent.

Dithmarschen's online survey of autumn 2021 (seed 003: which online services people use, what
should improve in culture, health and administration; open until 31 October 2021) with 2,000
generated answers, closed and its results published; and a Steinfurt survey on its six fields of
action that is open now, so anyone trying the demo can answer it.
"""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction, Phase
from smartregion.surveys import services
from smartregion.surveys.answers import QuestionSpec, check_answers
from smartregion.surveys.models import Draft, QuestionType, Response, Survey, TextAnswer, TextAnswerStatus

DITHMARSCHEN_TITLE = "Dithmarschen Digital: Online-Umfrage"
STEINFURT_TITLE = "Welche Handlungsfelder sind Ihnen wichtig?"
ANSWERS = 2000
TEXTS = (
    "Mehr Termine beim Bürgerbüro online buchen können.",
    "Schnelleres Internet auf dem Land, bei uns im Dorf ist es sehr langsam.",
    "Eine App für Veranstaltungen im ganzen Kreis wäre schön.",
    "Online-Sprechstunde beim Hausarzt, die Wege sind weit.",
    "Anträge wie Wohngeld komplett online stellen.",
    "Die Bibliothek sollte mehr E-Books anbieten.",
)


def load() -> None:
    """Load the demo data of this app."""
    with transaction.atomic():
        dithmarschen = Region.objects.filter(slug="kreis-dithmarschen").first()
        if dithmarschen and not Survey.objects.filter(region=dithmarschen, title=DITHMARSCHEN_TITLE).exists():
            _dithmarschen(dithmarschen)
        steinfurt = Region.objects.filter(slug="kreis-steinfurt").first()
        if steinfurt and not Survey.objects.filter(region=steinfurt, title=STEINFURT_TITLE).exists():
            _steinfurt(steinfurt)


def _phase(region: Region, name: str) -> Phase | None:
    return Phase.objects.filter(strategy__region=region, name=name).first()


def _at(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _dithmarschen(region: Region) -> None:
    survey = services.create_survey(
        region=region,
        actor=None,
        data={
            "title": DITHMARSCHEN_TITLE,
            "description": (
                "Der Kreis Dithmarschen entwickelt mit Ämtern, Städten und Gemeinden eine Digitalstrategie. "
                "Für welche Infos oder Dienstleistungen nutzen Sie das Internet? Welche digitalen Angebote "
                "aus Kultur, Gesundheit und Verwaltung ließen sich verbessern? Die Beantwortung dauert "
                "etwa zehn Minuten."
            ),
            "privacy_notice": (
                "Die Teilnahme ist anonym. Gespeichert werden nur Ihre Antworten und der Tag der Teilnahme, "
                "keine IP-Adresse, kein Browser, kein Konto."
            ),
            "opens_at": _at(2021, 9, 20, 8),
            "closes_at": _at(2021, 11, 1),
            "phase": _phase(region, "Vision und Handlungsfelder")
            or Phase.objects.filter(strategy__region=region).first(),
        },
    )
    add = _adder(survey)
    age = add(
        QuestionType.SINGLE,
        "Wie alt sind Sie?",
        ["unter 30", "30 bis 49", "50 bis 64", "65 und älter"],
        required=True,
    )
    if region.municipalities.exists():
        add(QuestionType.MUNICIPALITY, "In welcher Kommune wohnen Sie?")
    add(
        QuestionType.MULTIPLE,
        "Für welche Infos oder Dienstleistungen nutzen Sie das Internet?",
        [
            "Nachrichten",
            "Einkaufen",
            "Bankgeschäfte",
            "Online-Dienste der Verwaltung",
            "Gesundheitsinformationen",
            "Kultur und Veranstaltungen",
            "Soziale Netzwerke",
        ],
        required=True,
    )
    used = add(QuestionType.YESNO, "Haben Sie schon einen Online-Dienst der Kreisverwaltung genutzt?", page=2)
    add(
        QuestionType.SINGLE,
        "Wie zufrieden waren Sie damit?",
        ["sehr zufrieden", "eher zufrieden", "eher unzufrieden", "sehr unzufrieden"],
        page=2,
        show_if=used.options.get(label="Ja"),
    )
    add(
        QuestionType.MATRIX,
        "Wie wichtig ist Ihnen der Ausbau dieser digitalen Angebote?",
        ["sehr wichtig", "eher wichtig", "eher unwichtig", "unwichtig"],
        rows=[
            "Kultur: digitale Bibliothek und Veranstaltungskalender",
            "Gesundheit: Online-Terminbuchung und Videosprechstunde",
            "Verwaltung: Anträge online stellen",
            "Verwaltung: Termine im Bürgerbüro online buchen",
        ],
        page=2,
        required=True,
    )
    add(
        QuestionType.RANKING,
        "Wo sollte der Kreis zuerst digital besser werden?",
        ["Kultur", "Gesundheit", "Verwaltung"],
        page=3,
    )
    add(
        QuestionType.NUMBER,
        "Wie viele Stunden in der Woche nutzen Sie das Internet privat?",
        page=3,
        min_value=0,
        max_value=100,
    )
    add(QuestionType.LONG_TEXT, "Was sollte der Kreis digital verbessern?", page=3)
    specs = services.survey_specs(survey)
    _generate(survey, specs, age.pk)
    services.publish_survey(survey=survey, actor=None)
    services.publish_results(survey=survey, actor=None)
    # Some started and never finished: the completion rate is not 100 %.
    first = next(spec for spec in specs if spec.page == 1)
    Draft.objects.bulk_create(
        [
            Draft(
                survey=survey, token=secrets.token_urlsafe(24), answers={first.key: first.options[0]}, page=2
            )
            for _ in range(260)
        ]
    )
    services.refresh_tallies(survey=survey)
    # The generated texts hold no personal data: shown as if moderated.
    TextAnswer.objects.filter(question__survey=survey).update(status=TextAnswerStatus.SHOWN)


def _adder(survey: Survey) -> Any:
    def add(
        kind: str, text: str, options: list[str] | None = None, *, show_if: Any = None, **kwargs: Any
    ) -> Any:
        return services.add_question(
            survey=survey,
            actor=None,
            type=kind,
            text=text,
            options=options or [],
            show_if_option=show_if,
            **kwargs,
        )

    return add


def _generate(survey: Survey, specs: list[QuestionSpec], age_id: int) -> None:
    """2,000 plausible answers spread over the six weeks, each checked by the validator."""
    rng = random.Random(2021)  # noqa: S311 - demo data, not security
    start = datetime.date(2021, 9, 20)
    responses, texts = [], []
    for number in range(ANSWERS):
        given: dict[str, Any] = {}
        for spec in specs:
            value = _plausible(spec, rng)
            if value is not None:
                given[str(spec.id)] = value
        checked = check_answers(specs, given)
        day = start + datetime.timedelta(days=min(41, int(rng.expovariate(1 / 9))))
        responses.append(
            Response(
                survey=survey,
                day=day,
                duration_minutes=max(3, int(rng.gauss(10, 3))),
                answers=checked.answers,
            )
        )
        if number % 25 == 0:
            texts.append(rng.choice(TEXTS))
        else:
            texts.append("")
    long_text = next(spec for spec in specs if spec.type == QuestionType.LONG_TEXT)
    for response, text in zip(responses, texts, strict=True):
        if text:
            response.answers[long_text.key] = text
    Response.objects.bulk_create(responses, batch_size=500)


def _plausible(spec: QuestionSpec, rng: random.Random) -> Any:
    if not spec.required and rng.random() < 0.15:
        return None
    if spec.type in (QuestionType.SINGLE, QuestionType.YESNO, QuestionType.MUNICIPALITY):
        weights = [len(spec.options) - i + 1 for i in range(len(spec.options))]
        return rng.choices(spec.options, weights=weights)[0]
    if spec.type == QuestionType.MULTIPLE:
        return [o for i, o in enumerate(spec.options) if rng.random() < 0.75 - i * 0.07]
    if spec.type == QuestionType.MATRIX:
        return {str(row): rng.choices(spec.options, weights=[5, 4, 2, 1])[0] for row in spec.rows}
    if spec.type == QuestionType.RANKING:
        order = list(spec.options)
        rng.shuffle(order)
        return order
    if spec.type == QuestionType.NUMBER:
        return max(0, min(100, int(rng.gauss(14, 7))))
    return None


def _steinfurt(region: Region) -> None:
    now = timezone.now()
    survey = services.create_survey(
        region=region,
        actor=None,
        data={
            "title": STEINFURT_TITLE,
            "description": "Der Kreis Steinfurt möchte wissen, welche Handlungsfelder der Digitalstrategie Ihnen am wichtigsten sind.",
            "privacy_notice": (
                "Die Teilnahme ist anonym. Gespeichert werden nur Ihre Antworten und der Tag der Teilnahme, "
                "keine IP-Adresse, kein Browser, kein Konto. Bitte schreiben Sie keine Namen in die Freitexte."
            ),
            "opens_at": now - datetime.timedelta(days=7),
            "closes_at": now + datetime.timedelta(days=90),
        },
    )
    add = _adder(survey)
    if FieldOfAction.objects.filter(strategy__region=region).exists():
        add(
            QuestionType.FIELD,
            "Welche Handlungsfelder sind Ihnen am wichtigsten?",
            required=True,
            max_choices=3,
        )
    if region.municipalities.exists():
        add(QuestionType.MUNICIPALITY, "In welcher Kommune wohnen Sie?")
    add(QuestionType.YESNO, "Nutzen Sie schon Online-Dienste Ihrer Kommune?", page=2)
    add(QuestionType.SHORT_TEXT, "Was wünschen Sie sich als Erstes?", page=2)
    services.publish_survey(survey=survey, actor=None)
