"""Every write of the assessment. Each service runs in one transaction and writes the audit log.

Permissions are checked by the callers (views, API) with the rules in ``rules.py``; the services
check the state of the round and the input and refuse with a German message, changing nothing.

Concurrency: saving a rating and closing the round both lock the round's row, so a rating is
either saved before the round closed or refused after; no score changes once ``closed_at`` is set.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Membership
from smartregion.assessment import guards, selectors
from smartregion.assessment.models import (
    AssessmentRound,
    Axis,
    Candidate,
    CandidateNote,
    Conflict,
    Criterion,
    Decision,
    Outcome,
    Rater,
    RoundStatus,
    Score,
    ScoreRevision,
)
from smartregion.core.models import record_event
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.portfolio.services.projects import transition_project
from smartregion.regions.models import Region

MAX_CRITERIA = 8
MAX_SCALE = 10
MAX_COMMENT = 2000
STATUS_OF_OUTCOME = {
    Outcome.LEAD: ProjectStatus.LEAD,
    Outcome.POTENTIAL: ProjectStatus.POTENTIAL,
    Outcome.DEFERRED: ProjectStatus.DEFERRED,
    Outcome.REJECTED: ProjectStatus.DISCARDED,
}

ScoreKey = tuple[int, int]  # candidate id, criterion id
# Profiles that may be assessed: new ones "zur Bewertung", and potential projects assessed again
# (e.g. to become lead projects).
CANDIDATE_STATUSES = (ProjectStatus.IN_REVIEW, ProjectStatus.POTENTIAL)


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: Decimal
    description: str = ""
    scale_min: int = 1
    scale_max: int = 5
    axis: str = ""


def _event(action: str, obj: Any, actor: Any, region: Region, **details: Any) -> None:
    record_event(action=action, obj=obj, actor=actor, region=region, details=details)


# Weights ----------------------------------------------------------------------------------


def check_weights(weights: Sequence[Decimal | str | int | float]) -> list[Decimal]:
    """Weights in percent: none negative, together exactly 100; else a German ValidationError."""
    parsed = []
    for weight in weights:
        try:
            value = Decimal(str(weight))
        except InvalidOperation:
            raise ValidationError(_("Ein Gewicht ist keine Zahl.")) from None
        if not value.is_finite():
            raise ValidationError(_("Ein Gewicht ist keine Zahl."))
        if value < 0:
            raise ValidationError(_("Ein Gewicht darf nicht negativ sein."))
        parsed.append(value)
    total = sum(parsed, Decimal(0))
    if total != 100:
        raise ValidationError(
            _("Die Gewichte ergeben zusammen %(total)s %%, es müssen genau 100 %% sein.")
            % {"total": f"{total.normalize():f}".replace(".", ",")}
        )
    return parsed


def _check_criteria(criteria: Sequence[CriterionInput]) -> None:
    if not criteria:
        raise ValidationError({"criteria": _("Bitte geben Sie mindestens ein Kriterium an.")})
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError({"criteria": _("Höchstens %(n)d Kriterien.") % {"n": MAX_CRITERIA}})
    names = [c.name.strip().casefold() for c in criteria]
    if any(not name for name in names):
        raise ValidationError({"criteria": _("Jedes Kriterium braucht einen Namen.")})
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": _("Jedes Kriterium darf nur einmal vorkommen.")})
    for c in criteria:
        if not 0 <= c.scale_min < c.scale_max <= MAX_SCALE:
            raise ValidationError(
                {
                    "criteria": _(
                        "Die Skala von „%(name)s“ muss bei 0 oder mehr beginnen, höher enden und höchstens "
                        "bis %(max)d reichen."
                    )
                    % {"name": c.name, "max": MAX_SCALE}
                }
            )
        if c.axis not in Axis.values:
            raise ValidationError({"criteria": _("Unbekannte Achse der Matrix.")})
    try:
        check_weights([c.weight for c in criteria])
    except ValidationError as error:
        raise ValidationError({"criteria": error.messages}) from None


# Opening a round --------------------------------------------------------------------------


def _check_candidates(region: Region, projects: Sequence[Project]) -> None:
    if not projects:
        raise ValidationError({"candidates": _("Bitte wählen Sie mindestens ein Projekt aus.")})
    busy = selectors.open_candidacy_project_ids(region)
    for project in projects:
        if project.region_id != region.pk:
            raise ValidationError({"candidates": _("Ein Projekt gehört nicht zu dieser Region.")})
        if project.status not in CANDIDATE_STATUSES:
            raise ValidationError(
                {
                    "candidates": _("„%(title)s“ steht nicht „zur Bewertung“ (Stand: %(status)s).")
                    % {"title": project.title, "status": project.get_status_display()}
                }
            )
        if project.pk in busy:
            raise ValidationError(
                {
                    "candidates": _("„%(title)s“ wird schon in einer laufenden Bewertungsrunde bewertet.")
                    % {"title": project.title}
                }
            )


def _check_raters(region: Region, users: Sequence[Any]) -> None:
    if not users:
        raise ValidationError({"raters": _("Bitte laden Sie mindestens eine Person zur Bewertung ein.")})
    members = set(Membership.objects.filter(region=region).values_list("user_id", flat=True))
    if any(user.pk not in members for user in users):
        raise ValidationError({"raters": _("Bewerten können nur Personen mit einer Rolle in dieser Region.")})


@transaction.atomic
def open_round(
    *,
    region: Region,
    actor: Any,
    title: str,
    deadline: datetime.datetime,
    candidates: Sequence[Project],
    raters: Sequence[Any],
    criteria: Sequence[CriterionInput] | None = None,
    description: str = "",
    blind: bool = True,
) -> AssessmentRound:
    """Open a round over profiles "zur Bewertung" with criteria whose weights add up to 100 %."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie der Runde einen Titel.")})
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("Die Frist muss in der Zukunft liegen.")})
    if criteria is None:
        criteria = default_criteria()
    _check_criteria(criteria)
    # Lock the profiles so that none changes status while it becomes a candidate.
    projects = list(
        Project.objects.select_for_update().filter(pk__in=[p.pk for p in candidates]).order_by("pk")
    )
    if len(projects) != len({p.pk for p in candidates}):
        raise ValidationError({"candidates": _("Ein Projekt gibt es nicht (mehr).")})
    _check_candidates(region, projects)
    unique_raters = list({user.pk: user for user in raters}.values())
    _check_raters(region, unique_raters)
    assessment_round = AssessmentRound.objects.create(
        region=region,
        title=title[:200],
        description=(description or "").strip(),
        deadline=deadline,
        blind=blind,
        created_by=actor,
    )
    Criterion.objects.bulk_create(
        Criterion(
            round=assessment_round,
            name=c.name.strip()[:100],
            description=c.description.strip(),
            scale_min=c.scale_min,
            scale_max=c.scale_max,
            weight=c.weight,
            axis=c.axis,
            order=order,
        )
        for order, c in enumerate(criteria)
    )
    Candidate.objects.bulk_create(Candidate(round=assessment_round, project=p) for p in projects)
    Rater.objects.bulk_create(Rater(round=assessment_round, user=user) for user in unique_raters)
    _event(
        "assessment.round_opened",
        assessment_round,
        actor,
        region,
        candidates=len(projects),
        raters=len(unique_raters),
        blind=blind,
    )
    return assessment_round


