"""Writes of events and registrations: seats, waiting list, opt-in, cancellation, check-in, clean-up.

Every write that changes who holds a seat locks the event row first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite opens its transactions with ``BEGIN IMMEDIATE``, see settings.py), so seats are
counted and given out one registration after the other: never more than the capacity, and the
waiting list in the order of arrival. Mails are handed to the task worker after the transaction commits.
Permissions are the caller's business; these functions check the data and raise ValidationError
with German messages.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.core.modules import Erased, Retained
from smartregion.core.scoping import scopes_disabled
from smartregion.core.updates import apply_changes
from smartregion.events import mails
from smartregion.events.models import (
    ACTIVE,
    SEAT_HOLDING,
    Event,
    Registration,
    RegistrationStatus,
    Visibility,
    secret_hash,
)
from smartregion.regions.models import Region
from smartregion.strategy.models import FieldOfAction

MAX_ANSWER_LENGTH = 1000
MAX_QUESTIONS = 20
LOCK_WAIT_SECONDS = 30
RESEND_INTERVAL = timedelta(minutes=10)
T = TypeVar("T")
logger = logging.getLogger(__name__)

Errors = dict[str, list[str]]


class DuplicateRegistration(ValidationError):
    """The address is already registered for the event (the API answers 409)."""

    def __init__(self) -> None:
        super().__init__({"email": _("Diese E-Mail-Adresse ist für die Veranstaltung schon angemeldet.")})


class DuplicateNotDisclosed(DuplicateRegistration):
    """The address is already registered for an event with double opt-in. Its owner has been told by
    mail (with the link to their registration); the caller answers exactly as to a new registration
    waiting for confirmation, so nobody learns from the answer whether an address is registered."""

    def __init__(self, registration_id: int | None) -> None:
        super().__init__()
        self.registration_id = registration_id


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _retrying(write: Callable[[], T]) -> T:
    """Run a locking write; while SQLite answers "locked" (busy timeout exhausted, or a shared-cache
    database, which has no busy timeout), wait a little and try again, for at most LOCK_WAIT_SECONDS."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return write()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.001, 0.01))  # noqa: S311 - jitter, not security


def send_mails(*, kind: str, registration_ids: list[int]) -> None:
    """Send one kind of mail ("registration", "moved_up", "reminder") to each registration."""
    senders = {
        "registration": mails.send_registration_mail,
        "moved_up": mails.send_moved_up_mail,
        "reminder": mails.send_reminder_mail,
        "already_registered": mails.send_already_registered_mail,
    }
    _each(senders[kind], registration_ids)


def _each(send: Callable[[int], None], ids: list[int]) -> None:
    """Send one mail per registration; one that fails (mail server, …) is logged, the rest go out."""
    for pk in ids:
        try:
            send(pk)
        except Exception:
            logger.exception("Mail to registration %s failed", pk)


def _locked_event(event_id: int) -> Event:
    # Only the event row: registrations for different events of a region do not wait for each other.
    return Event.objects.select_for_update(of=("self",)).select_related("region").get(pk=event_id)


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_HOLDING).count()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not on it."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED, pk__lte=registration.pk
    ).count()


# Events ----------------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "start",
    "end",
    "place",
    "address",
    "online_url",
    "phase",
    "capacity",
    "registration_opens",
    "registration_deadline",
    "registration_enabled",
    "visibility",
    "conditions",
    "questions",
    "ask_accessibility",
    "double_opt_in",
    "confirmation_hours",
    "reminder_hours",
    "retention_days",
    "attendance_count",
)


