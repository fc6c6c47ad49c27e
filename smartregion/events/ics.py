"""iCalendar files (RFC 5545) for one event and for a region's feed, written with ``icalendar``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from smartregion.events.models import Event

PRODID = "-//Smart Region//Veranstaltungen//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "smartregion"
    return f"event-{event.pk}@{host}"


def _location(event: Event, with_link: bool) -> str:
    parts = [p for p in (event.place, event.address) if p]
    if not parts and event.online_url:
        return event.online_url if with_link else "Online"
    return ", ".join(parts)


def _vevent(event: Event, *, with_link: bool) -> Any:
    import icalendar

    item = icalendar.Event()
    item.add("uid", _uid(event))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("summary", event.title)
    description = event.description
    if with_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        item.add("description", description)
    location = _location(event, with_link)
    if location:
        item.add("location", location)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    return item


def _calendar(name: str) -> Any:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, *, with_link: bool = False) -> bytes:
    """One event; the online link only for confirmed participants (``with_link``)."""
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, with_link=with_link))
    return bytes(calendar.to_ical())


def feed_ics(name: str, events: Iterable[Event]) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, with_link=False))
    return bytes(calendar.to_ical())
