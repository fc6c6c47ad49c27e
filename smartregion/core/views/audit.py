"""A region's audit page: who did what to which object and when; read-only, filterable, as CSV.

Citizens who acted without a role in the region (an idea, a registration) are shown as
"Bürgerin oder Bürger", never by name or address.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartregion.accounts.models import Membership
from smartregion.core import selectors
from smartregion.core.downloads import CSV_CONTENT_TYPE, as_attachment
from smartregion.core.forms import AuditFilterForm
from smartregion.core.models import AuditEvent
from smartregion.core.permissions import authorize
from smartregion.core.spreadsheets import csv_lines
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

PAGE_SIZE = 50


def _staff(region: Region) -> dict[int, str]:
    """The people with a role in the region, by id: only they are named in the log."""
    people = Membership.objects.filter(region=region).select_related("user").order_by("user__email")
    return {m.user_id: str(m.user) for m in people}


def _filtered(request: HttpRequest, region: Region) -> tuple[AuditFilterForm, Any, dict[int, str]]:
    staff = _staff(region)
    form = AuditFilterForm(
        request.GET or None,
        actions=[
            (action, f"{selectors.action_label(action)} ({action})")
            for action in selectors.actions_in(region)
        ],
        object_types=[(t, selectors.object_type_label(t)) for t in selectors.object_types_in(region)],
        people=sorted(staff.items(), key=lambda pair: pair[1].lower()),
    )
    chosen = selectors.AuditFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = selectors.AuditFilter(
            action=data["aktion"],
            object_type=data["objekt"],
            actor=data["person"],
            since=data["von"],
            until=data["bis"],
        )
    return form, selectors.audit_events(region, chosen), staff


def _actor(event: AuditEvent, staff: dict[int, str]) -> str:
    if event.actor_id is None:
        return _("System oder ohne Anmeldung")
    if event.actor_id in staff:
        return staff[event.actor_id]
    if event.actor is not None and event.actor.is_superuser:
        return _("Betrieb: %(name)s") % {"name": event.actor}
    return _("Bürgerin oder Bürger")


def _rows(events: Iterable[AuditEvent], staff: dict[int, str]) -> Iterator[dict[str, Any]]:
    return (
        {
            "when": timezone.localtime(event.created_at),
            "actor": _actor(event, staff),
            "action": selectors.action_label(event.action),
            "action_key": event.action,
            "object_type": selectors.object_type_label(event.object_type),
            "object_id": event.object_id,
        }
        for event in events
    )


@login_required
@require_GET
@region_view
def audit(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "core.view_audit", region)
    form, events, staff = _filtered(request, region)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "region": region,
        "filter_form": form,
        "page": page,
        "rows": list(_rows(page.object_list, staff)),
        "query": query.urlencode(),
    }
    return render(request, "core/audit.html", context)


@login_required
@require_GET
@region_view
def audit_csv(request: HttpRequest, region: Region) -> StreamingHttpResponse:
    authorize(request, "core.view_audit", region)
    _form, events, staff = _filtered(request, region)
    header = [
        _("Zeitpunkt"),
        _("Person"),
        _("Aktion"),
        _("Aktion (Schlüssel)"),
        _("Art des Objekts"),
        _("Objekt-Nr."),
    ]
    rows = (
        [
            row["when"].strftime("%Y-%m-%d %H:%M:%S"),
            row["actor"],
            row["action"],
            row["action_key"],
            row["object_type"],
            row["object_id"],
        ]
        for row in _rows(events.iterator(chunk_size=2000), staff)
    )
    response = StreamingHttpResponse(
        csv_lines(itertools.chain([header], rows)), content_type=CSV_CONTENT_TYPE
    )
    return as_attachment(response, f"protokoll-{region.slug}.csv")