def _check_event(event: Event, fields: Iterable[FieldOfAction], errors: Errors) -> None:
    if event.start and event.end and event.end < event.start:
        _add(errors, "end", _("Das Ende muss nach dem Beginn liegen."))
    if event.registration_deadline and event.start and event.registration_deadline > event.start:
        _add(errors, "registration_deadline", _("Der Anmeldeschluss muss vor dem Beginn liegen."))
    if (
        event.registration_opens
        and event.registration_deadline
        and event.registration_opens > event.registration_deadline
    ):
        _add(errors, "registration_opens", _("Die Anmeldung muss vor dem Anmeldeschluss beginnen."))
    if event.phase is not None and event.phase.strategy.region_id != event.region_id:
        _add(errors, "phase", _("Bitte wählen Sie eine Phase dieser Region."))
    if any(f.strategy.region_id != event.region_id for f in fields):
        _add(errors, "fields", _("Bitte wählen Sie Handlungsfelder dieser Region."))
    questions = event.questions
    if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
        _add(errors, "questions", _("Bitte geben Sie jede Frage als Text an."))
    elif len(questions) > MAX_QUESTIONS or len(set(questions)) != len(questions):
        _add(errors, "questions", _("Höchstens 20 verschiedene Fragen sind möglich."))
    for field in ("title", "description", "place", "address", "conditions"):
        if "\x00" in (getattr(event, field) or ""):
            _add(errors, field, _("Der Text enthält ein unzulässiges Steuerzeichen."))
    try:
        event.full_clean(exclude=["region", "phase", "questions", *errors.keys()], validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, list(messages))


def create_event(*, region: Region, actor: Any, fields: Iterable[FieldOfAction] = (), **data: Any) -> Event:
    """Create an event of the region; every problem is reported at once, nothing is saved then."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    fields = list(fields)
    event = Event(region=region, **data)
    errors: Errors = {}
    _check_event(event, fields, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event.save()
        event.fields.set(fields)
        record_event(action="event.created", obj=event, actor=actor, region=region)
        _schedule(event)
    return event


def update_event(
    *, event: Event, actor: Any, fields: Iterable[FieldOfAction] | None = None, **data: Any
) -> Event:
    """Change an event. The capacity cannot go below the seats already given; a larger capacity
    moves people up from the waiting list at once."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")

    def write() -> Event:
        with transaction.atomic():
            locked = _locked_event(event.pk)
            apply_changes(locked, data, EVENT_FIELDS)
            chosen = list(fields) if fields is not None else list(locked.fields.all())
            errors: Errors = {}
            _check_event(locked, chosen, errors)
            taken = seats_taken(locked)
            if locked.capacity is not None and locked.capacity < taken:
                _add(
                    errors,
                    "capacity",
                    _("%(taken)d Plätze sind schon vergeben; die Zahl der Plätze kann nicht kleiner sein.")
                    % {"taken": taken},
                )
            if errors:
                raise ValidationError(errors)
            locked.save()
            if fields is not None:
                locked.fields.set(chosen)
            record_event(
                action="event.changed",
                obj=locked,
                actor=actor,
                region=locked.region,
                details={"fields": sorted(data)},
            )
            _fill_seats(locked)
            _schedule(locked)
            return locked

    return _retrying(write)


def _schedule(event: Event) -> None:
    from smartregion.events import tasks

    transaction.on_commit(lambda: tasks.schedule_for(event), robust=True)


# Registration ----------------------------------------------------------------------------


def _registration_window(event: Event, now: datetime, errors: Errors) -> None:
    if not event.registration_enabled:
        _add(errors, "__all__", _("Für diese Veranstaltung ist keine Anmeldung über die Plattform möglich."))
    elif event.registration_opens and now < event.registration_opens:
        _add(
            errors,
            "__all__",
            _("Die Anmeldung beginnt am %(date)s.")
            % {"date": timezone.localtime(event.registration_opens).strftime("%d.%m.%Y, %H:%M Uhr")},
        )
    elif event.registration_deadline and now > event.registration_deadline:
        _add(errors, "__all__", _("Der Anmeldeschluss ist vorbei; eine Anmeldung ist nicht mehr möglich."))
    elif now >= event.start:
        _add(
            errors,
            "__all__",
            _("Die Veranstaltung hat schon begonnen; eine Anmeldung ist nicht mehr möglich."),
        )


