"""Background work of surveys: folding new answers into the running tallies.

Answering stays one INSERT (``services.submit_response``); the tallies, and the free-text rows
for moderation, follow in ``count_answers``, which an answer queues. Reading results never writes.

Queuing is deduplicated through the cache: the first answer after a run queues the next run,
later ones see the mark and leave it. The run removes the mark before it reads, so an answer
stored after that read queues a run of its own and none is left uncounted. Where the cache is
per process, each process queues its own run; a run that finds nothing to count does nothing.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartregion.core import background, pagecache, scoping
from smartregion.surveys.models import Survey

# Longest time an answer waits for a run when a queued run got lost (its transaction rolled back).
QUEUED_FOR_SECONDS = 10


def _mark(survey_id: int) -> str:
    return f"surveys:count-queued:{survey_id}"


@task()
@background.retried(label=_("Antworten einer Umfrage zählen"), region=background.region_of(Survey))
@scoping.across_regions
def count_answers(survey_id: int) -> int:
    """Fold the survey's uncounted answers into its tallies; returns how many were counted."""
    from smartregion.surveys.services import refresh_tallies

    cache.delete(_mark(survey_id))
    survey = Survey.objects.filter(pk=survey_id).select_related("region").first()
    if survey is None:
        return 0
    counted = refresh_tallies(survey=survey)
    if counted:
        pagecache.content_changed(survey.region.slug)  # the published results show the new count
    return counted


def queue_counting(survey_id: int) -> None:
    """Queue a run of ``count_answers`` unless one is queued already."""
    if cache.add(_mark(survey_id), 1, timeout=QUEUED_FOR_SECONDS):
        count_answers.enqueue(survey_id)