def default_criteria() -> list[CriterionInput]:
    from smartregion.assessment.models import DEFAULT_CRITERIA

    return [
        CriterionInput(
            name=str(c["name"]),
            description=str(c["description"]),
            weight=Decimal(str(c["weight"])),
            axis=str(c["axis"]),
        )
        for c in DEFAULT_CRITERIA
    ]


# Rating -----------------------------------------------------------------------------------


def _locked_open_round(assessment_round: AssessmentRound) -> AssessmentRound:
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if not locked.is_open:
        raise ValidationError(_("Die Runde ist abgeschlossen; Bewertungen lassen sich nicht mehr ändern."))
    return locked


def _check_scores(
    scores: Mapping[ScoreKey, int | None], candidates: set[int], criteria: dict[int, Criterion]
) -> None:
    for (candidate_id, criterion_id), value in scores.items():
        if candidate_id not in candidates:
            raise ValidationError(_("Dieses Projekt steht in dieser Runde nicht zur Bewertung."))
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Dieses Kriterium gehört nicht zu dieser Runde."))
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            raise ValidationError(
                _("„%(name)s“ wird von %(low)d bis %(high)d bewertet; %(value)d liegt außerhalb.")
                % {
                    "name": criterion.name,
                    "low": criterion.scale_min,
                    "high": criterion.scale_max,
                    "value": value,
                }
            )


