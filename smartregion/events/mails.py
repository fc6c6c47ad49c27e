"""Mails to participants: registration, moved up from the waiting list, reminder, already registered.

Each takes a registration id (they run after the transaction commits) and sends nothing for a
registration that is gone or anonymised. Mails of people with a seat carry the event as ICS file.
A mail asking to confirm the address carries a fresh secret in its link (only its hash is stored),
so only the mailbox can confirm.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregion.core.mail import EmailMessage
from smartregion.events import ics
from smartregion.events.models import ACTIVE, SEAT_HOLDING, Registration, RegistrationStatus


def _load(registration_id: int) -> Registration | None:
    registration = (
        Registration.objects.select_related("event", "event__region").filter(pk=registration_id).first()
    )
    if registration is None or registration.anonymised or not registration.email:
        return None
    return registration


def _links(registration: Registration, *, with_confirmation: bool) -> dict[str, str]:
    from smartregion.events.services import issue_confirmation_secret

    kwargs = {"region_slug": registration.event.region.slug, "token": registration.token}
    links = {
        "manage_url": settings.SITE_URL + reverse("events:registration", kwargs=kwargs),
        "event_url": settings.SITE_URL + registration.event.get_absolute_url(),
    }
    secret = issue_confirmation_secret(registration_id=registration.pk) if with_confirmation else None
    if secret:
        confirm = reverse("events:confirm", kwargs={**kwargs, "secret": secret})
        links["confirm_url"] = settings.SITE_URL + confirm
    return links


def _send(
    registration: Registration,
    subject: str,
    template: str,
    *,
    calendar: bool = True,
    confirmation: bool = True,
    **extra: object,
) -> None:
    from smartregion.events.services import waitlist_position

    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "region": event.region,
        "position": waitlist_position(registration),
        "show_link": registration.status == RegistrationStatus.CONFIRMED,
        **_links(registration, with_confirmation=confirmation and registration.address_confirmed_at is None),
        **extra,
    }
    message = EmailMessage(
        # One line: a line break in a header would make Django refuse the whole mail.
        subject=" ".join(f"{subject}: {event.title}".split()),
        body=render_to_string(template, context),
        to=[registration.email],
    )
    if calendar and registration.status in SEAT_HOLDING:
        with_link = registration.status == RegistrationStatus.CONFIRMED
        message.attach("veranstaltung.ics", ics.event_ics(event, with_link=with_link), "text/calendar")
    message.send()


def send_registration_mail(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is None:
        return
    subjects = {
        RegistrationStatus.CONFIRMED: _("Anmeldung bestätigt"),
        RegistrationStatus.PENDING: _("Bitte bestätigen Sie Ihre Anmeldung"),
        RegistrationStatus.WAITLISTED: _("Sie stehen auf der Warteliste"),
    }
    subject = subjects.get(RegistrationStatus(registration.status))
    if subject:
        _send(registration, str(subject), "events/email/registration.txt")


def send_moved_up_mail(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is not None and registration.status in SEAT_HOLDING:
        _send(registration, _("Ein Platz ist frei geworden"), "events/email/moved_up.txt")


def send_reminder_mail(registration_id: int) -> None:
    registration = _load(registration_id)
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        _send(registration, _("Erinnerung"), "events/email/reminder.txt")


def send_already_registered_mail(registration_id: int) -> None:
    """Someone registered this address again for an event with double opt-in; the page did not say
    so (it must not tell strangers who is registered), this mail tells the owner of the address."""
    registration = _load(registration_id)
    if registration is not None and registration.status in ACTIVE:
        _send(
            registration,
            _("Sie sind schon angemeldet"),
            "events/email/already_registered.txt",
            calendar=False,
            confirmation=False,  # a new link would void the one the owner has; nothing changes here
        )
