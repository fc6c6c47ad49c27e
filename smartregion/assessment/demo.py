"""Demo assessment: Steinfurt's closed round of spring 2022 with the Kreistag decision of 20.06.2022,
and an open round in Coesfeld.

Steinfurt's profiles reached their statuses long ago (the portfolio demo creates them so), so the
Steinfurt round is written as the record of what happened, not replayed through the services: the
committee members and the project team rated every profile on relevance and feasibility, the
ratings put the lead projects in the matrix's upper right field, and the Kreistag adopted them.
The Coesfeld round runs through the services like a real one.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from smartregion.accounts.models import Membership, Role, User
from smartregion.assessment import services
from smartregion.assessment.models import (
    AssessmentRound,
    Candidate,
    CandidateNote,
    Conflict,
    Criterion,
    Decision,
    Outcome,
    Rater,
    RoundStatus,
    Score,
)
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region

STEINFURT_ROUND = "Konsolidierung der Projektideen 2022"
COESFELD_ROUND = "Auswahl neuer Projekte 2027"
LEAD_STATUSES = (ProjectStatus.LEAD, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED)
LOW = 2


def load() -> list[str]:
    with transaction.atomic():
        lines = [_load_steinfurt(), _load_coesfeld()]
    return [line for line in lines if line]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


def _raters(region: Region, roles: tuple[str, ...]) -> list[User]:
    memberships = (
        Membership.objects.filter(region=region, role__in=roles).select_related("user").order_by("pk")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def _noise(*parts: object) -> int:
    """-1, 0 or +1, the same on every run and database."""
    return zlib.crc32("|".join(map(str, parts)).encode()) % 3 - 1


def _targets(project: Project, index: int) -> tuple[int, int]:
    """Relevance and feasibility on 1–5 that put the project where the Kreistag's decision has it:
    both high for a lead project, one of them low for a potential project."""
    if project.status in LEAD_STATUSES:
        return 5, 4
    return (4, LOW) if index % 2 else (LOW, 4)


def _value(target: int, *parts: object) -> int:
    """The target with a little disagreement; a low target stays low (1 or 2)."""
    noise = _noise(*parts)
    if target == LOW:
        noise = min(0, noise)
    return max(1, min(5, target + noise))


def _load_steinfurt() -> str:
    region = Region.objects.filter(slug="kreis-steinfurt").first()
    if region is None or AssessmentRound.objects.filter(region=region).exists():
        return ""
    projects = list(
        Project.objects.filter(region=region, adopted_from__isnull=True)
        .exclude(status__in=(ProjectStatus.IDEA, ProjectStatus.DRAFTING, ProjectStatus.IN_REVIEW))
        .prefetch_related("municipalities")
        .order_by("pk")
    )
    raters = _raters(
        region, (Role.COMMITTEE_MEMBER, Role.COORDINATOR, Role.MUNICIPAL_OFFICER, Role.PROJECT_LEAD)
    )
    if not projects or not raters:
        return ""
    assessment_round = AssessmentRound.objects.create(
        region=region,
        title=STEINFURT_ROUND,
        description=(
            "Die Mitglieder des Lenkungsausschusses und des Projektteams bewerten die Projektideen aus den sechs "
            "Handlungsfeldworkshops nach Relevanz und Realisierbarkeit."
        ),
        deadline=_at(datetime.date(2022, 4, 29)),
        blind=True,
        status=RoundStatus.CLOSED,
        closed_at=_at(datetime.date(2022, 4, 30)),
        published_at=_at(datetime.date(2022, 6, 21)),
    )
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(created_at=_at(datetime.date(2022, 3, 1)))
    relevance, feasibility = [
        Criterion.objects.create(round=assessment_round, order=order, **fields)
        for order, fields in enumerate(_criteria_fields())
    ]
    candidates = Candidate.objects.bulk_create(Candidate(round=assessment_round, project=p) for p in projects)
    rater_rows = Rater.objects.bulk_create(
        Rater(round=assessment_round, user=user, submitted_at=_at(datetime.date(2022, 4, 28)))
        for user in raters
    )
    officer_municipalities = _officer_municipalities(region)
    scores, notes = [], []
    for index, (candidate, project) in enumerate(zip(candidates, projects, strict=True)):
        municipality_ids = {m.pk for m in project.municipalities.all()}
        target_relevance, target_feasibility = _targets(project, index)
        for rater in rater_rows:
            if officer_municipalities.get(rater.user_id or 0, set()) & municipality_ids:
                notes.append(CandidateNote(rater=rater, candidate=candidate, conflict=Conflict.ABSTAIN))
                continue
            for criterion, target in ((relevance, target_relevance), (feasibility, target_feasibility)):
                value = _value(target, project.title, rater.user.email if rater.user else "", criterion.name)
                scores.append(Score(rater=rater, candidate=candidate, criterion=criterion, value=value))
    Score.objects.bulk_create(scores)
    CandidateNote.objects.bulk_create(notes)
    Decision.objects.bulk_create(
        Decision(
            region=region,
            candidate=candidate,
            project=project,
            outcome=Outcome.LEAD if project.status in LEAD_STATUSES else Outcome.POTENTIAL,
            body="Kreistag",
            decided_on=datetime.date(2022, 6, 20),
            reference="B 110/2022",
            note="Zustimmung zum Strategiepapier mit seinen 31 Leit- und Potenzialprojekten.",
        )
        for candidate, project in zip(candidates, projects, strict=True)
    )
    return f"Bewertung: {region.name}, {len(candidates)} Projekte, Beschluss des Kreistags vom 20.06.2022"


def _criteria_fields() -> Iterator[dict[str, object]]:
    for criterion in services.default_criteria():
        yield {
            "name": criterion.name,
            "description": criterion.description,
            "weight": criterion.weight,
            "axis": criterion.axis,
            "scale_min": criterion.scale_min,
            "scale_max": criterion.scale_max,
        }


def _officer_municipalities(region: Region) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for user_id, municipality_id in Membership.objects.filter(
        region=region, role=Role.MUNICIPAL_OFFICER, municipality__isnull=False
    ).values_list("user_id", "municipality_id"):
        found.setdefault(user_id, set()).add(municipality_id)
    return found


def _load_coesfeld() -> str:
    region = Region.objects.filter(slug="kreis-coesfeld").first()
    if region is None or AssessmentRound.objects.filter(region=region).exists():
        return ""
    candidates = list(Project.objects.filter(region=region, status=ProjectStatus.IN_REVIEW).order_by("title"))
    raters = _raters(region, (Role.COMMITTEE_MEMBER, Role.COORDINATOR, Role.MUNICIPAL_OFFICER))
    if not candidates or not raters:
        return ""
    coordinator = next(
        (
            m.user
            for m in Membership.objects.filter(region=region, role=Role.COORDINATOR).select_related("user")
        ),
        None,
    )
    assessment_round = services.open_round(
        region=region,
        actor=coordinator,
        title=COESFELD_ROUND,
        description="Der Lenkungsausschuss bewertet die neuen Steckbriefe, bevor der Kreisausschuss entscheidet.",
        deadline=timezone.now() + datetime.timedelta(days=21),
        candidates=candidates,
        raters=raters,
    )
    first = assessment_round.criteria.first()
    if coordinator is not None and first is not None:
        # The coordinator has begun: a draft with the first project rated on one criterion.
        services.save_rating(
            assessment_round=assessment_round,
            user=coordinator,
            scores={(assessment_round.candidates.order_by("pk")[0].pk, first.pk): 4},
        )
    return f"Bewertung: {region.name}, laufende Runde mit {len(candidates)} Projekten"