def _check_notes(comments: Mapping[int, str], conflicts: Mapping[int, str], candidates: set[int]) -> None:
    for candidate_id in (*comments, *conflicts):
        if candidate_id not in candidates:
            raise ValidationError(_("Dieses Projekt steht in dieser Runde nicht zur Bewertung."))
    if any(len(text) > MAX_COMMENT for text in comments.values()):
        raise ValidationError(_("Ein Kommentar ist länger als %(n)d Zeichen.") % {"n": MAX_COMMENT})
    if any(value not in Conflict.values for value in conflicts.values()):
        raise ValidationError(_("Unbekannte Angabe zur Befangenheit."))


@transaction.atomic
def save_rating(
    *,
    assessment_round: AssessmentRound,
    user: Any,
    scores: Mapping[ScoreKey, int | None],
    comments: Mapping[int, str] | None = None,
    conflicts: Mapping[int, str] | None = None,
    submit: bool = False,
) -> Rater:
    """Save the person's own scores (None clears one), comments and declarations, as a draft or,
    with ``submit``, as their complete rating. Every change is kept as a ``ScoreRevision``.

    Only the invited rater writes their own grid; nothing is saved when any part is invalid.
    """
    comments, conflicts = dict(comments or {}), dict(conflicts or {})
    locked = _locked_open_round(assessment_round)
    rater = Rater.objects.filter(round=locked, user=user).first()
    if rater is None:
        raise ValidationError(_("Sie sind zu dieser Bewertungsrunde nicht eingeladen."))
    if locked.deadline_passed:
        raise ValidationError(
            _("Die Frist dieser Runde ist abgelaufen; Bewertungen sind nicht mehr möglich.")
        )
    criteria = {c.pk: c for c in locked.criteria.all()}
    candidates = set(locked.candidates.values_list("pk", flat=True))
    _check_scores(scores, candidates, criteria)
    _check_notes(comments, conflicts, candidates)
    changes = _write_scores(rater, scores, conflicts)
    changes += _write_notes(rater, comments, conflicts)
    if submit:
        _check_complete(rater, locked, criteria)
        rater.submitted_at = timezone.now()
        rater.save(update_fields=["submitted_at"])
    elif rater.submitted_at is not None and any(_gaps(rater, locked, criteria)):
        # A handed-in rating edited into an incomplete one counts as a draft again.
        rater.submitted_at = None
        rater.save(update_fields=["submitted_at"])
    _event(
        "assessment.rating_submitted" if submit else "assessment.rating_saved",
        locked,
        user,
        locked.region,
        changes=changes,
    )
    return rater


def _write_scores(rater: Rater, scores: Mapping[ScoreKey, int | None], conflicts: Mapping[int, str]) -> int:
    existing = {(s.candidate_id, s.criterion_id): s for s in Score.objects.filter(rater=rater)}
    wanted = dict(scores)
    # An abstention (declared now, or earlier and not withdrawn now) clears the rater's scores there.
    stored = dict(CandidateNote.objects.filter(rater=rater).values_list("candidate_id", "conflict"))
    declared = {**stored, **conflicts}
    abstaining = {cid for cid, value in declared.items() if value == Conflict.ABSTAIN}
    for key in existing:
        if key[0] in abstaining:
            wanted[key] = None
    for key in list(wanted):
        if key[0] in abstaining:
            wanted[key] = None
    revisions, created, updated, deleted = [], [], [], []
    for key, value in wanted.items():
        current = existing.get(key)
        old = current.value if current else None
        if old == value:
            continue
        revisions.append(
            ScoreRevision(
                rater=rater,
                candidate_id=key[0],
                criterion_id=key[1],
                what="score",
                old="" if old is None else str(old),
                new="" if value is None else str(value),
            )
        )
        if value is None:
            if current is not None:
                deleted.append(current.pk)
        elif current is None:
            created.append(Score(rater=rater, candidate_id=key[0], criterion_id=key[1], value=value))
        else:
            current.value = value
            updated.append(current)
    Score.objects.bulk_create(created)
    Score.objects.bulk_update(updated, ["value", "updated_at"])
    Score.objects.filter(pk__in=deleted).delete()
    ScoreRevision.objects.bulk_create(revisions)
    return len(revisions)


