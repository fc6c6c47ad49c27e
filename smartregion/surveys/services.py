"""Every write of the surveys app: building, publishing, answering, moderating, tallying.

Services take keyword arguments, raise django ``ValidationError`` with German messages and write
inside one transaction; nothing is half-stored.
"""

from __future__ import annotations

import datetime
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.core.updates import apply_changes
from smartregion.regions.models import Region
from smartregion.strategy.models import Phase
from smartregion.surveys import tasks
from smartregion.surveys.answers import QuestionSpec, check_answers, specs_for
from smartregion.surveys.models import (
    LIST_TYPES,
    OPTION_TYPES,
    SINGLE_TYPES,
    TEXT_TYPES,
    AccessCode,
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
    new_short_code,
)

SURVEY_FIELDS = (
    "title",
    "description",
    "privacy_notice",
    "phase",
    "opens_at",
    "closes_at",
    "requires_code",
)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _check_times(opens_at: datetime.datetime | None, closes_at: datetime.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})


def _check_phase(region: Region, phase: Phase | None) -> None:
    if phase is not None and phase.strategy.region_id != region.pk:
        raise ValidationError({"phase": _("Diese Phase gehört nicht zu dieser Region.")})


# Building ------------------------------------------------------------------------------------


def _new_revision(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(revision=F("revision") + 1)
    survey.refresh_from_db(fields=["revision"])


@transaction.atomic
def create_survey(*, region: Region, actor: Any, data: Mapping[str, Any]) -> Survey:
    """A new survey as a draft; ``data`` holds the fields of ``SURVEY_FIELDS``."""
    _check_times(data.get("opens_at"), data.get("closes_at"))
    _check_phase(region, data.get("phase"))
    survey = Survey.objects.create(region=region, **{k: data[k] for k in SURVEY_FIELDS if k in data})
    TallyState.objects.create(survey=survey)
    record_event(actor=actor, action="surveys.create", obj=survey, region=region)
    return survey


@transaction.atomic
def change_survey(*, survey: Survey, actor: Any, data: Mapping[str, Any]) -> Survey:
    _check_times(data.get("opens_at", survey.opens_at), data.get("closes_at", survey.closes_at))
    _check_phase(survey.region, data.get("phase"))
    apply_changes(survey, data, SURVEY_FIELDS)
    survey.save()
    record_event(actor=actor, action="surveys.change", obj=survey, region=survey.region)
    return survey


@transaction.atomic
def publish_survey(*, survey: Survey, actor: Any, published: bool = True) -> Survey:
    if published and not survey.questions.exists():
        raise ValidationError(_("Eine Umfrage ohne Fragen kann nicht veröffentlicht werden."))
    survey.published = published
    survey.save(update_fields=["published"])
    record_event(
        actor=actor,
        action="surveys.publish" if published else "surveys.unpublish",
        obj=survey,
        region=survey.region,
    )
    return survey


@transaction.atomic
def publish_results(*, survey: Survey, actor: Any, public: bool = True) -> Survey:
    survey.results_public = public
    survey.save(update_fields=["results_public"])
    record_event(
        actor=actor,
        action="surveys.results_public",
        obj=survey,
        region=survey.region,
        details={"public": public},
    )
    return survey


def _region_options(region: Region, kind: str) -> list[str]:
    if kind == QuestionType.MUNICIPALITY:
        return list(region.municipalities.order_by("name").values_list("name", flat=True))
    from smartregion.strategy.models import FieldOfAction

    return list(FieldOfAction.objects.filter(strategy__region=region).values_list("name", flat=True))


def _clean_labels(labels: Sequence[str]) -> list[str]:
    return [label.strip()[:300] for label in labels if label and label.strip()]


@transaction.atomic
def add_question(
    *,
    survey: Survey,
    actor: Any,
    type: str,
    text: str,
    options: Sequence[str] = (),
    rows: Sequence[str] = (),
    page: int = 1,
    required: bool = False,
    help_text: str = "",
    max_choices: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
    show_if_option: Option | None = None,
) -> Question:
    """A question at the end of its page; options of municipalities and fields come from the region."""
    if type not in QuestionType.values:
        raise ValidationError({"type": _("Unbekannte Frageart.")})
    labels = _clean_labels(options)
    if type == QuestionType.YESNO:
        labels = [_("Ja"), _("Nein")]
    elif type in (QuestionType.MUNICIPALITY, QuestionType.FIELD):
        labels = _region_options(survey.region, type)
        if not labels:
            raise ValidationError({"type": _("Für diese Frageart hat die Region noch keine Einträge.")})
    elif type in OPTION_TYPES and len(labels) < 2:
        raise ValidationError({"options": _("Bitte geben Sie mindestens zwei Antworten an, eine je Zeile.")})
    row_labels = _clean_labels(rows)
    if type == QuestionType.MATRIX and not row_labels:
        raise ValidationError({"rows": _("Bitte geben Sie mindestens eine Zeile an.")})
    if min_value is not None and max_value is not None and max_value < min_value:
        raise ValidationError(
            {"max_value": _("Der größte Wert muss mindestens so groß sein wie der kleinste.")}
        )
    if show_if_option is not None and show_if_option.question.survey_id != survey.pk:
        raise ValidationError({"show_if_option": _("Die Bedingung muss sich auf diese Umfrage beziehen.")})
    last = survey.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = Question(
        survey=survey,
        type=type,
        text=text.strip(),
        page=page,
        required=required,
        help_text=help_text.strip(),
        max_choices=max_choices if type in LIST_TYPES else None,
        min_value=min_value if type == QuestionType.NUMBER else None,
        max_value=max_value if type == QuestionType.NUMBER else None,
        show_if_option=show_if_option,
        order=last + 1,
    )
    question.full_clean()
    question.save()
    if type in OPTION_TYPES:
        Option.objects.bulk_create(
            [Option(question=question, label=label, order=i) for i, label in enumerate(labels)]
            + [
                Option(question=question, label=label, order=i, is_row=True)
                for i, label in enumerate(row_labels)
            ]
        )
    _new_revision(survey)
    record_event(
        actor=actor,
        action="surveys.add_question",
        obj=survey,
        region=survey.region,
        details={"question": question.pk},
    )
    return question


@transaction.atomic
def change_question(
    *, question: Question, actor: Any, text: str, help_text: str = "", required: bool = False, page: int = 1
) -> Question:
    """Change the wording, hint, page or whether it is required; the options stay as answered."""
    question.text = text.strip()
    question.help_text = help_text.strip()
    question.required = required
    question.page = page
    question.full_clean()
    question.save(update_fields=["text", "help_text", "required", "page"])
    _new_revision(question.survey)
    record_event(
        actor=actor, action="surveys.change_question", obj=question.survey, region=question.survey.region
    )
    return question


@transaction.atomic
def delete_question(*, question: Question, actor: Any) -> None:
    if question.survey.responses.exists():
        raise ValidationError(_("Fragen einer Umfrage mit Antworten lassen sich nicht mehr löschen."))
    survey = question.survey
    question.delete()
    _new_revision(survey)
    record_event(actor=actor, action="surveys.delete_question", obj=survey, region=survey.region)


@transaction.atomic
def move_question(*, question: Question, actor: Any, up: bool) -> None:
    """Swap the question with its neighbour in the survey's order."""
    siblings = list(question.survey.questions.order_by("page", "order", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    first, second = siblings[index], siblings[other_index]
    first.page, second.page = second.page, first.page
    siblings[index], siblings[other_index] = second, first
    for i, item in enumerate(siblings):
        item.order = i
    Question.objects.bulk_update(siblings, ["order", "page"])
    _new_revision(question.survey)
    record_event(
        actor=actor, action="surveys.move_question", obj=question.survey, region=question.survey.region
    )


@transaction.atomic
def duplicate_survey(*, survey: Survey, actor: Any) -> Survey:
    """A draft copy with the same questions, options and conditions, and no answers."""
    copy = Survey.objects.create(
        region=survey.region,
        title=_("Kopie von %(title)s") % {"title": survey.title},
        description=survey.description,
        privacy_notice=survey.privacy_notice,
        phase=survey.phase,
        requires_code=survey.requires_code,
        short_code=new_short_code(),
    )
    TallyState.objects.create(survey=copy)
    option_map: dict[int, Option] = {}
    conditions: list[tuple[Question, int]] = []
    for question in survey.questions.prefetch_related("options"):
        old_condition = question.show_if_option_id
        options = list(question.options.all())
        question.pk = None
        question.survey = copy
        question.show_if_option = None
        question.save()
        for option in options:
            old_id = option.pk
            option.pk = None
            option.question = question
            option.save()
            option_map[old_id] = option
        if old_condition:
            conditions.append((question, old_condition))
    for question, old_condition in conditions:
        question.show_if_option = option_map.get(old_condition)
        question.save(update_fields=["show_if_option"])
    record_event(
        actor=actor, action="surveys.duplicate", obj=copy, region=copy.region, details={"from": survey.pk}
    )
    return copy


@transaction.atomic
def create_access_codes(*, survey: Survey, actor: Any, count: int) -> list[str]:
    """New one-time codes; the codes are returned once, for printing."""
    if not 1 <= count <= 1000:
        raise ValidationError({"count": _("Bitte zwischen 1 und 1000 Codes erzeugen.")})
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in range(count)]
    AccessCode.objects.bulk_create([AccessCode(survey=survey, code=code) for code in codes])
    record_event(
        actor=actor, action="surveys.access_codes", obj=survey, region=survey.region, details={"count": count}
    )
    return codes


# Answering -----------------------------------------------------------------------------------


# The questions of a survey revision, per process: answering then costs no query for them.
_specs_cache: dict[int, tuple[tuple[int, Any], list[QuestionSpec]]] = {}


def survey_specs(survey: Survey) -> list[QuestionSpec]:
    """The questions as the validator needs them, for the survey's current revision."""
    stamp = (survey.revision, survey.created_at)
    cached = _specs_cache.get(survey.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    questions = survey.questions.select_related("show_if_option").prefetch_related("options")
    specs = specs_for(questions)
    if len(_specs_cache) > 500:
        _specs_cache.clear()
    _specs_cache[survey.pk] = (stamp, specs)
    return specs


def _check_open(survey: Survey) -> None:
    if not survey.published:
        raise ValidationError(_("Diese Umfrage ist nicht veröffentlicht."))
    now = timezone.now()
    if survey.opens_at and now < survey.opens_at:
        raise ValidationError(_("Diese Umfrage hat noch nicht begonnen."))
    if survey.closes_at and now >= survey.closes_at:
        raise ValidationError(_("Diese Umfrage ist beendet; Antworten sind nicht mehr möglich."))


def _normalise_code(code: str | None) -> str:
    return "".join((code or "").split()).upper()[:20]


def _lock_access_code(survey: Survey, code: str | None) -> AccessCode | None:
    if not survey.requires_code:
        return None
    found = (
        AccessCode.objects.select_for_update()
        .filter(survey=survey, code=_normalise_code(code), used=False)
        .first()
    )
    if found is None:
        raise ValidationError({"access_code": _("Dieser Zugangscode ist ungültig oder schon benutzt.")})
    return found


def check_access_code(*, survey: Survey, code: str | None) -> AccessCode | None:
    """The unused code, for the start of an answer; raises when it is wrong or used."""
    if not survey.requires_code:
        return None
    found = AccessCode.objects.filter(survey=survey, code=_normalise_code(code), used=False).first()
    if found is None:
        raise ValidationError({"access_code": _("Dieser Zugangscode ist ungültig oder schon benutzt.")})
    return found


class AlreadyStored(ValidationError):
    """This answer is stored already: the same submission or the last page of a finished draft came
    again (a double click, a reload). Pages show the thank-you page; nothing is stored twice."""

    def __init__(self) -> None:
        super().__init__(_("Diese Antwort wurde bereits gespeichert. Vielen Dank!"), code="already_stored")


class AnswerErrors(ValidationError):
    """Answers that do not fit; ``by_question`` maps question ids (0: the whole form) to messages."""

    def __init__(self, by_question: dict[int, str]) -> None:
        self.by_question = by_question
        super().__init__(list(by_question.values()))


def submit_response(
    *,
    survey: Survey,
    answers: Mapping[str, Any],
    submission_key: str | None = None,
    access_code: str | None = None,
    started_at: datetime.datetime | None = None,
    specs: list[QuestionSpec] | None = None,
) -> Response:
    """Store one finished answer: only the answers, the day and the duration in whole minutes.

    ``specs`` may be passed by a caller that has them (``survey_specs``).

    Raises ``AnswerErrors`` for answers that do not fit, ``ValidationError`` when the survey does
    not take answers, the code is wrong or used, or ``AlreadyStored`` when the same submission
    was stored already.
    """
    _check_open(survey)
    specs = specs if specs is not None else survey_specs(survey)
    checked = check_answers(specs, answers)
    if checked.errors:
        raise AnswerErrors(checked.errors)
    return _store(survey, checked.answers, submission_key, access_code, started_at)


def _store(
    survey: Survey,
    clean: dict[str, Any],
    submission_key: str | None,
    access_code: str | None,
    started_at: datetime.datetime | None,
) -> Response:
    now = timezone.now()
    minutes = None
    if started_at is not None:
        minutes = max(0, min(int((now - started_at).total_seconds() // 60), 24 * 60))
    try:
        if not survey.requires_code and not submission_key:
            # One INSERT: the tallies and the free-text rows follow in the background (tasks.py).
            response = Response.objects.create(
                survey=survey,
                day=timezone.localdate(now),
                duration_minutes=minutes,
                answers=clean,
                submission_key=submission_key or None,
            )
            tasks.queue_counting(survey.pk)
            return response
        with transaction.atomic():
            try:
                code = _lock_access_code(survey, access_code)
            except ValidationError:
                # The code went to this very submission (sent twice): that is no wrong code.
                if (
                    submission_key
                    and Response.objects.filter(survey=survey, submission_key=submission_key).exists()
                ):
                    raise AlreadyStored() from None
                raise
            response = Response.objects.create(
                survey=survey,
                day=timezone.localdate(now),
                duration_minutes=minutes,
                answers=clean,
                submission_key=submission_key or None,
            )
            if code is not None:
                AccessCode.objects.filter(pk=code.pk).update(used=True)
            tasks.queue_counting(survey.pk)
    except IntegrityError as error:
        raise AlreadyStored() from error
    return response


def save_draft_page(
    *,
    survey: Survey,
    draft: Draft | None,
    page: int,
    given: Mapping[str, Any],
    access_code: str | None = None,
    specs: list[QuestionSpec] | None = None,
) -> Draft:
    """Check one page and keep its answers in the draft (created on the first page). Raises
    ``AlreadyStored`` when the draft was finished meanwhile (its last page sent twice)."""
    _check_open(survey)
    specs = specs if specs is not None else survey_specs(survey)
    earlier = dict(draft.answers) if draft else {}
    checked = check_answers(specs, given, pages={page}, earlier=earlier)
    if checked.errors:
        raise AnswerErrors(checked.errors)
    for spec in specs:
        if spec.page == page:
            earlier.pop(spec.key, None)
    earlier.update(checked.answers)
    if draft is None:
        code = check_access_code(survey=survey, code=access_code)
        return Draft.objects.create(
            survey=survey, token=secrets.token_urlsafe(24), answers=earlier, page=page + 1, access_code=code
        )
    # A conditional UPDATE, not save(): another request with the same draft may have finished it
    # since this one read it.
    if not Draft.objects.filter(pk=draft.pk, finished=False).update(answers=earlier, page=page + 1):
        raise AlreadyStored()
    draft.answers = earlier
    draft.page = page + 1
    return draft


def finish_draft(*, draft_token: str, specs: list[QuestionSpec] | None = None) -> Response:
    """Turn a draft into a response (all answers checked again) and empty the draft, which stays as
    a receipt (see Draft). Raises ``AlreadyStored`` for a draft finished before."""
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("survey", "access_code")
            .filter(token=draft_token)
            .first()
        )
        if draft is None:
            raise ValidationError(_("Diese Antwort wurde bereits abgeschlossen oder der Link ist ungültig."))
        if draft.finished:
            raise AlreadyStored()
        survey = draft.survey
        _check_open(survey)
        specs = specs if specs is not None else survey_specs(survey)
        given = {key.removeprefix("q"): value for key, value in draft.answers.items()}
        checked = check_answers(specs, given)
        if checked.errors:
            raise AnswerErrors(checked.errors)
        code = draft.access_code.code if draft.access_code else None
        started = draft.started_at
        day = timezone.localtime(started).replace(hour=0, minute=0, second=0, microsecond=0)
        Draft.objects.filter(pk=draft.pk).update(finished=True, answers={}, access_code=None, started_at=day)
        return _store(survey, checked.answers, None, code, started)


# Moderation ----------------------------------------------------------------------------------


@transaction.atomic
def moderate_text(*, answer: TextAnswer, actor: Any, status: str, text: str | None = None) -> TextAnswer:
    """Show or hide a free-text answer, optionally with personal data removed from its text."""
    if status not in TextAnswerStatus.values:
        raise ValidationError({"status": _("Unbekannter Status.")})
    answer.status = status
    if text is not None and text.strip():
        answer.text = text.strip()[:5000]
    answer.save(update_fields=["status", "text"])
    record_event(
        actor=actor,
        action="surveys.moderate_text",
        obj=answer.question.survey,
        region=answer.question.survey.region,
    )
    return answer


# Tallies -------------------------------------------------------------------------------------


def tally_keys(
    specs: Sequence[QuestionSpec], answers: Mapping[str, Any], counter: Counter[tuple[int, str]]
) -> None:
    """Add the keys one response contributes to the running counts.

    Besides the plain keys, each key is counted once more per answer to a question that can
    filter the results (one option as the answer), as ``f<option id>|<key>``: a filtered result
    (cross tabulation) is then read from the tallies like the whole one, at any size.
    """
    own: list[tuple[int, str]] = []
    _plain_keys(specs, answers, own)
    for item in own:
        counter[item] += 1
    for spec in specs:
        chosen = answers.get(spec.key) if spec.type in SINGLE_TYPES else None
        if chosen is None:
            continue
        prefix = f"f{chosen}|"
        counter[(0, prefix + "n")] += 1
        for question_id, key in own:
            counter[(question_id, prefix + key)] += 1


def _plain_keys(
    specs: Sequence[QuestionSpec], answers: Mapping[str, Any], out: list[tuple[int, str]]
) -> None:
    for spec in specs:
        value = answers.get(spec.key)
        if value is None:
            continue
        out.append((spec.id, "n"))
        if spec.type in SINGLE_TYPES:
            out.append((spec.id, str(value)))
        elif spec.type == QuestionType.RANKING:
            out += [(spec.id, f"{option}@{rank}") for rank, option in enumerate(value, start=1)]
        elif spec.type in LIST_TYPES:
            out += [(spec.id, str(option)) for option in value]
        elif spec.type == QuestionType.MATRIX:
            out += [(spec.id, f"{row}:{option}") for row, option in value.items()]
        elif spec.type == QuestionType.NUMBER:
            out.append((spec.id, f"v{value}"))


def refresh_tallies(*, survey: Survey, batch: int = 5000) -> int:
    """Fold the answers that are not counted yet into the tallies; returns the number counted.

    Free-text answers get their moderation rows here too, so that answering is one INSERT. Runs in
    the background (``tasks.count_answers``, queued by each answer), never while a page is read.

    The first statement updates the survey's ``TallyState`` row, which serialises concurrent
    refreshes (a row lock on PostgreSQL, the write lock on SQLite), so no answer counts twice.
    """
    specs = survey_specs(survey)
    text_specs = [spec for spec in specs if spec.type in TEXT_TYPES]
    total = 0
    while True:
        with transaction.atomic():
            TallyState.objects.filter(survey=survey).update(response_count=F("response_count"))
            rows = list(
                Response.objects.filter(survey=survey, tallied=False)
                .order_by("id")
                .values_list("id", "answers", "day", "duration_minutes")[:batch]
            )
            if not rows:
                return total
            counter: Counter[tuple[int, str]] = Counter()
            texts = []
            for response_id, answers, day, minutes in rows:
                tally_keys(specs, answers, counter)
                texts += [
                    TextAnswer(question_id=spec.id, response_id=response_id, text=answers[spec.key])
                    for spec in text_specs
                    if answers.get(spec.key)
                ]
                counter[(0, f"day:{day.isoformat()}")] += 1
                if minutes is not None:
                    counter[(0, f"minutes:{minutes}")] += 1
            _add_to_tallies(survey, counter)
            TextAnswer.objects.bulk_create(texts, batch_size=1000)
            Response.objects.filter(id__in=[row[0] for row in rows]).update(tallied=True)
            TallyState.objects.filter(survey=survey).update(response_count=F("response_count") + len(rows))
            total += len(rows)


def _add_to_tallies(survey: Survey, counter: Counter[tuple[int, str]]) -> None:
    existing = {
        (t.question_id, t.key): t
        for t in Tally.objects.filter(survey=survey, question_id__in={q for q, _k in counter})
    }
    changed, new = [], []
    for (question_id, key), count in counter.items():
        tally = existing.get((question_id, key))
        if tally is None:
            new.append(Tally(survey=survey, question_id=question_id, key=key, count=count))
        else:
            tally.count += count
            changed.append(tally)
    Tally.objects.bulk_update(changed, ["count"], batch_size=500)
    Tally.objects.bulk_create(new, batch_size=500)
