"""Every write of the needs analysis. Each service runs in one transaction and writes the audit log.

Permissions are checked by the callers (views, API) with the rules in ``rules.py``; the services
check everything about the state of the round and the input, and refuse with a German message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregion.accounts.models import Membership, Role
from smartregion.analysis.consolidation import TIERS, consolidate
from smartregion.analysis.models import (
    UNKNOWN_LABEL,
    AnalysisRound,
    Answer,
    Questionnaire,
    QuestionnaireStatus,
    RoundStatus,
    TierDecision,
    TierMethod,
    default_dimensions,
    default_rule,
    default_scale,
)
from smartregion.core.mail import send_mass_mail
from smartregion.core.models import record_event
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction, Phase
from smartregion.strategy.services import set_field_priority

AnswerKey = tuple[int, str]  # field id, dimension key

MAX_QUESTIONS = 20
MAX_DIMENSIONS = 8
MAX_TEXT = 5000


def _event(action: str, obj: Any, actor: Any, region: Region, **details: Any) -> None:
    record_event(action=action, obj=obj, actor=actor, region=region, details=details)


# Opening a round -------------------------------------------------------------------------


def _dimensions_from(labels: Sequence[str] | None) -> list[dict[str, str]]:
    if labels is None:
        return default_dimensions()
    defaults = {d["label"]: d["key"] for d in default_dimensions()}
    result: list[dict[str, str]] = []
    for label in (label.strip() for label in labels):
        if not label:
            continue
        key = defaults.get(label) or slugify(label)[:40]
        if not key:
            raise ValidationError({"dimensions": _("Jede Dimension braucht einen Namen aus Buchstaben.")})
        if any(d["key"] == key for d in result):
            raise ValidationError(
                {"dimensions": _("Die Dimension „%(label)s“ steht doppelt.") % {"label": label}}
            )
        result.append({"key": key, "label": label[:120]})
    if not result:
        raise ValidationError({"dimensions": _("Bitte geben Sie mindestens eine Dimension an.")})
    if len(result) > MAX_DIMENSIONS:
        raise ValidationError({"dimensions": _("Höchstens %(n)d Dimensionen.") % {"n": MAX_DIMENSIONS}})
    return result


def _scale_from(scale: Mapping[str, Any] | None) -> dict[str, Any]:
    if scale is None:
        return default_scale()
    low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
    if not (0 <= low < high <= 10):
        raise ValidationError(
            {
                "scale_max": _(
                    "Die Skala muss von einem kleineren zu einem größeren Wert zwischen 0 und 10 reichen."
                )
            }
        )
    labels = [str(label).strip()[:60] for label in scale.get("labels") or []]
    if labels and len(labels) != high - low + 1:
        raise ValidationError(
            {
                "scale_labels": _(
                    "Bitte geben Sie für jeden der %(n)d Skalenwerte genau eine Beschriftung an."
                )
                % {"n": high - low + 1}
            }
        )
    unknown = UNKNOWN_LABEL if scale.get("unknown") else ""
    return {"min": low, "max": high, "labels": labels, "unknown": unknown}


def check_rule(rule: Mapping[str, Any], dimension_keys: Iterable[str]) -> dict[str, Any]:
    """A valid rule for a round with these dimensions, or a ValidationError."""
    method = rule.get("method")
    if method not in TierMethod.values:
        raise ValidationError({"method": _("Bitte wählen Sie Schwellenwerte oder Rangfolge in Dritteln.")})
    keys = set(dimension_keys)
    weights: dict[str, float] = {}
    for key, weight in dict(rule.get("weights") or {}).items():
        if key not in keys:
            continue
        try:
            number = float(weight)
        except (TypeError, ValueError):
            raise ValidationError({"weights": _("Gewichte müssen Zahlen sein.")}) from None
        if not 0 <= number <= 10:
            raise ValidationError({"weights": _("Gewichte liegen zwischen 0 und 10.")})
        if number:
            weights[key] = number
    if not weights:
        raise ValidationError(
            {
                "weights": _(
                    "Mindestens eine Dimension der Runde muss mit einem Gewicht in die Regel eingehen."
                )
            }
        )
    try:
        first, second = (float(t) for t in rule.get("thresholds", (4.0, 3.0)))
    except (TypeError, ValueError):
        raise ValidationError(
            {"thresholds": _("Bitte geben Sie zwei Schwellenwerte als Zahlen an.")}
        ) from None
    if method == TierMethod.THRESHOLDS and not first > second:
        raise ValidationError(
            {"thresholds": _("Der Schwellenwert für Priorität I muss größer sein als der für Priorität II.")}
        )
    return {"method": method, "weights": weights, "thresholds": [first, second]}


@transaction.atomic
def open_round(
    *,
    region: Region,
    actor: Any,
    name: str,
    fields: Sequence[FieldOfAction],
    municipalities: Sequence[Municipality],
    deadline: datetime.datetime,
    dimensions: Sequence[str] | None = None,
    scale: Mapping[str, Any] | None = None,
    questions: Sequence[str] = (),
    reminder_days: int = 7,
    phase: Phase | None = None,
    rule: Mapping[str, Any] | None = None,
    introduction: str = "",
    now: datetime.datetime | None = None,
) -> AnalysisRound:
    """Open a round with one empty questionnaire per invited municipality; schedule the reminder."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie der Bedarfsanalyse einen Namen.")})
    if not fields:
        raise ValidationError({"fields": _("Bitte wählen Sie mindestens ein Handlungsfeld.")})
    if any(f.strategy.region_id != region.pk for f in fields):
        raise ValidationError({"fields": _("Ein gewähltes Handlungsfeld gehört nicht zu dieser Region.")})
    if not municipalities:
        raise ValidationError({"municipalities": _("Bitte laden Sie mindestens eine Kommune ein.")})
    if any(m.region_id != region.pk for m in municipalities):
        raise ValidationError({"municipalities": _("Eine gewählte Kommune gehört nicht zu dieser Region.")})
    if phase is not None and phase.strategy.region_id != region.pk:
        raise ValidationError({"phase": _("Diese Phase gehört nicht zur Strategie dieser Region.")})
    if deadline <= (now or timezone.now()):
        raise ValidationError({"deadline": _("Die Frist muss in der Zukunft liegen.")})
    if not 0 <= reminder_days <= 60:
        raise ValidationError({"reminder_days": _("Die Erinnerung kommt 0 bis 60 Tage vor der Frist.")})
    questions = [q.strip()[:500] for q in questions if q.strip()]
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError({"questions": _("Höchstens %(n)d Freitextfragen.") % {"n": MAX_QUESTIONS}})
    dims = _dimensions_from(dimensions)
    analysis_round = AnalysisRound.objects.create(
        region=region,
        name=name[:200],
        introduction=introduction,
        phase=phase,
        dimensions=dims,
        scale=_scale_from(scale),
        questions=questions,
        rule=check_rule(rule or default_rule(), [d["key"] for d in dims]),
        deadline=deadline,
        reminder_days=reminder_days,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    analysis_round.fields.set(fields)
    analysis_round.municipalities.set(municipalities)
    Questionnaire.objects.bulk_create(
        Questionnaire(round=analysis_round, municipality=m, text_answers=[""] * len(questions))
        for m in municipalities
    )
    _event("analysis.opened", analysis_round, actor, region, name=analysis_round.name)
    transaction.on_commit(lambda: schedule_reminder(analysis_round))
    return analysis_round


def schedule_reminder(analysis_round: AnalysisRound) -> None:
    """Enqueue the reminder task for ``reminder_days`` before the deadline (or now, if that is past)."""
    from smartregion.analysis.tasks import send_analysis_reminders

    when = analysis_round.deadline - datetime.timedelta(days=analysis_round.reminder_days)
    task = send_analysis_reminders
    if when > timezone.now() and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    task.enqueue(analysis_round.pk)


# Questionnaires --------------------------------------------------------------------------


def _lock_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    return (
        Questionnaire.objects.select_for_update()
        .select_related("round", "municipality")
        .get(pk=questionnaire.pk)
    )


def _check_round_accepts_answers(analysis_round: AnalysisRound, now: datetime.datetime) -> None:
    if not analysis_round.is_open:
        raise ValidationError(
            _("Die Bedarfsanalyse ist abgeschlossen; Antworten werden nicht mehr angenommen.")
        )
    if now > analysis_round.deadline:
        raise ValidationError(
            _("Die Frist dieser Bedarfsanalyse ist abgelaufen; es wurde nichts gespeichert.")
        )


def _clean_answers(
    analysis_round: AnalysisRound, answers: Mapping[AnswerKey, int | None]
) -> dict[AnswerKey, int | None]:
    field_ids = set(analysis_round.fields.values_list("pk", flat=True))
    keys = set(analysis_round.dimension_keys())
    low, high = int(analysis_round.scale["min"]), int(analysis_round.scale["max"])
    cleaned: dict[AnswerKey, int | None] = {}
    for (field_id, dimension), value in answers.items():
        if field_id not in field_ids:
            raise ValidationError(_("Ein Handlungsfeld gehört nicht zu dieser Bedarfsanalyse."))
        if dimension not in keys:
            raise ValidationError(
                _("Die Dimension „%(key)s“ gehört nicht zu dieser Bedarfsanalyse.") % {"key": dimension}
            )
        if value is None:
            if not analysis_round.scale.get("unknown"):
                raise ValidationError(_("In dieser Bedarfsanalyse muss jeder Wert auf der Skala liegen."))
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                _("Der Wert %(value)s liegt nicht auf der Skala von %(low)d bis %(high)d.")
                % {"value": value, "low": low, "high": high}
            )
        cleaned[(field_id, dimension)] = value
    return cleaned


