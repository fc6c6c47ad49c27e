"""Public event pages under /r/<region>/termine/: list, feed, event page with registration,
the participant's own page (confirm address, cancel)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregion.core import pagecache, ratelimit
from smartregion.core.forms import add_service_errors
from smartregion.events import ics, selectors, services
from smartregion.events.forms import RegistrationForm
from smartregion.events.models import Event, Registration, RegistrationStatus, Visibility
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

PAGE_SIZE = 20
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def event_for_viewer(request: HttpRequest, region: Region, event_id: int) -> Event:
    """An event of the region; one by invitation only with the invitation key or for members. Seat
    counts are the public ones unless the viewer runs the region's events."""
    public_counts = not request.user.has_perm("events.manage_events", region)
    event = get_object_or_404(
        Event.objects.select_related("region", "phase").with_counts(public=public_counts),
        region=region,
        pk=event_id,
    )
    if event.visibility == Visibility.INVITATION and not (
        request.user.has_perm("events.view_event", event) or _invitation_key(request) == event.invitation_key
    ):
        raise Http404
    return event


def _invitation_key(request: HttpRequest) -> str:
    key = request.GET.get("einladung") or request.POST.get("einladung") or ""
    return key if TOKEN.fullmatch(key) else ""


def _token(token: str) -> str:
    if not TOKEN.fullmatch(token):
        raise Http404
    return token


@require_GET
@region_view
def event_list(request: HttpRequest, region: Region) -> HttpResponse:
    events = functools.partial(selectors.events_for_region, region=region, viewer=request.user)
    upcoming = pagecache.CountedPaginator(events(upcoming=True), PAGE_SIZE, path=request.path).get_page(
        request.GET.get("seite")
    )
    past = pagecache.CountedPaginator(events(upcoming=False), PAGE_SIZE, path=request.path).get_page(
        request.GET.get("frueher")
    )
    context = {
        "region": region,
        "upcoming": upcoming,
        "past": past,
        # Each list's pagination keeps the other's page.
        "upcoming_query": urlencode({"frueher": past.number}) if past.number > 1 else "",
        "past_query": urlencode({"seite": upcoming.number}) if upcoming.number > 1 else "",
        "now": timezone.now(),
        "can_manage": request.user.has_perm("events.manage_events", region),
    }
    return render(request, "events/list.html", context)


