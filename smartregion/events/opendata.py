"""The region's public events as open data (``core.modules.OpenDataset``).

Events open to everyone only, never those by invitation. Of the registrations only the count the
event page shows everyone (seats taken by confirmed addresses, ``with_counts(public=True)``);
nothing about a participant, ever.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartregion.core.modules import SitePath
from smartregion.events.models import Event, EventKind
from smartregion.regions.models import Region

COLUMNS = ["id", "titel", "art", "beginn", "ende", "ort", "plaetze", "angemeldet", "url"]
CHUNK = 2000


def public_events(region: Region) -> tuple[list[str], Iterator[list[Any]]]:
    """The public events by start, read ``CHUNK`` at a time in one query each (the counts are
    subqueries). ``angemeldet`` is empty where people do not register through the platform.

    The kinds' labels are worded when this is called, in the language active then.
    """
    labels = {value: str(label) for value, label in EventKind.choices}
    events = (
        Event.objects.filter(region=region)
        .public()
        .with_counts(public=True)
        .order_by("start", "pk")
        .only("title", "kind", "start", "end", "place", "capacity", "registration_enabled", "region_id")
    )
    return COLUMNS, _rows(region, events.iterator(chunk_size=CHUNK), labels)


def _rows(region: Region, events: Iterator[Event], labels: dict[str, str]) -> Iterator[list[Any]]:
    for event in events:
        event.region = region  # known already: its address needs the region's slug
        yield [
            event.pk,
            event.title,
            labels.get(event.kind, event.kind),
            event.start,
            event.end,
            event.place or None,
            event.capacity,
            event.seats_taken if event.registration_enabled else None,  # type: ignore[attr-defined]
            SitePath(event.get_absolute_url()),
        ]
