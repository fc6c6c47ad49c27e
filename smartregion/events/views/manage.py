"""Coordinator pages: events of the region, create and edit, participants, exports, check-in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.accounts.http import HtmxHttpRequest
from smartregion.core import confirm
from smartregion.core.documents import PDF_CONTENT_TYPE
from smartregion.core.downloads import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, download
from smartregion.core.forms import save_valid
from smartregion.core.permissions import authorize
from smartregion.events import exports, selectors, services
from smartregion.events.forms import CheckInSearchForm, EventForm, RegistrationForm, SearchForm
from smartregion.events.models import SEAT_HOLDING, Event, Registration, RegistrationStatus
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

MANAGE = "events.manage_events"
PAGE_SIZE = 50
CHECK_IN_LIMIT = 30


def _event_to_manage(request: HttpRequest, region: Region, event_id: int) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("region").with_counts(), region=region, pk=event_id
    )
    authorize(request, MANAGE, event)
    return event


def _registration_of(event: Event, registration_id: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__region"), event=event, pk=registration_id
    )


@login_required
@require_GET
@region_view
def manage_list(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    events = selectors.events_for_region(region=region, viewer=request.user).order_by("-start", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "events/manage_list.html", {"region": region, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def event_create(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, MANAGE, region)
    form = EventForm(request.POST or None, region=region)
    event = save_valid(
        request,
        form,
        lambda data: services.create_event(region=region, actor=request.user, **form.service_arguments()),
        data_as="data",
    )
    if event is not None:
        messages.success(request, _("Die Veranstaltung ist angelegt."))
        return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"region": region, "form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def event_edit(request: HttpRequest, region: Region, event_id: int) -> HttpResponse:
    event = _event_to_manage(request, region, event_id)
    form = EventForm(request.POST or None, instance=event, region=region)
    saved = save_valid(
        request,
        form,
        lambda data: services.update_event(event=event, actor=request.user, **form.service_arguments()),
        data_as="data",
    )
    if saved is not None:
        messages.success(request, _("Die Änderungen sind gespeichert."))
        return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"region": region, "form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def participants(request: HttpRequest, region: Region, event_id: int) -> HttpResponse:
    """The participant list with search; POST registers someone on their behalf."""
    event = _event_to_manage(request, region, event_id)
    search = SearchForm(request.GET or None)
    query, status = "", ""
    if search.is_valid():
        query, status = search.cleaned_data["q"], search.cleaned_data["status"]
    add_form = RegistrationForm(request.POST or None, event=event, prefix="neu")
    registration = save_valid(
        request,
        add_form,
        lambda data: services.register(
            event=event, on_behalf_by=request.user, **add_form.service_arguments()
        ),
        data_as="data",
    )
    if registration is not None:
        messages.success(
            request,
            _("%(name)s ist angemeldet (%(status)s).")
            % {"name": registration.name, "status": registration.get_status_display()},
        )
        return redirect("events:participants", region_slug=region.slug, event_id=event.pk)
    page = Paginator(selectors.participants(event=event, query=query, status=status), PAGE_SIZE)
    context = {
        "region": region,
        "event": event,
        "search": search,
        "page": page.get_page(request.GET.get("seite")),
        "query_string": urlencode({k: v for k, v in (("q", query), ("status", status)) if v}),
        "add_form": add_form,
    }
    return render(request, "events/participants.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def cancel_participant(
    request: HttpRequest, region: Region, event_id: int, registration_id: int
) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST cancels the registration."""
    event = _event_to_manage(request, region, event_id)
    registration = _registration_of(event, registration_id)
    if not confirm.is_confirmed(request):
        return confirm.page(request, _cancellation(region, event, registration))
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Anmeldung von %(name)s ist abgesagt.") % {"name": registration.name})
    return redirect("events:participants", region_slug=region.slug, event_id=event.pk)