@require_GET
@region_view
def feed(request: HttpRequest, region: Region) -> HttpResponse:
    name = _("Termine – %(region)s") % {"region": region.name}
    response = HttpResponse(
        ics.feed_ics(name, selectors.feed_events(region=region)), content_type=ics.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'inline; filename="termine-{region.slug}.ics"'
    return response


@require_GET
@region_view
def event_ics(request: HttpRequest, region: Region, event_id: int) -> HttpResponse:
    event = event_for_viewer(request, region, event_id)
    response = HttpResponse(ics.event_ics(event), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@region_view
def event_detail(request: HttpRequest, region: Region, event_id: int) -> HttpResponse:
    event = event_for_viewer(request, region, event_id)
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and not ratelimit.allow(request, ratelimit.EVENT_REGISTRATIONS):
        form.add_error(None, ratelimit.MESSAGE)
        return render(
            request, "events/detail.html", _detail_context(request, region, event, form), status=429
        )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                event=event, invitation_key=_invitation_key(request), **form.service_arguments()
            )
        except services.DuplicateNotDisclosed:
            return _awaiting_confirmation(request, event, form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if registration.address_confirmed_at is None:
                return _awaiting_confirmation(request, event, form.cleaned_data["email"])
            messages.success(request, _registered_message(registration))
            return redirect("events:registration", region_slug=region.slug, token=registration.token)
    return render(request, "events/detail.html", _detail_context(request, region, event, form))


def _awaiting_confirmation(request: HttpRequest, event: Event, email: str) -> HttpResponse:
    """The answer to every registration that waits for the address to be confirmed, and to one of an
    address already registered: alike, so that the page tells nobody who is registered. The mail
    tells the owner of the address the rest (and carries the links)."""
    messages.success(request, _("Wir haben eine E-Mail an %(email)s geschickt.") % {"email": email})
    url = reverse("events:registration_sent", kwargs={"region_slug": event.region.slug, "event_id": event.pk})
    key = _invitation_key(request)
    return redirect(f"{url}?{urlencode({'einladung': key})}" if key else url)


@require_GET
@region_view
def registration_sent(request: HttpRequest, region: Region, event_id: int) -> HttpResponse:
    event = event_for_viewer(request, region, event_id)
    context = {"region": region, "event": event, "invitation_key": _invitation_key(request)}
    return render(request, "events/registration_sent.html", context)


def _detail_context(
    request: HttpRequest, region: Region, event: Event, form: RegistrationForm
) -> dict[str, object]:
    now = timezone.now()
    seats_left = event.seats_left
    open_now = (
        event.registration_enabled
        and (event.registration_opens is None or event.registration_opens <= now)
        and (event.registration_deadline is None or event.registration_deadline >= now)
        and event.start > now
    )
    return {
        "region": region,
        "event": event,
        "form": form,
        "seats_left": seats_left,
        "registration_open": open_now,
        "not_yet_open": bool(event.registration_opens and event.registration_opens > now),
        "invitation_key": _invitation_key(request),
        "can_manage": request.user.has_perm("events.manage_events", event),
        "fields": list(event.fields.all()),
    }


def _registered_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Sie sind angemeldet. Die Bestätigung mit Kalenderdatei ist unterwegs an %(email)s.") % {
            "email": registration.email
        }
    return _("Die Veranstaltung ist ausgebucht. Sie stehen auf Platz %(position)d der Warteliste.") % {
        "position": services.waitlist_position(registration) or 0
    }


def _registration_by_token(region: Region, token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "event__region"),
        event__region=region,
        token=_token(token),
        anonymised=False,
    )


@require_http_methods(["GET", "POST"])
@region_view
def registration_page(request: HttpRequest, region: Region, token: str) -> HttpResponse:
    """The participant's page from the mail link: status, online link, cancellation (POST)."""
    registration = _registration_by_token(region, token)
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Ihre Anmeldung ist abgesagt. Danke, dass Sie Bescheid gegeben haben.")
            )
        return redirect("events:registration", region_slug=region.slug, token=registration.token)
    context = {
        "region": region,
        "registration": registration,
        "event": registration.event,
        "position": services.waitlist_position(registration),
        "active": registration.status in ("pending_confirmation", "confirmed", "waitlisted"),
    }
    return render(request, "events/registration.html", context)


@require_http_methods(["GET", "POST"])
@region_view
def confirm(request: HttpRequest, region: Region, token: str, secret: str = "") -> HttpResponse:
    """Confirm the address (double opt-in) with the secret only the mail carries. GET shows a button,
    so mail scanners confirm nothing."""
    registration = _registration_by_token(region, token)
    if request.method == "POST":
        try:
            services.confirm_address(region=region, token=registration.token, secret=secret)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Danke! Ihre E-Mail-Adresse ist bestätigt."))
        return redirect("events:registration", region_slug=region.slug, token=registration.token)
    context = {
        "region": region,
        "registration": registration,
        "event": registration.event,
        "valid": registration.confirms(secret),
    }
    return render(request, "events/confirm.html", context)


@require_POST
@region_view
def resend_confirmation(request: HttpRequest, region: Region, token: str) -> HttpResponse:
    """Mail a new confirmation link to the registered address (only there, never to the page)."""
    registration = _registration_by_token(region, token)
    try:
        services.resend_confirmation(region=region, token=registration.token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Wir haben Ihnen einen neuen Link zur Bestätigung geschickt."))
    return redirect("events:registration", region_slug=region.slug, token=registration.token)
