"""Reads of the assessment: rounds a viewer may see, a rater's grid, progress, results, decisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.models import Membership
from smartregion.accounts.roles import membership_in
from smartregion.assessment import scoring
from smartregion.assessment.models import (
    AssessmentRound,
    Candidate,
    CandidateNote,
    Conflict,
    Criterion,
    Decision,
    Rater,
    RoundStatus,
    Score,
    ScoreRevision,
)
from smartregion.core.modules import DashboardItem
from smartregion.regions.models import Region


def rounds_for_region(*, region: Region, viewer: Any) -> QuerySet[AssessmentRound]:
    """Every round for members of the region (and operators), published rounds for everyone else;
    annotated with ``candidate_count``."""
    rounds = AssessmentRound.objects.filter(region=region)
    if not (viewer.is_superuser or membership_in(viewer, region.pk)):
        rounds = rounds.published()
    return rounds.annotate(candidate_count=Count("candidates", distinct=True)).select_related("region")


def rater_of(assessment_round: AssessmentRound, user: Any) -> Rater | None:
    if not user.is_authenticated:
        return None
    return Rater.objects.filter(round=assessment_round, user=user).first()


def invited_assessment_ids(user: Any, rounds: Iterable[AssessmentRound]) -> set[int]:
    """Which of these rounds the person is invited to rate."""
    if not user.is_authenticated:
        return set()
    return set(Rater.objects.filter(user=user, round__in=list(rounds)).values_list("round_id", flat=True))


def criteria_of(assessment_round: AssessmentRound) -> list[Criterion]:
    return list(assessment_round.criteria.all())


def candidates_of(assessment_round: AssessmentRound) -> list[Candidate]:
    return list(
        assessment_round.candidates.select_related("project__lead_organisation", "project__region")
        .prefetch_related("project__municipalities")
        .order_by("project__title", "pk")
    )


@dataclass(frozen=True)
class GridRow:
    """One candidate on a rater's grid."""

    candidate: Candidate
    scores: dict[int, int]  # criterion id → value
    note: CandidateNote | None
    involvement: str  # why the rater may be biased ("" if not flagged)

    @property
    def comment(self) -> str:
        return self.note.comment if self.note else ""

    @property
    def conflict(self) -> str:
        return self.note.conflict if self.note else Conflict.UNDECLARED


def involvement(memberships: Iterable[Membership], candidate: Candidate) -> str:
    """Why a rater's municipality or organisation takes part in the candidate, in German; ""."""
    project = candidate.project
    partners = project.partners.casefold()
    municipality_ids = {m.pk for m in project.municipalities.all()}
    for membership in memberships:
        organisation, municipality = membership.organisation, membership.municipality
        if organisation is not None and organisation.pk == project.lead_organisation_id:
            return _("Ihre Organisation %(name)s hat die Federführung.") % {"name": organisation.name}
        if organisation is not None and organisation.name.casefold() in partners:
            return _("Ihre Organisation %(name)s ist Partner.") % {"name": organisation.name}
        if municipality is not None and municipality.pk in municipality_ids:
            return _("Ihre Kommune %(name)s ist beteiligt.") % {"name": municipality.name}
        if municipality is not None and municipality.name.casefold() in partners:
            return _("Ihre Kommune %(name)s ist Partner.") % {"name": municipality.name}
    return ""


def memberships_of(rater: Rater, region: Region) -> list[Membership]:
    if rater.user_id is None:  # the account was deleted
        return []
    return list(
        Membership.objects.filter(user_id=rater.user_id, region=region).select_related(
            "municipality", "organisation"
        )
    )


def grid_of(rater: Rater, candidates: list[Candidate]) -> list[GridRow]:
    """The rater's own scores, comments and declarations, and where they are involved."""
    scores: dict[int, dict[int, int]] = {}
    for candidate_id, criterion_id, value in Score.objects.filter(rater=rater).values_list(
        "candidate_id", "criterion_id", "value"
    ):
        scores.setdefault(candidate_id, {})[criterion_id] = value
    notes = {note.candidate_id: note for note in CandidateNote.objects.filter(rater=rater)}
    memberships = memberships_of(rater, rater.round.region)
    return [
        GridRow(c, scores.get(c.pk, {}), notes.get(c.pk), involvement(memberships, c)) for c in candidates
    ]


@dataclass(frozen=True)
class RaterProgress:
    rater: Rater
    rated: int  # candidates with every criterion scored or an abstention
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 100


