"""Finding a round for a page: 404 for another region's round or one the viewer may not see."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from smartregion.assessment.models import AssessmentRound
from smartregion.core.permissions import authorize
from smartregion.regions.models import Region

MANAGE = "assessment.manage_round"


def get_round(request: HttpRequest, region: Region, assessment_id: int) -> AssessmentRound:
    assessment_round = (
        AssessmentRound.objects.filter(pk=assessment_id, region=region).select_related("region").first()
    )
    if assessment_round is None or not request.user.has_perm("assessment.view_round", assessment_round):
        raise Http404
    return assessment_round


def get_round_to_manage(request: HttpRequest, region: Region, assessment_id: int) -> AssessmentRound:
    assessment_round = get_round(request, region, assessment_id)
    authorize(request, MANAGE, assessment_round)
    return assessment_round
