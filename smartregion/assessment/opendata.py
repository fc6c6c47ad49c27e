"""The region's decision log as open data (``core.modules.OpenDataset``).

The log is public (see ``rules``), so it holds every decision, as the log page shows it; the project
is linked only where its profile is public.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartregion.assessment.models import Decision, Outcome
from smartregion.core.modules import SitePath
from smartregion.portfolio.models import PUBLIC_STATUSES, Project
from smartregion.regions.models import Region

COLUMNS = ["datum", "projekt", "beschluss", "gremium", "vorlage", "projekt_url"]
CHUNK = 2000


def decisions(region: Region) -> tuple[list[str], Iterator[list[Any]]]:
    """The decisions, newest first, read ``CHUNK`` at a time in one query each.

    The outcome labels are worded when this is called, in the language active then.
    """
    labels = {value: str(label) for value, label in Outcome.choices}
    rows = (
        Decision.objects.filter(region=region)
        .order_by("-decided_on", "project__title", "pk")
        .values_list(
            "decided_on", "project__title", "outcome", "body", "reference", "project__slug", "project__status"
        )
    )
    return COLUMNS, _rows(region, rows.iterator(chunk_size=CHUNK), labels)


def _rows(region: Region, rows: Iterator[Any], labels: dict[str, str]) -> Iterator[list[Any]]:
    for decided_on, title, outcome, body, reference, slug, status in rows:
        url = Project(region=region, slug=slug).get_absolute_url() if status in PUBLIC_STATUSES else None
        yield [
            decided_on,
            title,
            labels.get(outcome, outcome),
            body,
            reference or None,
            SitePath(url) if url else None,
        ]