def progress_of(assessment_round: AssessmentRound) -> list[RaterProgress]:
    """Per rater how many candidates are done; no score value leaves this function."""
    criteria_count = assessment_round.criteria.count()
    total = assessment_round.candidates.count()
    raters = list(assessment_round.raters.select_related("user").order_by("user__name", "user__email"))
    complete: dict[int, set[int]] = {r.pk: set() for r in raters}
    counts = (
        Score.objects.filter(rater__round=assessment_round)
        .values("rater_id", "candidate_id")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        if row["n"] >= criteria_count:
            complete[row["rater_id"]].add(row["candidate_id"])
    for rater_id, candidate_id in CandidateNote.objects.filter(
        rater__round=assessment_round, conflict=Conflict.ABSTAIN
    ).values_list("rater_id", "candidate_id"):
        complete[rater_id].add(candidate_id)
    return [RaterProgress(r, len(complete[r.pk]), total) for r in raters]


def others_means(assessment_round: AssessmentRound, rater: Rater) -> dict[tuple[int, int], float]:
    """The other raters' mean per candidate and criterion, for a round that is not blind."""
    if assessment_round.blind:
        return {}
    values: dict[tuple[int, int], list[int]] = {}
    abstaining = set(
        CandidateNote.objects.filter(rater__round=assessment_round, conflict=Conflict.ABSTAIN).values_list(
            "rater_id", "candidate_id"
        )
    )
    rows = Score.objects.filter(rater__round=assessment_round).exclude(rater=rater)
    for rater_id, candidate_id, criterion_id, value in rows.values_list(
        "rater_id", "candidate_id", "criterion_id", "value"
    ):
        if (rater_id, candidate_id) not in abstaining:
            values.setdefault((candidate_id, criterion_id), []).append(value)
    return {key: sum(v) / len(v) for key, v in values.items()}


def results_of(
    assessment_round: AssessmentRound, *, weights: Mapping[int, Decimal] | None = None
) -> scoring.RoundResult:
    """The round's aggregated result (see ``scoring``); ``weights`` for a what-if view."""
    criteria = [
        scoring.CriterionSpec(c.pk, c.name, c.weight, c.scale_min, c.scale_max, c.axis)
        for c in assessment_round.criteria.all()
    ]
    candidates = [
        scoring.CandidateSpec(pk, project_id, title)
        for pk, project_id, title in assessment_round.candidates.values_list(
            "pk", "project_id", "project__title"
        )
    ]
    scores = Score.objects.filter(rater__round=assessment_round).values_list(
        "rater_id", "candidate_id", "criterion_id", "value"
    )
    abstentions = CandidateNote.objects.filter(
        rater__round=assessment_round, conflict=Conflict.ABSTAIN
    ).values_list("rater_id", "candidate_id")
    return scoring.aggregate(
        criteria=criteria,
        candidates=candidates,
        scores=scores.iterator(chunk_size=5000),
        abstentions=abstentions,
        weights=weights,
    )


def revision_count(assessment_round: AssessmentRound) -> int:
    """How many changes of scores, comments and declarations were recorded before closing."""
    return ScoreRevision.objects.filter(rater__round=assessment_round).count()


def decisions_by_candidate(assessment_round: AssessmentRound) -> dict[int, Decision]:
    return {d.candidate_id: d for d in Decision.objects.filter(candidate__round=assessment_round)}


def comments_by_candidate(assessment_round: AssessmentRound) -> dict[int, list[str]]:
    """The raters' comments per candidate, without names (shown to members after closing)."""
    comments: dict[int, list[str]] = {}
    notes = (
        CandidateNote.objects.filter(rater__round=assessment_round)
        .exclude(comment="")
        .order_by("candidate_id", "pk")
    )
    for candidate_id, comment in notes.values_list("candidate_id", "comment"):
        comments.setdefault(candidate_id, []).append(comment)
    return comments


def decisions_for_region(region: Region) -> QuerySet[Decision]:
    """The region's decision log, newest first, the later recorded first within a day (public).

    In the order of the index (region, decided_on, id), so a page of the log is read in order
    and not sorted from all of the region's decisions. Of the project only what the log shows
    (title, status, address): a profile's long texts are not read for a row."""
    return (
        Decision.objects.filter(region=region)
        .select_related("project__region")
        .only(*_LOGGED, "project__title", "project__slug", "project__status", "project__region__slug")
        .order_by("-decided_on", "-pk")
    )


_LOGGED = ("region", "project", "outcome", "body", "decided_on", "reference")


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """Rounds the person still has to rate (open and before their deadline, when a rating can
    still be handed in; due by the earliest deadline); for coordinators, the projects of closed
    rounds without a recorded decision. Each links to the one round when there is only one."""
    if not user.is_authenticated:
        return []
    overview = reverse("assessment:overview", kwargs={"region_slug": region.slug})
    to_rate = list(
        Rater.objects.filter(
            user=user,
            round__region=region,
            round__status=RoundStatus.OPEN,
            round__deadline__gt=timezone.now(),
            submitted_at__isnull=True,
        )
        .order_by("round__deadline", "round_id")
        .values_list("round_id", "round__title", "round__deadline")
    )
    single = len(to_rate) == 1
    items = [
        DashboardItem(
            _("Bewertungsrunden, in denen Ihre Bewertung fehlt"),
            len(to_rate),
            _round_url("assessment:rate", region, to_rate[0][0]) if single else overview,
            due=timezone.localdate(to_rate[0][2]) if to_rate else None,
            detail=to_rate[0][1] if single else "",
        )
    ]
    roles = membership_in(user, region.pk)
    if roles is not None and roles.is_coordinator:
        undecided = list(
            Candidate.objects.filter(
                round__region=region, round__status=RoundStatus.CLOSED, decision__isnull=True
            )
            .values("round_id", "round__title")
            .annotate(projects=Count("pk"))
            .order_by("round_id")
        )
        single = len(undecided) == 1
        items.append(
            DashboardItem(
                _("Projekte aus abgeschlossenen Bewertungsrunden ohne erfassten Beschluss"),
                sum(row["projects"] for row in undecided),
                _round_url("assessment:record_decisions", region, undecided[0]["round_id"])
                if single
                else overview,
                detail=undecided[0]["round__title"] if single else "",
            )
        )
    return items


def _round_url(name: str, region: Region, round_id: int) -> str:
    return reverse(name, kwargs={"region_slug": region.slug, "assessment_id": round_id})


def open_candidacy_project_ids(region: Region) -> set[int]:
    """Projects that already stand in an open round of the region."""
    return set(
        Candidate.objects.filter(round__region=region, round__status=RoundStatus.OPEN).values_list(
            "project_id", flat=True
        )
    )
