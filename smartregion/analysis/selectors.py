"""Reads of the needs analysis that combine several models or depend on who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from smartregion.accounts.roles import membership_in
from smartregion.analysis.models import AnalysisRound, Questionnaire, QuestionnaireStatus
from smartregion.regions.models import Region


def rounds_for_region(*, region: Region, viewer: Any) -> QuerySet[AnalysisRound]:
    """The rounds the viewer may see: all for members, published ones for everyone else.

    Each round carries ``invited_count`` and ``submitted_count``.
    """
    rounds = AnalysisRound.objects.in_region(region)
    if not (getattr(viewer, "is_superuser", False) or membership_in(viewer, region.pk)):
        rounds = rounds.published()
    return rounds.select_related("region", "phase").annotate(
        invited_count=Count("questionnaires", distinct=True),
        submitted_count=Count(
            "questionnaires", filter=Q(questionnaires__status=QuestionnaireStatus.SUBMITTED), distinct=True
        ),
    )


def own_municipality_id(viewer: Any, region: Region) -> int | None:
    """The municipality an officer acts for in this region (the first, for one who acts for several),
    else None."""
    roles = membership_in(viewer, region.pk)
    if roles is None or not roles.officer_municipality_ids:
        return None
    return min(roles.officer_municipality_ids)


def progress_of(analysis_round: AnalysisRound) -> list[Questionnaire]:
    """Every questionnaire of the round with its municipality, by municipality name."""
    return list(
        analysis_round.questionnaires.select_related("municipality", "updated_by").order_by(
            "municipality__name"
        )
    )


def answers_of(questionnaire: Questionnaire) -> dict[tuple[int, str], int | None]:
    return {(a.field_id, a.dimension): a.value for a in questionnaire.answers.all()}