def _clean_comments(analysis_round: AnalysisRound, comments: Mapping[int, str]) -> dict[str, str]:
    field_ids = set(analysis_round.fields.values_list("pk", flat=True))
    result = {}
    for field_id, text in comments.items():
        if field_id not in field_ids:
            raise ValidationError(_("Ein Handlungsfeld gehört nicht zu dieser Bedarfsanalyse."))
        text = (text or "").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Ein Kommentar ist länger als %(n)d Zeichen.") % {"n": MAX_TEXT})
        if text:
            result[str(field_id)] = text
    return result


def _clean_texts(analysis_round: AnalysisRound, texts: Sequence[str]) -> list[str]:
    if len(texts) > len(analysis_round.questions):
        raise ValidationError(_("Es gibt mehr Antworten als Freitextfragen."))
    result = [(t or "").strip() for t in texts] + [""] * (len(analysis_round.questions) - len(texts))
    if any(len(t) > MAX_TEXT for t in result):
        raise ValidationError(_("Eine Antwort ist länger als %(n)d Zeichen.") % {"n": MAX_TEXT})
    return result


class StaleQuestionnaire(ValidationError):
    """Someone else saved the questionnaire since the form was loaded."""


class MissingAnswers(ValidationError):
    """The questionnaire cannot be submitted yet: ``missing`` holds each unanswered (field id,
    dimension), in the order of the questionnaire."""

    def __init__(self, missing: list[AnswerKey]) -> None:
        super().__init__(
            ngettext(
                "Bitte beantworten Sie vor der Abgabe alle Fragen; es fehlt noch %(n)d Angabe.",
                "Bitte beantworten Sie vor der Abgabe alle Fragen; es fehlen noch %(n)d Angaben.",
                len(missing),
            )
            % {"n": len(missing)},
            code="missing_answers",
        )
        self.missing = missing


