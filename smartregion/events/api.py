"""Veranstaltungen: /regions/{slug}/events/, /events/{id}/… (full paths; mounted at the API root).

Public events only; registering needs no account. ``POST /events/{id}/registrations/`` answers
201 with the status and, on the waiting list, the position; 409 when the address is already
registered; 400 when the registration is not possible (deadline, conditions, address …); 422 when
the body does not have the documented form. For an event with double opt-in it answers 202
``pending_confirmation`` to every acceptable request, also for an address already registered: the
mail to the address tells the rest, so the API tells nobody who is registered. For the same reason
the counts of an event (``confirmed_count``, ``waitlist_count``) include only registrations whose
address is confirmed.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from smartregion.api.auth import TOKEN_SESSION_OR_ANONYMOUS
from smartregion.api.errors import ERROR_RESPONSES, ErrorOut
from smartregion.api.pagination import LimitOffsetPagination
from smartregion.api.params import RegionSlug
from smartregion.api.scoping import ensure_module, region_or_404
from smartregion.core import ratelimit, scoping
from smartregion.events import services
from smartregion.events.models import Event, EventKind, RegistrationStatus

router = Router(tags=["Veranstaltungen"])


MAX_ID = 2**31 - 1


class EventOut(Schema):
    id: int
    region: str
    kind: EventKind
    kind_label: str
    title: str
    start: datetime.datetime
    end: datetime.datetime
    place: str
    address: str
    online: bool
    capacity: int | None
    confirmed_count: int
    waitlist_count: int
    registration_opens: datetime.datetime | None
    registration_deadline: datetime.datetime | None
    attendance_count: int | None
    url: str

    @staticmethod
    def resolve_region(obj: Event) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_kind_label(obj: Event) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_online(obj: Event) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_confirmed_count(obj: Event) -> int:
        return int(obj.seats_taken)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_waitlist_count(obj: Event) -> int:
        return int(obj.waitlist_size)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()


class EventDetailOut(EventOut):
    description: str
    conditions: str = Field(description="Was Teilnehmende mit accept_conditions akzeptieren müssen.")
    questions: list[str]
    ask_accessibility: bool
    double_opt_in: bool
    fields: list[str]
    phase: str | None
    ics_url: str

    @staticmethod
    def resolve_fields(obj: Event) -> list[str]:
        return [f.name for f in obj.fields.all()]

    @staticmethod
    def resolve_phase(obj: Event) -> str | None:
        return obj.phase.name if obj.phase else None

    @staticmethod
    def resolve_ics_url(obj: Event) -> str:
        return obj.get_absolute_url() + "termin.ics"


class RegistrationIn(Schema):
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    accept_conditions: bool = False
    answers: dict[str, str] = {}
    accessibility_needs: str = Field("", max_length=1000)


class RegistrationOut(Schema):
    status: RegistrationStatus = Field(description="confirmed, waitlisted oder pending_confirmation")
    position: int | None = Field(description="Platz auf der Warteliste; sonst leer.")


class RegistrationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _public_events() -> QuerySet[Event]:
    return Event.objects.public().select_related("region", "phase").with_counts(public=True)


def _event(event_id: int, *, counts: bool = True) -> Event:
    with scoping.scopes_disabled():  # found by number across regions; ensure_module scopes the rest
        events = _public_events() if counts else Event.objects.public().select_related("region")
        event = events.filter(pk=event_id).first() if 0 < event_id <= MAX_ID else None
    if event is None:
        raise HttpError(404, _("Diese Veranstaltung gibt es nicht."))
    ensure_module(event.region, "events")
    return event


@router.get(
    "/regions/{slug}/events/",
    response={200: list[EventOut], **ERROR_RESPONSES},
    summary="Öffentliche Veranstaltungen einer Region",
)
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, slug: RegionSlug, **kwargs: Any) -> QuerySet[Event]:
    """By start, the earliest first."""
    region = region_or_404(slug, "events")
    return _public_events().filter(region=region).order_by("start", "pk")


@router.get(
    "/events/{event_id}/", response={200: EventDetailOut, **ERROR_RESPONSES}, summary="Eine Veranstaltung"
)
def get_event(request: HttpRequest, event_id: int) -> Event:
    return _event(event_id)


@router.post(
    "/events/{event_id}/registrations/",
    response={
        201: RegistrationOut,
        202: RegistrationOut,
        400: RegistrationErrorOut,
        409: RegistrationErrorOut,
        429: RegistrationErrorOut,
        404: ErrorOut,
        422: ERROR_RESPONSES[422],
    },
    auth=TOKEN_SESSION_OR_ANONYMOUS,
    summary="Für eine Veranstaltung anmelden",
)
def register(request: HttpRequest, event_id: int, data: RegistrationIn) -> Status[Any]:
    """Gives out a seat at once (201 ``confirmed``) or a place on the waiting list (201 ``waitlisted``
    with its ``position``). For an event with double opt-in always 202 ``pending_confirmation``:
    the mail to the address carries the confirmation link and says whether a seat is held, or
    tells the owner that the address was already registered."""
    event = _event(event_id, counts=False)
    if not ratelimit.allow(request, ratelimit.EVENT_REGISTRATIONS):
        return Status(429, {"detail": str(ratelimit.MESSAGE), "errors": {}})
    try:
        registration = services.register(
            event=event,
            name=data.name,
            email=data.email,
            accept_conditions=data.accept_conditions,
            answers=data.answers,
            accessibility_needs=data.accessibility_needs,
        )
    except services.DuplicateNotDisclosed:
        return _awaiting_confirmation()
    except services.DuplicateRegistration as error:
        return Status(
            409, {"detail": _("Diese E-Mail-Adresse ist schon angemeldet."), "errors": _messages(error)}
        )
    except ValidationError as error:
        return Status(
            400,
            {
                "detail": _("Die Anmeldung war nicht möglich. Bitte prüfen Sie die Angaben."),
                "errors": _messages(error),
            },
        )
    if registration.address_confirmed_at is None:
        return _awaiting_confirmation()
    position = services.waitlist_position(registration)
    return Status(201, {"status": registration.status, "position": position})


def _awaiting_confirmation() -> Status[Any]:
    # One answer whether the address was new, is held a seat, waits in line or was registered before.
    return Status(202, {"status": RegistrationStatus.PENDING, "position": None})


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}