def _write_notes(rater: Rater, comments: Mapping[int, str], conflicts: Mapping[int, str]) -> int:
    notes = {n.candidate_id: n for n in CandidateNote.objects.filter(rater=rater)}
    revisions = []
    for candidate_id in {*comments, *conflicts}:
        note = notes.get(candidate_id) or CandidateNote(rater=rater, candidate_id=candidate_id)
        comment = comments.get(candidate_id, note.comment).strip()
        conflict = conflicts.get(candidate_id, note.conflict)
        for what, old, new in (("comment", note.comment, comment), ("conflict", note.conflict, conflict)):
            if old != new:
                revisions.append(
                    ScoreRevision(rater=rater, candidate_id=candidate_id, what=what, old=old, new=new)
                )
        if (note.comment, note.conflict) != (comment, conflict):
            note.comment, note.conflict = comment, conflict
            note.save()
    ScoreRevision.objects.bulk_create(revisions)
    return len(revisions)


def _gaps(
    rater: Rater, assessment_round: AssessmentRound, criteria: dict[int, Criterion]
) -> tuple[list[str], list[str]]:
    """The candidates the rater has not fully scored (and not abstained for), and those where
    their municipality or organisation takes part but they have not declared whether they are biased."""
    rows = selectors.grid_of(rater, selectors.candidates_of(assessment_round))
    missing, undeclared = [], []
    for row in rows:
        if row.conflict == Conflict.ABSTAIN:
            continue
        if len(row.scores) < len(criteria):
            missing.append(row.candidate.project.title)
        if row.involvement and not row.conflict:
            undeclared.append(row.candidate.project.title)
    return missing, undeclared


def _check_complete(rater: Rater, assessment_round: AssessmentRound, criteria: dict[int, Criterion]) -> None:
    """A submitted rating scores every candidate on every criterion or abstains, and answers the
    question of bias wherever the rater's municipality or organisation takes part."""
    missing, undeclared = _gaps(rater, assessment_round, criteria)
    if undeclared:
        raise ValidationError(
            _(
                "Bitte erklären Sie bei %(titles)s, ob Sie befangen sind: Ihre Kommune oder Organisation ist "
                "beteiligt."
            )
            % {"titles": _quoted(undeclared)}
        )
    if missing:
        raise ValidationError(
            _("Es fehlen noch Bewertungen bei %(n)d Projekten: %(titles)s. Ihr Entwurf ist nicht abgegeben.")
            % {"n": len(missing), "titles": _quoted(missing[:5]) + (" …" if len(missing) > 5 else "")}
        )


def _quoted(titles: Sequence[str]) -> str:
    return ", ".join(f"„{title}“" for title in titles)


# Running the round ------------------------------------------------------------------------


@transaction.atomic
def change_deadline(
    *, assessment_round: AssessmentRound, actor: Any, deadline: datetime.datetime
) -> AssessmentRound:
    locked = _locked_open_round(assessment_round)
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("Die Frist muss in der Zukunft liegen.")})
    old = locked.deadline
    locked.deadline = deadline
    locked.save(update_fields=["deadline"])
    _event(
        "assessment.deadline_changed",
        locked,
        actor,
        locked.region,
        old=old.isoformat(),
        new=deadline.isoformat(),
    )
    return locked


@transaction.atomic
def close_round(*, assessment_round: AssessmentRound, actor: Any) -> AssessmentRound:
    """Close the round: from now on no score changes, and the members see the results."""
    locked = _locked_open_round(assessment_round)
    locked.status = RoundStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    submitted = locked.raters.filter(submitted_at__isnull=False).count()
    _event("assessment.round_closed", locked, actor, locked.region, submitted=submitted)
    return locked