@transaction.atomic
def save_questionnaire(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    answers: Mapping[AnswerKey, int | None],
    comments: Mapping[int, str] | None = None,
    text_answers: Sequence[str] = (),
    expected_version: int,
    submit: bool = False,
    now: datetime.datetime | None = None,
) -> Questionnaire:
    """Replace the questionnaire's answers (a draft, or submitted when ``submit``).

    ``answers`` maps (field id, dimension) to a value on the scale, or None for "kann ich nicht
    beurteilen"; a pair left out is unanswered. A save based on an older version than the stored
    one is refused with ``StaleQuestionnaire`` so neither officer's answers are silently lost.
    """
    questionnaire = _lock_questionnaire(questionnaire)
    analysis_round = questionnaire.round
    _check_round_accepts_answers(analysis_round, now or timezone.now())
    if questionnaire.version != expected_version:
        raise StaleQuestionnaire(
            _(
                "Inzwischen hat jemand anderes diesen Fragebogen gespeichert (Stand %(number)d). "
                "Ihre Eingaben wurden nicht gespeichert; bitte prüfen Sie den neuen Stand."
            )
            % {"number": questionnaire.version}
        )
    if questionnaire.is_submitted:
        raise ValidationError(
            _(
                "Der Fragebogen ist bereits abgegeben. "
                "Die Koordination kann ihn wieder zur Bearbeitung öffnen."
            )
        )
    cleaned = _clean_answers(analysis_round, answers)
    if submit:
        missing = [
            (field.pk, dimension["key"])
            for field in sorted(analysis_round.fields.all(), key=lambda field: (field.order, field.pk))
            for dimension in analysis_round.dimensions
            if (field.pk, dimension["key"]) not in cleaned
        ]
        if missing:
            raise MissingAnswers(missing)
    questionnaire.comments = _clean_comments(analysis_round, comments or {})
    questionnaire.text_answers = _clean_texts(analysis_round, text_answers)
    Answer.objects.filter(questionnaire=questionnaire).delete()
    Answer.objects.bulk_create(
        Answer(questionnaire=questionnaire, field_id=field_id, dimension=dimension, value=value)
        for (field_id, dimension), value in cleaned.items()
    )
    questionnaire.version += 1
    questionnaire.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    if submit:
        questionnaire.status = QuestionnaireStatus.SUBMITTED
        questionnaire.submitted_at = now or timezone.now()
    questionnaire.save()
    _event(
        "analysis.submitted" if submit else "analysis.draft_saved",
        questionnaire,
        actor,
        analysis_round.region,
        version=questionnaire.version,
    )
    return questionnaire


