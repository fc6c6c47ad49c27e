"""Reads of events: a region's lists, the feed, participant search, phase links for the timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregion.accounts.rules import is_region_member
from smartregion.core.phase_links import PhaseLink
from smartregion.events.models import Event, Registration, RegistrationStatus, Visibility
from smartregion.regions.models import Region

MANAGE = "events.manage_events"


def events_for_region(*, region: Region, viewer: Any, upcoming: bool | None = None) -> QuerySet[Event]:
    """Events of the region the viewer may see (coordinators and members also see invitation-only
    ones), with seat counts (the public ones unless the viewer runs the region's events); upcoming
    ones first by date, past ones newest first."""
    public_counts = not viewer.has_perm(MANAGE, region)
    events = Event.objects.filter(region=region).select_related("region").with_counts(public=public_counts)
    if not (viewer.is_authenticated and (is_region_member(viewer, region) or viewer.is_superuser)):
        events = events.public()
    # To the minute: the same list reads the same query for a minute, so its total can be kept.
    now = timezone.now().replace(second=0, microsecond=0)
    if upcoming is True:
        return events.filter(end__gte=now).order_by("start", "pk")
    if upcoming is False:
        return events.filter(end__lt=now).order_by("-start", "-pk")
    return events.order_by("start", "pk")


def feed_events(*, region: Region) -> QuerySet[Event]:
    return Event.objects.filter(region=region).public().select_related("region").order_by("start", "pk")


def participants(*, event: Event, query: str = "", status: str = "") -> QuerySet[Registration]:
    registrations = Registration.objects.filter(event=event).select_related("event", "event__region")
    if status:
        registrations = registrations.filter(status=status)
    else:
        registrations = registrations.exclude(
            status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED]
        )
    query = query.replace("\x00", "").strip()
    if query:
        registrations = registrations.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return registrations.order_by("pk")


def attendance_label(count: int) -> str:
    return ngettext("%(count)d Teilnehmende:r", "%(count)d Teilnehmende", count) % {"count": count}


def phase_links_for(phase_ids: Sequence[int], user: Any) -> Iterable[PhaseLink]:
    """Public events under their strategy phase, with the attendance where it was counted."""
    events = (
        Event.objects.filter(phase_id__in=phase_ids, visibility=Visibility.PUBLIC)
        .select_related("region")
        .order_by("start", "pk")
    )
    for event in events:
        if event.attendance_count is not None:
            detail = attendance_label(event.attendance_count)
        else:
            detail = _("am %(date)s") % {"date": timezone.localtime(event.start).strftime("%d.%m.%Y")}
        yield PhaseLink(
            phase_id=event.phase_id or 0, label=event.title, url=event.get_absolute_url(), detail=detail
        )
