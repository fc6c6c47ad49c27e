"""Reads of events: a region's lists, the feed, participant search, phase links for the timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregion.accounts.rules import is_region_member
from smartregion.core.modules import DashboardItem, PersonalData, PersonalExport, PersonalRecord
from smartregion.core.phase_links import PhaseLink
from smartregion.core.scoping import across_regions
from smartregion.events.models import ACTIVE, Event, Registration, RegistrationStatus, Visibility
from smartregion.regions.models import Region

MANAGE = "events.manage_events"


def events_for_region(*, region: Region, viewer: Any, upcoming: bool | None = None) -> QuerySet[Event]:
    """Events of the region the viewer may see (coordinators and members also see invitation-only
    ones); upcoming ones first by date, past ones newest first. All but the past ones carry seat
    counts (the public ones unless the viewer runs the region's events)."""
    events = Event.objects.filter(region=region).select_related("region")
    if upcoming is not False:  # past events show their attendance, not seats
        events = events.with_counts(public=not viewer.has_perm(MANAGE, region))
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


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """For those who run the region's events (module registry): per event not yet over, the
    registrations to look at, due by the event's start: people on the waiting list (more seats?)
    and active registrations that state a need for accessibility (to arrange). A registration
    with both counts once. One query."""
    if not user.has_perm(MANAGE, region):
        return []
    waiting = Q(registrations__status=RegistrationStatus.WAITLISTED)
    needs = Q(registrations__status__in=ACTIVE) & ~Q(registrations__accessibility_needs="")
    events = (
        Event.objects.filter(region=region, end__gte=timezone.now())
        .annotate(
            waiting=Count("registrations", filter=waiting),
            needs=Count("registrations", filter=needs),
            to_check=Count("registrations", filter=waiting | needs),
        )
        .filter(to_check__gt=0)
        .order_by("start", "pk")
        .values("pk", "title", "start", "waiting", "needs", "to_check")
    )
    return [
        DashboardItem(
            _("Anmeldungen prüfen: %(title)s") % {"title": event["title"]},
            event["to_check"],
            reverse("events:participants", kwargs={"region_slug": region.slug, "event_id": event["pk"]}),
            due=timezone.localdate(event["start"]),
            detail=_registrations_detail(event["waiting"], event["needs"]),
        )
        for event in events
    ]


def _registrations_detail(waiting: int, needs: int) -> str:
    parts = []
    if waiting:
        parts.append(_("%(n)d auf der Warteliste") % {"n": waiting})
    if needs:
        parts.append(_("%(n)d mit Bedarf an Barrierefreiheit") % {"n": needs})
    return ", ".join(parts)


RECENT_RECORDS = 20


@across_regions
def personal_data(user: Any, emails: frozenset[str]) -> list[PersonalData]:
    """This person's event registrations ("Meine Daten"): registrations carry an e-mail address, not
    an account, so those made with an address the person confirmed. Two queries."""
    registrations = (
        Registration.objects.filter(email__in=emails, anonymised=False)
        .select_related("event__region")
        .order_by("-created_at", "-pk")
    )
    return [
        PersonalData(
            _("Anmeldungen zu Veranstaltungen"),
            registrations.count(),
            tuple(
                PersonalRecord(
                    registration.event.title,
                    registration.event.region.name,
                    registration.created_at,
                    reverse(
                        "events:registration",
                        kwargs={"region_slug": registration.event.region.slug, "token": registration.token},
                    ),
                    registration.get_status_display(),
                )
                for registration in registrations[:RECENT_RECORDS]
            ),
        )
    ]


@across_regions
def personal_export(user: Any, emails: frozenset[str]) -> list[PersonalExport]:
    """This person's event registrations in full, with answers and needs, for the download. One query."""
    registrations = (
        Registration.objects.filter(email__in=emails, anonymised=False)
        .select_related("event__region")
        .order_by("created_at", "pk")
    )
    return [
        PersonalExport(
            "anmeldungen",
            _("Anmeldungen zu Veranstaltungen"),
            (
                ("region", _("Region")),
                ("veranstaltung", _("Veranstaltung")),
                ("beginn", _("Beginn")),
                ("name", _("Name")),
                ("e_mail", _("E-Mail-Adresse")),
                ("antworten", _("Antworten")),
                ("barrierefreiheit", _("Bedarf an Barrierefreiheit")),
                ("status", _("Status")),
                ("adresse_bestaetigt", _("Adresse bestätigt")),
                ("eingelassen", _("Eingelassen")),
                ("angemeldet", _("Angemeldet")),
            ),
            tuple(
                {
                    "region": registration.event.region.name,
                    "veranstaltung": registration.event.title,
                    "beginn": registration.event.start,
                    "name": registration.name,
                    "e_mail": registration.email,
                    "antworten": [f"{question}: {answer}" for question, answer in registration.answer_list()],
                    "barrierefreiheit": registration.accessibility_needs,
                    "status": registration.get_status_display(),
                    "adresse_bestaetigt": registration.address_confirmed_at,
                    "eingelassen": registration.checked_in_at,
                    "angemeldet": registration.created_at,
                }
                for registration in registrations
            ),
        )
    ]
