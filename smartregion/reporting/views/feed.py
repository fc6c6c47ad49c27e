"""The region's Atom feed (RFC 4287): new status updates of its public projects and its published
status reports, newest first. Written by Django's feed generator."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from smartregion.reporting import selectors
from smartregion.reporting.models import StatusReport

ENTRIES = 30


class Entry(NamedTuple):
    moment: datetime.datetime
    title: str
    link: str
    description: str
    unique_id: str
    author: str


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _entries(request: HttpRequest, region: Region, home: str) -> list[Entry]:
    entries = [
        Entry(
            _noon(update.reported_on),
            _("%(project)s: %(traffic)s, %(progress)s %%")
            % {
                "project": update.project.title,
                "traffic": update.get_traffic_display(),
                "progress": update.progress,
            },
            request.build_absolute_uri(update.project.get_absolute_url()),
            update.text,
            f"{home}#statusmeldung-{update.pk}",
            update.author_name or region.name,
        )
        for update in selectors.latest_updates(region, None, limit=ENTRIES)
    ]
    published = StatusReport.objects.filter(region=region, published_at__isnull=False).order_by(
        "-published_at"
    )
    entries.extend(
        Entry(
            report.published_at or timezone.now(),
            _("Sachstandsbericht: %(title)s") % {"title": report.title},
            request.build_absolute_uri(report.get_absolute_url()),
            _("Für %(committee)s, Sitzung am %(day)s")
            % {"committee": report.committee, "day": report.meeting_date.strftime("%d.%m.%Y")},
            f"{home}#bericht-{report.pk}",
            region.name,
        )
        for report in published.select_related("region")[:ENTRIES]
    )
    return sorted(entries, key=lambda entry: entry.moment, reverse=True)[:ENTRIES]


@require_GET
@region_view
def feed(request: HttpRequest, region: Region) -> HttpResponse:
    home = request.build_absolute_uri(reverse("regions:detail", kwargs={"region_slug": region.slug}))
    atom = feedgenerator.Atom1Feed(
        title=_("Neuigkeiten – %(region)s") % {"region": region.name},
        link=home,
        description=_("Statusmeldungen der Projekte und Sachstandsberichte %(name_of)s")
        % {"region": region.name, "name_of": region.name_of},
        language="de",
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
    )
    for entry in _entries(request, region, home):
        atom.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.description,
            unique_id=entry.unique_id,
            author_name=entry.author,
            pubdate=entry.moment,
            updateddate=entry.moment,
        )
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
