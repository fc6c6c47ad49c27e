"""Reading surveys and their results.

Results come from the running tallies, which a background task brings up to date after answers
arrive (``tasks.count_answers``); reading them never writes. They cost the same for 50 or
1,000,000 answers; answers not yet counted are shown as such (``Results.uncounted``). A filter by
another answer (cross tabulation) is read from the tallies too; it is refused for groups under the
minimum size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartregion.core.modules import DashboardItem, PersonalData
from smartregion.core.phase_links import PhaseLink
from smartregion.surveys.models import (
    LIST_TYPES,
    MIN_GROUP_SIZE,
    SINGLE_TYPES,
    TEXT_TYPES,
    Draft,
    Option,
    Question,
    QuestionType,
    Response,
    Survey,
    Tally,
    TallyState,
    TextAnswer,
    TextAnswerStatus,
)


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    option_id: int | None = None


@dataclass
class QuestionResult:
    question: Question
    answered: int
    suppressed: bool
    bars: list[Bar] = field(default_factory=list)
    matrix: list[tuple[str, list[Bar]]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)
    is_text: bool = False

    @property
    def type(self) -> str:
        return self.question.type


@dataclass
class Results:
    survey: Survey
    response_count: int
    suppressed: bool
    questions: list[QuestionResult]
    days: list[Bar] = field(default_factory=list)
    started: int = 0
    median_minutes: float | None = None
    filter_label: str = ""
    # Answers stored but not yet in the tallies (the background task counts them shortly).
    uncounted: int = 0

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.response_count / self.started, 1) if self.started else None


def surveys_for_region(*, region: Any, viewer: Any) -> QuerySet[Survey]:
    return Survey.objects.visible_to(viewer, region).select_related("region")


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("show_if_option").prefetch_related("options"))


def filter_choices(
    survey: Survey, questions: list[Question] | None = None
) -> list[tuple[Question, list[Option]]]:
    """Questions that can filter the results: those with one option as the answer."""
    return [
        (q, [o for o in q.options.all() if not o.is_row])
        for q in (questions if questions is not None else questions_of(survey))
        if q.type in SINGLE_TYPES
    ]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _question_result(question: Question, counts: dict[str, int]) -> QuestionResult:
    answered = counts.get("n", 0)
    result = QuestionResult(question=question, answered=answered, suppressed=answered < MIN_GROUP_SIZE)
    result.is_text = question.type in TEXT_TYPES
    if result.suppressed or result.is_text:
        return result
    options = [o for o in question.options.all() if not o.is_row]
    if question.type in SINGLE_TYPES or (
        question.type in LIST_TYPES and question.type != QuestionType.RANKING
    ):
        result.bars = [
            Bar(o.label, counts.get(str(o.pk), 0), _percent(counts.get(str(o.pk), 0), answered), o.pk)
            for o in options
        ]
    elif question.type == QuestionType.RANKING:
        # Bars show the mean rank turned into points: first place gets len(options) points.
        size = len(options)
        for o in options:
            points = sum(counts.get(f"{o.pk}@{rank}", 0) * (size - rank + 1) for rank in range(1, size + 1))
            first = counts.get(f"{o.pk}@1", 0)
            mean_points = points / answered if answered else 0
            result.bars.append(Bar(o.label, first, round(100 * mean_points / size, 1), o.pk))
        result.numbers = {"options": size}
    elif question.type == QuestionType.MATRIX:
        rows = [o for o in question.options.all() if o.is_row]
        result.columns = [o.label for o in options]
        for row in rows:
            row_total = sum(counts.get(f"{row.pk}:{o.pk}", 0) for o in options)
            result.matrix.append(
                (
                    row.label,
                    [
                        Bar(
                            o.label,
                            counts.get(f"{row.pk}:{o.pk}", 0),
                            _percent(counts.get(f"{row.pk}:{o.pk}", 0), row_total),
                        )
                        for o in options
                    ],
                )
            )
    elif question.type == QuestionType.NUMBER:
        values = sorted((int(k[1:]), c) for k, c in counts.items() if k.startswith("v"))
        result.bars = [Bar(label, c, _percent(c, answered)) for label, c in _bins(values)]
        total = sum(v * c for v, c in values)
        result.numbers = {
            "mean": round(total / answered, 1),
            "median": _weighted_median(values),
            "min": values[0][0],
            "max": values[-1][0],
        }
    return result


def _bins(values: list[tuple[int, int]], most: int = 10) -> list[tuple[str, int]]:
    """Counts per value, or per range of values when there are more than ``most`` values."""
    if len(values) <= most:
        return [(str(v), c) for v, c in values]
    low, high = values[0][0], values[-1][0]
    width = -(-(high - low + 1) // most)
    bins: dict[int, int] = {}
    for value, count in values:
        start = low + (value - low) // width * width
        bins[start] = bins.get(start, 0) + count
    return [(f"{start}–{start + width - 1}", count) for start, count in sorted(bins.items())]


def _by_day_or_week(days: list[tuple[str, int]]) -> list[Bar]:
    """Answers per day; per week (from its Monday) when they span more than a month."""
    if len(days) > 31:
        weeks: dict[datetime.date, int] = {}
        for day, count in days:
            date = datetime.date.fromisoformat(day)
            monday = date - datetime.timedelta(days=date.weekday())
            weeks[monday] = weeks.get(monday, 0) + count
        labelled = [
            (_("Woche ab %(date)s") % {"date": date_format(m, "SHORT_DATE_FORMAT")}, c)
            for m, c in sorted(weeks.items())
        ]
    else:
        labelled = [(date_format(datetime.date.fromisoformat(d), "SHORT_DATE_FORMAT"), c) for d, c in days]
    top = max((c for _label, c in labelled), default=0)
    return [Bar(label, count, _percent(count, top)) for label, count in labelled]


def _weighted_median(values: list[tuple[int, int]]) -> float:
    total = sum(c for _v, c in values)
    if not total:
        return 0
    middle, seen = (total + 1) / 2, 0
    for value, count in values:
        seen += count
        if seen >= middle:
            return float(value)
    return float(values[-1][0])


def _assemble(
    survey: Survey, questions: list[Question], by_question: dict[int, dict[str, int]], total: int
) -> Results:
    suppressed = total < MIN_GROUP_SIZE
    results = Results(
        survey=survey,
        response_count=total,
        suppressed=suppressed,
        questions=[] if suppressed else [_question_result(q, by_question.get(q.pk, {})) for q in questions],
    )
    return results


def survey_results(*, survey: Survey, questions: list[Question] | None = None) -> Results:
    """All results from the tallies; ``questions`` (``questions_of``) when the caller has them."""
    state = TallyState.objects.filter(survey=survey).values_list("response_count", flat=True).first() or 0
    by_question: dict[int, dict[str, int]] = {}
    for question_id, key, count in (
        Tally.objects.filter(survey=survey)
        .exclude(key__startswith="f")
        .values_list("question_id", "key", "count")
    ):
        by_question.setdefault(question_id, {})[key] = count
    results = _assemble(
        survey, questions if questions is not None else questions_of(survey), by_question, state
    )
    results.uncounted = uncounted(survey)
    overall = by_question.get(0, {})
    results.days = _by_day_or_week(sorted((k[4:], c) for k, c in overall.items() if k.startswith("day:")))
    minutes = sorted((int(k[8:]), c) for k, c in overall.items() if k.startswith("minutes:"))
    results.median_minutes = _weighted_median(minutes) if minutes else None
    results.started = state + Draft.objects.filter(survey=survey, finished=False).count()
    return results


def public_results(*, region: Any) -> list[Results]:
    """The results of the region's surveys whose results are public (published, ``results_public``),
    newest first, as their result pages show them: suppressed where the page suppresses them.

    Five queries for all surveys together, whatever their number: the surveys, their response
    counts, questions, options and tallies. The figures per day and the free texts are not read.
    """
    surveys = list(Survey.objects.filter(region=region, published=True, results_public=True))
    ids = [survey.pk for survey in surveys]
    if not ids:
        return []
    totals = dict(TallyState.objects.filter(survey_id__in=ids).values_list("survey_id", "response_count"))
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(survey_id__in=ids).prefetch_related("options"):
        questions.setdefault(question.survey_id, []).append(question)
    counts: dict[int, dict[int, dict[str, int]]] = {}
    tallies = (
        Tally.objects.filter(survey_id__in=ids)
        .exclude(question_id=0)
        .exclude(key__startswith="f")
        .values_list("survey_id", "question_id", "key", "count")
    )
    for survey_id, question_id, key, count in tallies:
        counts.setdefault(survey_id, {}).setdefault(question_id, {})[key] = count
    return [
        _assemble(survey, questions.get(survey.pk, []), counts.get(survey.pk, {}), totals.get(survey.pk, 0))
        for survey in surveys
    ]


def filtered_results(
    *, survey: Survey, question: Question, option: Option, questions: list[Question] | None = None
) -> Results:
    """Results of those who gave ``option`` to ``question``; suppressed under the minimum group size.

    Read from the tallies (keys ``f<option id>|…``), so it costs the same at any number of answers.
    """
    prefix = f"f{option.pk}|"
    by_question: dict[int, dict[str, int]] = {}
    rows = Tally.objects.filter(survey=survey, key__startswith=prefix).values_list(
        "question_id", "key", "count"
    )
    for question_id, key, count in rows:
        by_question.setdefault(question_id, {})[key.removeprefix(prefix)] = count
    total = by_question.get(0, {}).get("n", 0)
    results = _assemble(
        survey, questions if questions is not None else questions_of(survey), by_question, total
    )
    results.uncounted = uncounted(survey)
    results.filter_label = f"{question.text}: {option.label}"
    return results


def uncounted(survey: Survey) -> int:
    """Answers stored but not yet folded into the tallies (a partial index keeps this cheap)."""
    return Response.objects.filter(survey=survey, tallied=False).count()


def shown_texts(*, question: Question, search: str = "") -> QuerySet[TextAnswer]:
    texts = TextAnswer.objects.filter(question=question, status=TextAnswerStatus.SHOWN)
    if search:
        texts = texts.filter(text__icontains=search[:100])
    return texts.order_by("-pk")


def texts_to_moderate(*, survey: Survey, status: str = TextAnswerStatus.PENDING) -> QuerySet[TextAnswer]:
    return (
        TextAnswer.objects.filter(question__survey=survey, status=status)
        .select_related("question")
        .order_by("pk")
    )


def phase_links_for(phase_ids: Sequence[int], user: Any) -> Iterable[PhaseLink]:
    """Surveys linked to these phases that the user may see, for the strategy timeline."""
    from smartregion.accounts.roles import membership_in

    surveys = (
        Survey.objects.filter(phase_id__in=phase_ids).select_related("region").order_by("opens_at", "pk")
    )
    for survey in surveys:
        if not survey.published and not (
            getattr(user, "is_superuser", False) or membership_in(user, survey.region_id) is not None
        ):
            continue
        yield PhaseLink(
            phase_id=int(survey.phase_id or 0),
            label=_("Umfrage: %(title)s") % {"title": survey.title},
            url=survey.get_absolute_url(),
            detail=survey.get_status_display(),
        )


def dashboard_items(region: Any, user: Any) -> list[DashboardItem]:
    """Per survey, the free-text answers still to be checked, for those who manage surveys."""
    if not user.has_perm("surveys.manage_surveys", region):
        return []
    pending = (
        Survey.objects.filter(region=region, questions__text_answers__status=TextAnswerStatus.PENDING)
        .values("pk", "title")
        .annotate(pending=Count("questions__text_answers"))
        .order_by("pk")
    )
    return [
        DashboardItem(
            _("Freitextantworten zu prüfen: %(title)s") % {"title": survey["title"]},
            survey["pending"],
            reverse("surveys:moderation", kwargs={"region_slug": region.slug, "survey_id": survey["pk"]}),
        )
        for survey in pending
    ]


def personal_data(user: Any, emails: frozenset[str]) -> list[PersonalData]:
    """Survey answers are stored without account, address or browser: none can be shown as this
    person's ("Meine Daten") - the note says so. No query."""
    return [
        PersonalData(
            _("Antworten auf Umfragen"),
            0,
            note=_(
                "Antworten auf Umfragen werden anonym gespeichert: ohne Konto, E-Mail-Adresse, IP-Adresse "
                "oder Browserkennung. Niemand kann sie Ihnen zuordnen, auch wir nicht; deshalb erscheinen "
                "sie hier nicht."
            ),
        )
    ]