def _checked_person(name: str, email: str, errors: Errors) -> tuple[str, str]:
    name = (name or "").strip()
    address = (email or "").strip().lower()
    if not name:
        _add(errors, "name", _("Bitte geben Sie Ihren Namen an."))
    elif len(name) > 200 or "\x00" in name:
        _add(errors, "name", _("Bitte geben Sie einen Namen mit höchstens 200 Zeichen an."))
    try:
        if len(address) > 254:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        _add(errors, "email", _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    return name, address


def _checked_answers(event: Event, answers: Any, accessibility: str, errors: Errors) -> dict[str, str]:
    if not isinstance(answers, dict):
        _add(errors, "answers", _("Die Antworten haben nicht die erwartete Form."))
        return {}
    unknown = [key for key in answers if key not in event.questions]
    if unknown:
        _add(
            errors,
            "answers",
            _("Diese Veranstaltung stellt die Frage „%(q)s“ nicht.") % {"q": unknown[0][:80]},
        )
    cleaned: dict[str, str] = {}
    for question in event.questions:
        value = answers.get(question, "")
        if not isinstance(value, str) or len(value) > MAX_ANSWER_LENGTH or "\x00" in value:
            _add(errors, "answers", _("Eine Antwort darf höchstens 1000 Zeichen Text enthalten."))
            break
        cleaned[question] = value.strip()
    if len(accessibility or "") > MAX_ANSWER_LENGTH or "\x00" in (accessibility or ""):
        _add(errors, "accessibility_needs", _("Höchstens 1000 Zeichen sind erlaubt."))
    return cleaned


def register(
    *,
    event: Event,
    name: str,
    email: str,
    accept_conditions: bool = False,
    answers: Any = None,
    accessibility_needs: str = "",
    invitation_key: str = "",
    on_behalf_by: Any = None,
    now: datetime | None = None,
) -> Registration:
    """Register a person and give out a seat at once, or a place on the waiting list.

    The returned registration is ``confirmed``, ``pending_confirmation`` (double opt-in: the seat
    is held until the address is confirmed or the hold runs out) or ``waitlisted``. A registration
    by a coordinator (``on_behalf_by``) needs no address confirmation and may come after the
    deadline. Raises ``DuplicateRegistration`` when the address is already registered; for an event
    with double opt-in ``DuplicateNotDisclosed``, after handing the owner of the address a mail.
    """
    now = now or timezone.now()
    errors: Errors = {}
    behalf = on_behalf_by is not None
    if not behalf:
        _registration_window(event, now, errors)
        if event.visibility == Visibility.INVITATION and invitation_key != event.invitation_key:
            _add(errors, "__all__", _("Für diese Veranstaltung ist eine Einladung nötig."))
    if event.conditions and accept_conditions is not True:
        _add(errors, "accept_conditions", _("Bitte bestätigen Sie die Teilnahmebedingungen."))
    name, address = _checked_person(name, email, errors)
    cleaned = _checked_answers(event, answers if answers is not None else {}, accessibility_needs, errors)
    if errors:
        raise ValidationError(errors)

    def write() -> Registration:
        with transaction.atomic():
            locked = _locked_event(event.pk)
            known = _active_registration_id(locked, address)
            if known is not None:
                raise _duplicate(known, quiet=not behalf and locked.double_opt_in)
            confirmed_address = behalf or not locked.double_opt_in
            seat_free = locked.capacity is None or seats_taken(locked) < locked.capacity
            if not seat_free:
                status = RegistrationStatus.WAITLISTED
            elif confirmed_address:
                status = RegistrationStatus.CONFIRMED
            else:
                status = RegistrationStatus.PENDING
            registration = Registration.objects.create(
                event=locked,
                name=name,
                email=address,
                answers=cleaned,
                accessibility_needs=(accessibility_needs or "").strip() if locked.ask_accessibility else "",
                status=status,
                address_confirmed_at=now if confirmed_address else None,
                registered_by=on_behalf_by if behalf else None,
            )
            record_event(
                action="event.registered",
                obj=registration,
                actor=on_behalf_by,
                region=locked.region,
                details={"event": locked.pk, "status": status},
            )
            registration_id = registration.pk
            transaction.on_commit(lambda: _mail_later("registration", [registration_id]), robust=True)
            if not confirmed_address:
                transaction.on_commit(lambda: _schedule_release(locked), robust=True)
            return registration

    try:
        return _retrying(write)
    except DuplicateNotDisclosed as duplicate:
        _tell_owner(duplicate)
        raise
    except IntegrityError as error:
        # Only the unique constraint can fail here; the lock makes it a rare race with a stale read.
        refusal = _duplicate(
            _active_registration_id(event, address), quiet=not behalf and event.double_opt_in
        )
        if isinstance(refusal, DuplicateNotDisclosed):
            _tell_owner(refusal)
        raise refusal from error


def _active_registration_id(event: Event, address: str) -> int | None:
    return (
        Registration.objects.filter(event=event, email=address, status__in=ACTIVE)
        .values_list("pk", flat=True)
        .first()
    )


def _duplicate(registration_id: int | None, *, quiet: bool) -> DuplicateRegistration:
    if quiet:
        return DuplicateNotDisclosed(registration_id)
    return DuplicateRegistration()


def _tell_owner(duplicate: DuplicateNotDisclosed) -> None:
    # Outside the registration's transaction, which rolled back (and dropped its on_commit hooks).
    known = duplicate.registration_id
    if known is not None:
        transaction.on_commit(lambda: _mail_later("already_registered", [known]), robust=True)


def _mail_later(kind: str, registration_ids: list[int]) -> None:
    """Hand mails to the task worker, so a slow mail server never holds up a registration."""
    from smartregion.events import tasks

    tasks.send_mails.enqueue(kind, registration_ids)


def _schedule_release(event: Event) -> None:
    from smartregion.events import tasks

    tasks.schedule_release(event)


def _by_token(region: Region, token: str) -> Registration | None:
    return (
        Registration.objects.select_related("event", "event__region")
        .filter(event__region=region, token=token, anonymised=False)
        .first()
    )


def confirm_address(*, region: Region, token: str, secret: str, now: datetime | None = None) -> Registration:
    """Confirm the address of a registration (double opt-in); a held seat becomes confirmed.

    Needs the secret of the last confirmation mail (see ``issue_confirmation_secret``); the
    management token alone confirms nothing. Using the link again changes nothing; an unknown or
    replaced link or one whose hold has run out raises."""
    now = now or timezone.now()

    def write() -> Registration:
        with transaction.atomic():
            found = _by_token(region, token)
            if found is None:
                raise ValidationError(_("Dieser Link ist ungültig."), code="invalid_token")
            if not found.confirms(secret):
                raise ValidationError(
                    _(
                        "Dieser Bestätigungslink ist nicht mehr gültig. Bitte nutzen Sie den Link aus der "
                        "neuesten E-Mail oder lassen Sie sich hier einen neuen schicken."
                    ),
                    code="invalid_secret",
                )
            _locked_event(found.event_id)
            registration = Registration.objects.select_related("event__region").get(pk=found.pk)
            if registration.status not in ACTIVE:
                raise ValidationError(
                    _("Diese Anmeldung gilt nicht mehr. Bitte melden Sie sich neu an."), code="inactive"
                )
            if registration.address_confirmed_at is not None:
                return registration
            registration.address_confirmed_at = now
            if registration.status == RegistrationStatus.PENDING:
                registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["address_confirmed_at", "status", "status_changed_at"])
            record_event(action="event.address_confirmed", obj=registration, region=region)
            registration_id = registration.pk
            if registration.status == RegistrationStatus.CONFIRMED:
                transaction.on_commit(lambda: _mail_later("registration", [registration_id]), robust=True)
            return registration

    return _retrying(write)