def _cancellation(region: Region, event: Event, registration: Registration) -> confirm.Removal:
    name = registration.name or registration.email
    if registration.status == RegistrationStatus.WAITLISTED:
        consequences = [_("%(name)s wird von der Warteliste genommen.") % {"name": name}]
    else:
        consequences = [_("%(name)s verliert den Platz bei dieser Veranstaltung.") % {"name": name}]
        if event.waitlist_size:  # type: ignore[attr-defined]  # annotated by with_counts()
            consequences.append(
                _("Den Platz bekommt sofort die nächste Person auf der Warteliste; sie erhält eine E-Mail.")
            )
    consequences += [
        _("Die Absage lässt sich nicht rückgängig machen; die Person müsste sich neu anmelden."),
        _("%(name)s erhält dazu keine E-Mail; sagen Sie bitte selbst Bescheid.") % {"name": name},
    ]
    return confirm.Removal(
        title=_("Anmeldung von %(name)s absagen?") % {"name": name},
        cancel_url=reverse("events:participants", kwargs={"region_slug": region.slug, "event_id": event.pk}),
        back_label=_("Teilnehmende: %(title)s") % {"title": event.title},
        consequences=consequences,
        button=_("Ja, Anmeldung absagen"),
    )


@login_required
@require_GET
@region_view
def export(request: HttpRequest, region: Region, event_id: int, fmt: str) -> HttpResponse:
    event = _event_to_manage(request, region, event_id)
    filename = f"teilnehmende-{event.pk}"
    if fmt == "pdf":
        seated = list(
            selectors.participants(event=event).filter(status__in=SEAT_HOLDING).order_by("name", "pk")
        )
        content, content_type = exports.signature_list_pdf(event, seated), PDF_CONTENT_TYPE
        filename = f"unterschriftenliste-{event.pk}"
    else:
        registrations = list(selectors.participants(event=event))
        if fmt == "csv":
            content, content_type = exports.participants_csv(event, registrations), CSV_CONTENT_TYPE
        else:
            content, content_type = exports.participants_xlsx(event, registrations), XLSX_CONTENT_TYPE
    return download(content, content_type, f"{filename}.{fmt}")


@login_required
@require_GET
@region_view
def check_in_page(request: HtmxHttpRequest, region: Region, event_id: int) -> HttpResponse:
    """The door list for a tablet: search by name, one tap lets a person in."""
    event = _event_to_manage(request, region, event_id)
    search = CheckInSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    seated = (
        selectors.participants(event=event, query=query)
        .filter(status__in=SEAT_HOLDING)
        .order_by("name", "pk")
    )
    context = {
        "region": region,
        "event": event,
        "search": search,
        "query": query,
        "registrations": list(seated[:CHECK_IN_LIMIT]),
        "more": seated.count() > CHECK_IN_LIMIT,
    }
    only_list = request.htmx and request.GET.get("nur") == "liste"
    template = "events/check_in.html#results" if only_list else "events/check_in.html"
    return render(request, template, context)


@login_required
@require_POST
@region_view
def check_in_toggle(
    request: HtmxHttpRequest, region: Region, event_id: int, registration_id: int
) -> HttpResponse:
    event = _event_to_manage(request, region, event_id)
    registration = _registration_of(event, registration_id)
    undo = request.POST.get("zuruecknehmen") == "1"
    try:
        registration = services.check_in(registration=registration, actor=request.user, undo=undo)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    event.refresh_from_db(fields=["attendance_count"])
    if request.htmx:
        context = {"region": region, "event": event, "registration": registration, "oob_count": True}
        return render(request, "events/check_in.html#row", context)
    if not undo:
        messages.success(request, _("%(name)s ist eingelassen.") % {"name": registration.name})
    query = request.POST.get("q", "")[:200]
    url = reverse("events:check_in", kwargs={"region_slug": region.slug, "event_id": event.pk})
    return redirect(
        f"{url}?{urlencode({'q': query})}#person-{registration.pk}"
        if query
        else f"{url}#person-{registration.pk}"
    )