@transaction.atomic
def publish_round(*, assessment_round: AssessmentRound, actor: Any) -> AssessmentRound:
    """Make a closed round's results public."""
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if not locked.is_closed:
        raise ValidationError(_("Veröffentlichen lässt sich erst eine abgeschlossene Runde."))
    if locked.is_published:
        raise ValidationError(_("Die Runde ist schon veröffentlicht."))
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    _event("assessment.round_published", locked, actor, locked.region)
    return locked


# Decisions --------------------------------------------------------------------------------


def _check_decision(body: str, decided_on: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    if not body:
        errors["body"] = _("Bitte nennen Sie das Gremium, das beschlossen hat (z. B. Kreistag).")
    if decided_on is None:
        errors["decided_on"] = _("Bitte geben Sie das Datum des Beschlusses an.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Das Datum des Beschlusses darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_decisions(
    *,
    assessment_round: AssessmentRound,
    actor: Any,
    outcomes: Mapping[int, str],
    body: str,
    decided_on: datetime.date | None,
    reference: str = "",
    note: str = "",
) -> list[Decision]:
    """Record one body's decision on candidates of a closed round (candidate id → outcome) and move
    each profile to the matching status; all or nothing."""
    body, reference, note = (body or "").strip(), (reference or "").strip(), (note or "").strip()
    _check_decision(body, decided_on)
    assert decided_on is not None  # noqa: S101 - checked above; narrows the type
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if not locked.is_closed:
        raise ValidationError(_("Beschlüsse lassen sich erst nach Abschluss der Runde erfassen."))
    chosen = {int(cid): outcome for cid, outcome in outcomes.items() if outcome}
    if not chosen:
        raise ValidationError(
            {"outcomes": _("Bitte wählen Sie bei mindestens einem Projekt einen Beschluss.")}
        )
    if any(outcome not in Outcome.values for outcome in chosen.values()):
        raise ValidationError({"outcomes": _("Unbekannter Beschluss.")})
    candidates = {
        c.pk: c for c in Candidate.objects.filter(round=locked, pk__in=chosen).select_related("project")
    }
    if len(candidates) != len(chosen):
        raise ValidationError({"outcomes": _("Dieses Projekt steht in dieser Runde nicht zur Bewertung.")})
    decided = set(
        Decision.objects.filter(candidate_id__in=chosen).values_list("candidate__project__title", flat=True)
    )
    if decided:
        raise ValidationError(
            {
                "outcomes": _("Für %(titles)s ist schon ein Beschluss erfasst.")
                % {"titles": _quoted(sorted(decided))}
            }
        )
    decisions = []
    citation = ", ".join(filter(None, [body, decided_on.strftime("%d.%m.%Y"), reference]))
    for candidate_id, outcome in sorted(chosen.items()):
        candidate = candidates[candidate_id]
        project = candidate.project
        if project.status not in CANDIDATE_STATUSES:
            raise ValidationError(
                {
                    "outcomes": _(
                        "„%(title)s“ steht nicht mehr „zur Bewertung“ (Stand: %(status)s); der Beschluss ist "
                        "nicht erfasst."
                    )
                    % {"title": project.title, "status": project.get_status_display()}
                }
            )
        decision = Decision.objects.create(
            region=locked.region,
            candidate=candidate,
            project=project,
            outcome=outcome,
            body=body[:200],
            decided_on=decided_on,
            reference=reference[:100],
            note=note,
            recorded_by=actor,
        )
        status = STATUS_OF_OUTCOME[Outcome(outcome)]
        if project.status != status:  # a potential project confirmed as such keeps its status
            with guards.applying(project.pk, status):
                transition_project(
                    project=project,
                    actor=actor,
                    to=status,
                    reason=_("Beschluss: %(outcome)s (%(citation)s)")
                    % {"outcome": Outcome(outcome).label, "citation": citation},
                )
        _event(
            "assessment.decision_recorded",
            decision,
            actor,
            locked.region,
            outcome=outcome,
            body=body,
            decided_on=decided_on.isoformat(),
            reference=reference,
            project=project.pk,
        )
        decisions.append(decision)
    return decisions