@transaction.atomic
def reopen_questionnaire(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    """Give a submitted questionnaire back to its municipality for changes (while the round is open)."""
    questionnaire = _lock_questionnaire(questionnaire)
    if not questionnaire.round.is_open:
        raise ValidationError(_("Die Bedarfsanalyse ist abgeschlossen; der Fragebogen bleibt, wie er ist."))
    if not questionnaire.is_submitted:
        raise ValidationError(_("Dieser Fragebogen ist noch nicht abgegeben."))
    questionnaire.status = QuestionnaireStatus.DRAFT
    questionnaire.submitted_at = None
    questionnaire.version += 1
    questionnaire.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _event("analysis.reopened", questionnaire, actor, questionnaire.round.region)
    return questionnaire


# Reminders ---------------------------------------------------------------------------------


def questionnaire_url(analysis_round: AnalysisRound, municipality: Municipality) -> str:
    return reverse(
        "analysis:questionnaire",
        kwargs={
            "region_slug": analysis_round.region.slug,
            "round_id": analysis_round.pk,
            "municipality_slug": municipality.slug,
        },
    )


def officers_missing(analysis_round: AnalysisRound) -> list[Membership]:
    """Memberships of the officers whose municipality has not submitted yet."""
    missing = analysis_round.questionnaires.exclude(status=QuestionnaireStatus.SUBMITTED).values(
        "municipality_id"
    )
    return list(
        Membership.objects.filter(
            region=analysis_round.region, role=Role.MUNICIPAL_OFFICER, municipality_id__in=missing
        ).select_related("user", "municipality")
    )


@transaction.atomic
def send_reminders(*, analysis_round: AnalysisRound, force: bool = False) -> int:
    """E-mail every officer whose municipality has not submitted; once per round unless ``force``.

    Returns the number of e-mails sent (0 for a closed round, after the deadline, or when sent before).
    """
    analysis_round = AnalysisRound.objects.select_for_update().get(pk=analysis_round.pk)
    if not analysis_round.is_open or analysis_round.deadline_passed:
        return 0
    if analysis_round.reminder_sent_at and not force:
        return 0
    messages = []
    for membership in officers_missing(analysis_round):
        if membership.municipality is None:
            continue
        context = {
            "round": analysis_round,
            "municipality": membership.municipality,
            "link": settings.SITE_URL + questionnaire_url(analysis_round, membership.municipality),
        }
        subject = _("Erinnerung: Fragebogen „%(name)s“ bis %(deadline)s") % {
            "name": analysis_round.name,
            "deadline": timezone.localtime(analysis_round.deadline).strftime("%d.%m.%Y"),
        }
        body = render_to_string("analysis/email/reminder.txt", context)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [membership.user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    analysis_round.reminder_sent_at = timezone.now()
    analysis_round.save(update_fields=["reminder_sent_at"])
    _event("analysis.reminded", analysis_round, None, analysis_round.region, sent=len(messages))
    return len(messages)


@transaction.atomic
def extend_deadline(
    *, analysis_round: AnalysisRound, actor: Any, deadline: datetime.datetime
) -> AnalysisRound:
    """Move the deadline of a running round later (e.g. after reopening a questionnaire)."""
    analysis_round = AnalysisRound.objects.select_for_update().get(pk=analysis_round.pk)
    if not analysis_round.is_open:
        raise ValidationError(_("Die Bedarfsanalyse ist abgeschlossen; die Frist bleibt, wie sie war."))
    if deadline <= timezone.now() or deadline <= analysis_round.deadline:
        raise ValidationError(
            {"deadline": _("Die neue Frist muss in der Zukunft und nach der bisherigen Frist liegen.")}
        )
    previous = analysis_round.deadline
    analysis_round.deadline = deadline
    analysis_round.save(update_fields=["deadline"])
    _event(
        "analysis.deadline_extended",
        analysis_round,
        actor,
        analysis_round.region,
        previous=previous.isoformat(),
        deadline=deadline.isoformat(),
    )
    if analysis_round.reminder_sent_at is None:
        transaction.on_commit(lambda: schedule_reminder(analysis_round))
    return analysis_round


# Closing, rule, confirmation, publication ----------------------------------------------------


def _lock_round(analysis_round: AnalysisRound) -> AnalysisRound:
    return AnalysisRound.objects.select_for_update().get(pk=analysis_round.pk)


@transaction.atomic
def close_round(*, analysis_round: AnalysisRound, actor: Any) -> AnalysisRound:
    """Close the round: no more answers; the consolidated results become visible to the region."""
    analysis_round = _lock_round(analysis_round)
    if analysis_round.is_closed:
        raise ValidationError(_("Diese Bedarfsanalyse ist bereits abgeschlossen."))
    analysis_round.status = RoundStatus.CLOSED
    analysis_round.closed_at = timezone.now()
    analysis_round.save(update_fields=["status", "closed_at"])
    _event("analysis.closed", analysis_round, actor, analysis_round.region)
    return analysis_round


@transaction.atomic
def set_rule(*, analysis_round: AnalysisRound, actor: Any, rule: Mapping[str, Any]) -> AnalysisRound:
    """Change the priority rule; refused once the tiers are confirmed."""
    analysis_round = _lock_round(analysis_round)
    if analysis_round.is_confirmed:
        raise ValidationError(_("Die Prioritäten sind bereits bestätigt; die Regel bleibt, wie sie war."))
    analysis_round.rule = check_rule(rule, analysis_round.dimension_keys())
    analysis_round.save(update_fields=["rule"])
    _event("analysis.rule_changed", analysis_round, actor, analysis_round.region, rule=analysis_round.rule)
    return analysis_round


@transaction.atomic
def confirm_tiers(
    *, analysis_round: AnalysisRound, actor: Any, overrides: Mapping[int, tuple[str, str]] | None = None
) -> AnalysisRound:
    """Confirm the suggested tiers, with overrides (field id -> (tier, written reason)).

    The confirmed tiers become the fields' priorities in the strategy, with the round as source.
    """
    analysis_round = _lock_round(analysis_round)
    if not analysis_round.is_closed:
        raise ValidationError(_("Die Prioritäten werden erst nach dem Abschluss der Runde bestätigt."))
    if analysis_round.is_confirmed:
        raise ValidationError(_("Die Prioritäten dieser Bedarfsanalyse sind bereits bestätigt."))
    result = consolidate(analysis_round)
    overrides = dict(overrides or {})
    known = {item.field_id for item in result.fields}
    if set(overrides) - known:
        raise ValidationError(_("Ein Handlungsfeld gehört nicht zu dieser Bedarfsanalyse."))
    fields = {f.pk: f for f in analysis_round.fields.select_related("strategy")}
    decisions = []
    for item in result.fields:
        tier, reason = overrides.get(item.field_id, (item.suggested, ""))
        reason = (reason or "").strip()
        if tier not in TIERS:
            raise ValidationError(
                {
                    f"tier_{item.field_id}": _("Bitte wählen Sie für „%(name)s“ Priorität I, II oder III.")
                    % {"name": item.name}
                }
            )
        if tier != item.suggested and not reason:
            raise ValidationError(
                {
                    f"reason_{item.field_id}": _(
                        "Bitte begründen Sie, warum „%(name)s“ von der vorgeschlagenen Priorität abweicht."
                    )
                    % {"name": item.name}
                }
            )
        decisions.append(
            TierDecision(
                round=analysis_round,
                field_id=item.field_id,
                suggested=item.suggested,
                tier=tier,
                reason=reason[:MAX_TEXT] if tier != item.suggested else "",
                score=item.score,
            )
        )
    TierDecision.objects.bulk_create(decisions)
    for decision in decisions:
        set_field_priority(
            field=fields[decision.field_id], actor=actor, priority=decision.tier, source=analysis_round.name
        )
    analysis_round.confirmed_at = timezone.now()
    analysis_round.save(update_fields=["confirmed_at"])
    _event(
        "analysis.confirmed",
        analysis_round,
        actor,
        analysis_round.region,
        tiers={str(d.field_id): d.tier for d in decisions},
        overridden=[d.field_id for d in decisions if d.overridden],
    )
    return analysis_round


@transaction.atomic
def publish_results(*, analysis_round: AnalysisRound, actor: Any) -> AnalysisRound:
    """Make the confirmed tiers public."""
    analysis_round = _lock_round(analysis_round)
    if not analysis_round.is_confirmed:
        raise ValidationError(_("Erst nach der Bestätigung der Prioritäten kann veröffentlicht werden."))
    if analysis_round.is_published:
        raise ValidationError(_("Die Prioritäten sind bereits veröffentlicht."))
    analysis_round.published_at = timezone.now()
    analysis_round.save(update_fields=["published_at"])
    _event("analysis.published", analysis_round, actor, analysis_round.region)
    return analysis_round
