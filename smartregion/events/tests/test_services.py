"""Registration, waiting list, opt-in, cancellation, capacity changes and the background sweeps."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregion.events import services
from smartregion.events.models import Event, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db
SignUp = Callable[..., Registration]


def _secret(message: Any) -> str:
    """The secret of the confirmation link in a mail."""
    found = re.search(r"/bestaetigen/([A-Za-z0-9_-]+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def _statuses(event: Event) -> list[str]:
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


def test_seats_then_waiting_list_in_order(event: Event, sign_up: SignUp) -> None:
    first = sign_up(event, "Anna", "anna@example.org")
    second = sign_up(event, "Ben", "ben@example.org")
    third = sign_up(event, "Cem", "cem@example.org")
    fourth = sign_up(event, "Dana", "dana@example.org")
    assert [first.status, second.status] == ["confirmed", "confirmed"]
    assert [third.status, fourth.status] == ["waitlisted", "waitlisted"]
    assert [services.waitlist_position(third), services.waitlist_position(fourth)] == [1, 2]
    assert services.waitlist_position(first) is None


def test_confirmation_mail_has_a_calendar_file_that_parses(event: Event, sign_up: SignUp) -> None:
    registration = sign_up(event, email="Anna@Example.org ")
    assert registration.email == "anna@example.org"
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Anmeldung bestätigt" in message.subject
    assert registration.token in message.body  # the cancellation link
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("veranstaltung.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Workshop Mobilität"
    assert vevent.decoded("DTSTART") == event.start
    assert "Tecklenburger Straße 10" in str(vevent["LOCATION"])


def test_waitlisted_mail_names_the_position_and_has_no_calendar(
    make_event: Callable[..., Event], sign_up: SignUp
) -> None:
    event = make_event(capacity=1)
    sign_up(event, "Anna", "anna@example.org")
    mail.outbox.clear()
    sign_up(event, "Ben", "ben@example.org")
    (message,) = mail.outbox
    assert "Warteliste" in message.subject
    assert "Platz 1 der Warteliste" in message.body
    assert message.attachments == []


def test_cancel_moves_the_next_person_up_and_tells_them(
    make_event: Callable[..., Event], sign_up: SignUp, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(capacity=1)
    anna = sign_up(event, "Anna", "anna@example.org")
    ben = sign_up(event, "Ben", "ben@example.org")
    cem = sign_up(event, "Cem", "cem@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=anna)
    ben.refresh_from_db()
    cem.refresh_from_db()
    assert ben.status == RegistrationStatus.CONFIRMED
    assert cem.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(cem) == 1
    (message,) = mail.outbox
    assert message.to == ["ben@example.org"]
    assert "Platz ist frei geworden" in message.subject
    icalendar.Calendar.from_ical(message.attachments[0][1])


def test_cancelled_address_may_register_again(event: Event, sign_up: SignUp) -> None:
    anna = sign_up(event)
    services.cancel_registration(registration=anna)
    again = sign_up(event)
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("change", "arguments", "field"),
    [
        ({"registration_deadline": "past"}, {}, "__all__"),
        ({"registration_opens": "future"}, {}, "__all__"),
        ({"conditions": "Es gilt die 3G-Regel."}, {}, "accept_conditions"),
        ({}, {"email": "keine-adresse"}, "email"),
        ({}, {"email": "a@b"}, "email"),
        ({}, {"name": "  "}, "name"),
        ({}, {"answers": {"Erfundene Frage": "x"}}, "answers"),
        ({"questions": ["Ihre Kommune?"]}, {"answers": {"Ihre Kommune?": "x" * 1001}}, "answers"),
        ({"registration_enabled": False}, {}, "__all__"),
        ({"visibility": "invitation"}, {}, "__all__"),
    ],
)
def test_bad_registrations_are_refused_and_change_nothing(
    make_event: Callable[..., Event], change: dict[str, Any], arguments: dict[str, Any], field: str
) -> None:
    now = timezone.now()
    if change.get("registration_deadline") == "past":
        change["registration_deadline"] = now - datetime.timedelta(hours=1)
    if change.get("registration_opens") == "future":
        change["registration_opens"] = now + datetime.timedelta(days=2)
    event = make_event(**change)
    values = {"name": "Anna", "email": "anna@example.org", **arguments}
    with pytest.raises(ValidationError) as raised:
        services.register(event=event, **values)
    assert field in raised.value.message_dict
    assert all(message and message[0].isupper() for message in raised.value.messages)
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_same_address_twice_is_a_duplicate(event: Event, sign_up: SignUp) -> None:
    sign_up(event)
    with pytest.raises(services.DuplicateRegistration) as raised:
        sign_up(event, name="Anna Zwei", email="ANNA@example.org")
    assert "schon angemeldet" in raised.value.message_dict["email"][0]
    assert Registration.objects.count() == 1


def test_invitation_key_opens_an_invitation_only_event(
    make_event: Callable[..., Event], sign_up: SignUp
) -> None:
    event = make_event(visibility="invitation")
    registration = sign_up(event, invitation_key=event.invitation_key)
    assert registration.status == RegistrationStatus.CONFIRMED


def test_coordinator_may_register_someone_after_the_deadline(
    make_event: Callable[..., Event], coordinator: Any
) -> None:
    event = make_event(registration_deadline=timezone.now() - datetime.timedelta(hours=1), double_opt_in=True)
    registration = services.register(
        event=event, name="Per Telefon", email="tel@example.org", on_behalf_by=coordinator
    )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.registered_by == coordinator


# Double opt-in


def test_double_opt_in_holds_the_seat_until_confirmed(
    make_event: Callable[..., Event], sign_up: SignUp, steinfurt: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True, capacity=1)
    anna = sign_up(event)
    assert anna.status == RegistrationStatus.PENDING
    (message,) = mail.outbox
    assert "bestätigen" in message.subject
    assert f"/termine/anmeldung/{anna.token}/bestaetigen/" in message.body
    secret = _secret(message)
    ben = sign_up(event, "Ben", "ben@example.org")
    assert ben.status == RegistrationStatus.WAITLISTED  # a pending seat counts as taken
    with pytest.raises(ValidationError):
        services.confirm_address(region=steinfurt, token=anna.token, secret="")
    with pytest.raises(ValidationError):
        services.confirm_address(region=steinfurt, token=anna.token, secret=anna.token)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_address(region=steinfurt, token=anna.token, secret=secret)
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert "Anmeldung bestätigt" in mail.outbox[-1].subject
    again = services.confirm_address(region=steinfurt, token=anna.token, secret=secret)  # used twice
    assert again.status == RegistrationStatus.CONFIRMED


def test_forged_or_foreign_confirmation_link_is_refused(event: Event, sign_up: SignUp, coesfeld: Any) -> None:
    anna = sign_up(event)
    with pytest.raises(ValidationError):
        services.confirm_address(region=event.region, token="gefaelscht", secret="x")
    with pytest.raises(ValidationError):
        services.confirm_address(region=coesfeld, token=anna.token, secret="x")
    with pytest.raises(ValidationError):
        services.cancel_by_token(region=event.region, token="gefaelscht")
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_unconfirmed_seats_are_released_after_the_hold(
    make_event: Callable[..., Event], sign_up: SignUp, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True, capacity=1, confirmation_hours=48)
    anna = sign_up(event)
    ben = sign_up(event, "Ben", "ben@example.org")
    services.confirm_address(region=event.region, token=ben.token, secret=_secret(mail.outbox[-1]))
    assert services.release_unconfirmed_seats(now=timezone.now() + datetime.timedelta(hours=47)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_unconfirmed_seats(now=timezone.now() + datetime.timedelta(hours=49))
    assert released == 1
    anna.refresh_from_db()
    ben.refresh_from_db()
    assert anna.status == RegistrationStatus.EXPIRED
    assert ben.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


# Capacity


def test_capacity_below_the_seats_given_is_refused(event: Event, sign_up: SignUp) -> None:
    sign_up(event, "Anna", "anna@example.org")
    sign_up(event, "Ben", "ben@example.org")
    with pytest.raises(ValidationError) as raised:
        services.update_event(event=event, actor=None, capacity=1)
    assert "2 Plätze sind schon vergeben" in raised.value.message_dict["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 2


def test_more_capacity_moves_people_up(event: Event, sign_up: SignUp) -> None:
    for name in ("anna", "ben", "cem", "dana"):
        sign_up(event, name.title(), f"{name}@example.org")
    services.update_event(event=event, actor=None, capacity=3)
    assert _statuses(event) == ["confirmed", "confirmed", "confirmed", "waitlisted"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": "before start"}, "end"),
        ({"registration_deadline": "after start"}, "registration_deadline"),
        ({"title": ""}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"questions": [""]}, "questions"),
    ],
)
def test_bad_event_data_is_refused(event: Event, change: dict[str, Any], field: str) -> None:
    if change.get("end") == "before start":
        change["end"] = event.start - datetime.timedelta(hours=1)
    if change.get("registration_deadline") == "after start":
        change["registration_deadline"] = event.start + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as raised:
        services.update_event(event=event, actor=None, **change)
    assert field in raised.value.message_dict
    event.refresh_from_db()
    assert event.title == "Workshop Mobilität"


def test_fields_and_phase_of_another_region_are_refused(
    make_event: Callable[..., Event], coesfeld: Any
) -> None:
    from smartregion.strategy.models import FieldOfAction, Phase, Strategy

    strategy = Strategy.objects.create(region=coesfeld, title="Coesfeld 12.0")
    foreign_field = FieldOfAction.objects.create(strategy=strategy, name="Wirtschaft", slug="wirtschaft")
    foreign_phase = Phase.objects.create(strategy=strategy, name="Projektentwicklung")
    with pytest.raises(ValidationError) as raised:
        make_event(fields=[foreign_field], phase=foreign_phase)
    assert {"fields", "phase"} <= set(raised.value.message_dict)
    assert Event.objects.count() == 0


# Check-in and the sweeps


def test_check_in_counts_attendance(event: Event, sign_up: SignUp, coordinator: Any) -> None:
    anna = sign_up(event)
    ben = sign_up(event, "Ben", "ben@example.org")
    waiting = sign_up(event, "Cem", "cem@example.org")
    services.check_in(registration=anna, actor=coordinator)
    services.check_in(registration=ben, actor=coordinator)
    services.check_in(registration=ben, actor=coordinator, undo=True)
    with pytest.raises(ValidationError):
        services.check_in(registration=waiting, actor=coordinator)
    event.refresh_from_db()
    assert event.attendance_count == 1


def test_reminder_goes_out_once_before_the_event(
    event: Event, sign_up: SignUp, django_capture_on_commit_callbacks: Any
) -> None:
    sign_up(event)
    mail.outbox.clear()
    assert services.send_due_reminders(now=event.start - datetime.timedelta(hours=30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=event.start - datetime.timedelta(hours=20)) == 1
        assert services.send_due_reminders(now=event.start - datetime.timedelta(hours=19)) == 0
    (message,) = mail.outbox
    assert "Erinnerung" in message.subject


def test_personal_data_is_deleted_after_retention_and_counts_remain(
    event: Event, sign_up: SignUp, coordinator: Any
) -> None:
    anna = sign_up(event)
    sign_up(event, "Ben", "ben@example.org")
    sign_up(event, "Cem", "cem@example.org")
    services.check_in(registration=anna, actor=coordinator)
    later = event.end + datetime.timedelta(days=event.retention_days - 1)
    assert services.delete_expired_personal_data(now=later) == 0
    assert services.delete_expired_personal_data(now=later + datetime.timedelta(days=2)) == 3
    assert not Registration.objects.exclude(name="").exists()
    assert not Registration.objects.exclude(email="").exists()
    event.refresh_from_db()
    assert event.attendance_count == 1
    counts = Event.objects.with_counts().get(pk=event.pk)
    assert (counts.seats_taken, counts.waitlist_size) == (2, 1)  # type: ignore[attr-defined]


def test_tasks_are_enqueued_for_reminder_and_deletion(
    make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        make_event()
    names = [result.task.name for result in default_task_backend.results]  # type: ignore[attr-defined]
    assert "send_reminders" in names
    assert "delete_personal_data" in names
