"""Background work of reporting: generating status reports (``generation.generate``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartregion.core import background, scoping
from smartregion.reporting import generation


@task()
@background.retried(label=_("Statusbericht erzeugen"))
@scoping.across_regions
def generate_report(report_id: int) -> bool:
    """Generate the status report; its page shows the progress and, on failure, the error."""
    return generation.generate(report_id)
