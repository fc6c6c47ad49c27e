"""Finding a round for a page: 404 for another region's round or one the viewer may not see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
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


def run_action(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Call a service for a button; its refusal becomes an error message. True when it went through."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