def issue_confirmation_secret(*, registration_id: int, now: datetime | None = None) -> str | None:
    """A new secret for the link that confirms the address of an active, unconfirmed registration,
    for the mail that carries it; None when there is nothing to confirm. Only its hash is stored, so
    the link exists nowhere but in that mail; links mailed before stop working."""
    secret = secrets.token_urlsafe(32)
    issued = Registration.objects.filter(
        pk=registration_id, status__in=ACTIVE, address_confirmed_at__isnull=True, anonymised=False
    ).update(confirm_secret_hash=secret_hash(secret), confirmation_sent_at=now or timezone.now())
    return secret if issued else None


def resend_confirmation(*, region: Region, token: str, now: datetime | None = None) -> Registration:
    """Mail a new confirmation link to the registered address (earlier links stop working).

    At most once every RESEND_INTERVAL per registration, so the page cannot be used to flood a
    mailbox; raises when the address needs no confirmation or a link went out only just now."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _by_token(region, token)
        if registration is None:
            raise ValidationError(_("Dieser Link ist ungültig."), code="invalid_token")
        if registration.status not in ACTIVE or registration.address_confirmed_at is not None:
            raise ValidationError(
                _("Diese Anmeldung wartet auf keine Bestätigung."), code="nothing_to_confirm"
            )
        claimed = (
            Registration.objects.filter(pk=registration.pk)
            .exclude(confirmation_sent_at__gt=now - RESEND_INTERVAL)
            .update(confirmation_sent_at=now)
        )
        if not claimed:
            raise ValidationError(
                _(
                    "Wir haben Ihnen vor Kurzem schon einen Link geschickt. Bitte sehen Sie in Ihrem "
                    "Postfach nach, auch im Spam-Ordner."
                ),
                code="too_soon",
            )
        record_event(action="event.confirmation_resent", obj=registration, region=region)
        registration_id = registration.pk
        transaction.on_commit(lambda: _mail_later("registration", [registration_id]), robust=True)
    return registration


def cancel_registration(*, registration: Registration, actor: Any = None) -> Registration:
    """Cancel a registration. A freed seat goes to the next person on the waiting list at once,
    who is told by mail."""

    def write() -> Registration:
        with transaction.atomic():
            event = _locked_event(registration.event_id)
            current = Registration.objects.get(pk=registration.pk)
            if current.status not in ACTIVE:
                raise ValidationError(_("Diese Anmeldung ist schon abgesagt."), code="inactive")
            current.status = RegistrationStatus.CANCELLED
            current.save(update_fields=["status", "status_changed_at"])
            record_event(
                action="event.registration_cancelled",
                obj=current,
                actor=actor,
                region=event.region,
                details={"event": event.pk},
            )
            _fill_seats(event)
            return current

    return _retrying(write)


def cancel_by_token(*, region: Region, token: str) -> Registration:
    registration = _by_token(region, token)
    if registration is None:
        raise ValidationError(_("Dieser Link ist ungültig."), code="invalid_token")
    return cancel_registration(registration=registration)


def _fill_seats(event: Event) -> list[int]:
    """Move people up from the waiting list while seats are free (caller holds the event lock)."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return []
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by("pk")
    moved = list(waiting if free is None else waiting[:free])
    for registration in moved:
        confirmed = registration.address_confirmed_at is not None
        registration.status = RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.PENDING
        registration.save(update_fields=["status", "status_changed_at"])
        record_event(
            action="event.moved_up", obj=registration, region=event.region, details={"event": event.pk}
        )
    ids = [r.pk for r in moved]
    if ids:
        transaction.on_commit(lambda: _mail_later("moved_up", ids), robust=True)
    return ids


