"""Analysis rounds under their phase of the strategy timeline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from smartregion.accounts.roles import memberships_by_region
from smartregion.analysis.models import AnalysisRound, QuestionnaireStatus
from smartregion.core.phase_links import PhaseLink


def analysis_rounds_by_phase(phase_ids: Sequence[int], user: Any) -> Iterator[PhaseLink]:
    """Rounds of these phases: members see all of their region's, everyone else the published ones."""
    visible = Q(published_at__isnull=False)
    if getattr(user, "is_superuser", False):
        visible = Q()
    else:
        region_ids = list(memberships_by_region(user))
        if region_ids:
            visible |= Q(region_id__in=region_ids)
    rounds = (
        AnalysisRound.objects.filter(visible, phase_id__in=phase_ids)
        .select_related("region")
        .annotate(
            invited=Count("questionnaires"),
            submitted=Count("questionnaires", filter=Q(questionnaires__status=QuestionnaireStatus.SUBMITTED)),
        )
        .order_by("deadline", "pk")
    )
    for item in rounds:
        yield PhaseLink(
            phase_id=int(item.phase_id or 0),
            label=_("Bedarfsanalyse: %(name)s") % {"name": item.name},
            url=item.get_absolute_url(),
            detail=_("%(submitted)d von %(invited)d Kommunen haben geantwortet")
            % {"submitted": item.submitted, "invited": item.invited},  # type: ignore[attr-defined]
        )
