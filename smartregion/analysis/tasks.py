"""Background work of the needs analysis: reminder e-mails before a round's deadline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartregion.analysis import services
from smartregion.analysis.models import AnalysisRound
from smartregion.core import background, scoping


@task()
@background.retried(
    label=_("Erinnerungen an die Bedarfsanalyse senden"), region=background.region_of(AnalysisRound)
)
@scoping.across_regions
def send_analysis_reminders(round_id: int, force: bool = False) -> int:
    """Remind the officers of municipalities that have not submitted; returns the e-mails sent.

    Scheduled once per round; ``force`` (the coordinator's "Jetzt erinnern") sends again.
    """
    analysis_round = AnalysisRound.objects.filter(pk=round_id).first()
    if analysis_round is None:
        return 0
    return services.send_reminders(analysis_round=analysis_round, force=force)