# Check-in and attendance -------------------------------------------------------------------


def check_in(*, registration: Registration, actor: Any, undo: bool = False) -> Registration:
    """Let a person in (or take it back); the event's attendance count follows the check-ins."""

    def write() -> Registration:
        with transaction.atomic():
            event = _locked_event(registration.event_id)
            current = Registration.objects.get(pk=registration.pk)
            if current.status not in SEAT_HOLDING and not undo:
                raise ValidationError(_("Nur angemeldete Personen mit Platz können eingelassen werden."))
            current.checked_in_at = None if undo else (current.checked_in_at or timezone.now())
            current.save(update_fields=["checked_in_at"])
            event.attendance_count = Registration.objects.filter(
                event=event, checked_in_at__isnull=False
            ).count()
            event.save(update_fields=["attendance_count"])
            record_event(
                action="event.check_in_undone" if undo else "event.checked_in",
                obj=current,
                actor=actor,
                region=event.region,
            )
            return current

    return _retrying(write)


# Background sweeps (called by the tasks in tasks.py; each is safe to run at any time) -------


def release_unconfirmed_seats(*, now: datetime | None = None) -> int:
    """Let unconfirmed registrations lapse whose hold has run out; free seats move people up."""
    now = now or timezone.now()
    lapsed = 0
    events = Event.objects.filter(double_opt_in=True, end__gte=now).values_list("pk", flat=True)
    for event_id in list(events):
        with transaction.atomic():
            event = _locked_event(event_id)
            limit = now - timedelta(hours=event.confirmation_hours)
            stale = Registration.objects.filter(
                event=event, status__in=ACTIVE, address_confirmed_at__isnull=True, created_at__lt=limit
            )
            count = stale.update(status=RegistrationStatus.EXPIRED, status_changed_at=now)
            if count:
                record_event(
                    action="event.unconfirmed_released",
                    obj=event,
                    region=event.region,
                    details={"count": count},
                )
                _fill_seats(event)
            lapsed += count
    return lapsed


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind the confirmed participants of events that start within their reminder time, once."""
    now = now or timezone.now()
    sent = 0
    due = Event.objects.filter(
        reminder_sent_at__isnull=True, start__gt=now, personal_data_deleted_at__isnull=True
    )
    for event in due.select_related("region"):
        if event.start - timedelta(hours=event.reminder_hours) > now:
            continue
        with transaction.atomic():
            locked = _locked_event(event.pk)
            if locked.reminder_sent_at is not None:
                continue
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at"])
            ids = list(
                Registration.objects.filter(event=locked, status=RegistrationStatus.CONFIRMED).values_list(
                    "pk", flat=True
                )
            )
            transaction.on_commit(partial(_mail_later, "reminder", ids), robust=True)
            sent += len(ids)
    return sent


def delete_expired_personal_data(*, now: datetime | None = None) -> int:
    """Blank names, addresses and answers of events past their retention; statuses, check-ins and
    therefore all counts remain."""
    now = now or timezone.now()
    done = 0
    for event in Event.objects.filter(personal_data_deleted_at__isnull=True, end__lt=now).select_related(
        "region"
    ):
        if event.end + timedelta(days=event.retention_days) > now:
            continue
        with transaction.atomic():
            count = Registration.objects.filter(event=event, anonymised=False).update(
                name="", email="", answers={}, accessibility_needs="", anonymised=True
            )
            event.personal_data_deleted_at = now
            event.save(update_fields=["personal_data_deleted_at"])
            record_event(
                action="event.personal_data_deleted",
                obj=event,
                region=event.region,
                details={"registrations": count},
            )
        done += count
    return done


def erase_person(user: Any, emails: frozenset[str], removes: Callable[[int], bool]) -> list[Erased]:
    """The person deletes their account: registrations made with an address they confirmed are
    cancelled where the event is still ahead (the seat goes to the waiting list), then removed where
    the event's region says so, else kept without name, address, answers and needs (the counts stay)."""
    now = timezone.now()
    removed = anonymised = 0
    with scopes_disabled():
        found = list(
            Registration.objects.filter(email__in=emails, anonymised=False).select_related("event__region")
        )
        for registration in found:
            if registration.status in ACTIVE and registration.event.end >= now:
                cancel_registration(registration=registration)
            if removes(registration.event.region_id):
                Registration.objects.filter(pk=registration.pk).delete()
                removed += 1
            else:
                Registration.objects.filter(pk=registration.pk).update(
                    name="", email="", answers={}, accessibility_needs="", anonymised=True
                )
                anonymised += 1
    return [Erased(_("Anmeldungen zu Veranstaltungen"), anonymised=anonymised, removed=removed)]


UNCONFIRMED_KEPT_DAYS = 7


def apply_retention(now: datetime) -> list[Retained]:
    """Registrations whose address was never confirmed go a week after they lapsed; the personal data
    of past events goes after each event's own period (``delete_expired_personal_data``)."""
    with scopes_disabled():
        lapsed, _by_model = Registration.objects.filter(
            status=RegistrationStatus.EXPIRED,
            address_confirmed_at__isnull=True,
            status_changed_at__lt=now - timedelta(days=UNCONFIRMED_KEPT_DAYS),
        ).delete()
        past = delete_expired_personal_data(now=now)
    return [
        Retained(_("Unbestätigte Anmeldungen"), lapsed),
        Retained(_("Anmeldungen vergangener Veranstaltungen (anonymisiert)"), past),
    ]
