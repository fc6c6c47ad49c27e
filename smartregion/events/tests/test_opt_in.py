"""Double opt-in: only the mailbox can confirm an address, and a registration request does not tell
whether an address is already registered (pages and API answer alike, the owner gets a mail)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartregion.events.models import Event, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _detail(event: Event) -> str:
    return reverse("events:detail", kwargs={"region_slug": event.region.slug, "event_id": event.pk})


def _api(event: Event) -> str:
    return f"/api/v1/events/{event.pk}/registrations/"


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]+)"', html)


def _path(url: str) -> str:
    return url.split("127.0.0.1:8000", 1)[1]


def _confirm_link(message: Any) -> str:
    found = re.search(r"http://\S+/bestaetigen/\S+/", message.body)
    assert found is not None, message.body
    return _path(found.group(0))


def _register_by_form(client: Client, event: Event, capture: Any, **data: str) -> Any:
    body = {"name": "Anna Beispiel", "email": "anna@example.org", **data}
    with capture(execute=True):
        return client.post(_detail(event), body)


def _register_by_api(client: Client, event: Event, capture: Any, **data: str) -> Any:
    body = {"name": "Anna Beispiel", "email": "anna@example.org", **data}
    with capture(execute=True):
        return client.post(_api(event), body, content_type="application/json")


def _row(registration: Registration) -> dict[str, Any]:
    return Registration.objects.filter(pk=registration.pk).values().get()


# Finding: the confirmation needs the mailed secret


def test_page_after_registering_offers_nothing_that_confirms(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True)
    response = _register_by_form(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    anna = Registration.objects.get()
    page = client.get(response["Location"], follow=True).content.decode()
    reachable = [link for link in _links(page) if "bestaetigen" in link]
    # Even who knows the management link (it is in every mail) cannot confirm with it.
    reachable.append(anna.manage_url() + "bestaetigen/")
    for url in reachable:
        client.post(url)
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.PENDING
    assert anna.address_confirmed_at is None

    (message,) = mail.outbox
    link = _confirm_link(message)
    assert link.startswith(anna.manage_url())
    assert anna.token not in page
    assert client.get(link).status_code == 200
    client.post(link)
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_api_registration_gives_nothing_that_confirms(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True)
    response = _register_by_api(client, event, django_capture_on_commit_callbacks)
    anna = Registration.objects.get()
    assert anna.token not in response.content.decode()
    client.post(anna.manage_url() + "bestaetigen/")
    client.post(anna.manage_url() + "bestaetigen/" + "x" * 43 + "/")
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.PENDING
    client.post(_confirm_link(mail.outbox[0]))
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


def test_secret_is_stored_only_as_a_hash(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True)
    _register_by_form(client, event, django_capture_on_commit_callbacks)
    secret = _confirm_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    row = _row(Registration.objects.get())
    assert secret not in {str(value) for value in row.values()}
    assert row["confirm_secret_hash"]


def test_legacy_link_without_secret_explains_and_resend_mails_a_new_one(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True)
    _register_by_form(client, event, django_capture_on_commit_callbacks)
    anna = Registration.objects.get()
    first = _confirm_link(mail.outbox[0])
    page = client.get(anna.manage_url() + "bestaetigen/").content.decode()
    assert "Ja, Anmeldung bestätigen" not in page
    assert "nicht mehr gültig" in page
    resend = reverse("events:resend", kwargs={"region_slug": event.region.slug, "token": anna.token})
    assert resend in client.get(anna.manage_url()).content.decode()
    # At most one link every few minutes, counting the first mail: nobody can flood the mailbox.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend, follow=True)
    assert "vor Kurzem" in response.content.decode()
    assert len(mail.outbox) == 1
    Registration.objects.filter(pk=anna.pk).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend)
    assert len(mail.outbox) == 2
    second = _confirm_link(mail.outbox[1])
    assert second != first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend, follow=True)
    assert "vor Kurzem" in response.content.decode()
    assert len(mail.outbox) == 2
    client.post(first)  # replaced by the newer link
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.PENDING
    client.post(second)
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED


# Finding: registering does not tell whether an address is registered


def _page(client: Client, response: Any) -> str:
    return CSRF.sub("", client.get(response["Location"]).content.decode())


@pytest.mark.parametrize("capacity", [5, 1])
def test_known_address_gets_the_same_page_as_a_new_one(
    client: Client,
    make_event: Callable[..., Event],
    django_capture_on_commit_callbacks: Any,
    capacity: int,
) -> None:
    event = make_event(double_opt_in=True, capacity=capacity)
    capture = django_capture_on_commit_callbacks
    _page(client, _register_by_form(client, event, capture, email="erste@example.org"))
    new = _register_by_form(client, event, capture)
    new_page = _page(client, new)
    anna = Registration.objects.get(email="anna@example.org")
    before = _row(anna)
    mail.outbox.clear()

    known = _register_by_form(client, event, capture, name="Jemand Anderes")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert _page(client, known) == new_page
    assert "anna@example.org" in new_page
    assert _row(anna) == before
    assert Registration.objects.count() == 2
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "schon angemeldet" in message.subject
    assert anna.manage_url() in message.body
    assert message.attachments == []


@pytest.mark.parametrize("capacity", [5, 1])
def test_known_address_gets_the_same_api_answer_as_a_new_one(
    client: Client,
    make_event: Callable[..., Event],
    django_capture_on_commit_callbacks: Any,
    capacity: int,
) -> None:
    event = make_event(double_opt_in=True, capacity=capacity)
    capture = django_capture_on_commit_callbacks
    _register_by_api(client, event, capture, email="erste@example.org")
    new = _register_by_api(client, event, capture)
    anna = Registration.objects.get(email="anna@example.org")
    before = _row(anna)
    mail.outbox.clear()

    known = _register_by_api(client, event, capture, name="Jemand Anderes", email="ANNA@example.org")
    assert known.status_code == new.status_code == 202
    assert known.json() == new.json() == {"status": "pending_confirmation", "position": None}
    assert _row(anna) == before
    assert Registration.objects.count() == 2
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert anna.manage_url() in message.body


def test_confirmed_owner_is_told_by_mail_and_keeps_the_seat(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True)
    capture = django_capture_on_commit_callbacks
    _register_by_form(client, event, capture)
    client.post(_confirm_link(mail.outbox[0]))
    anna = Registration.objects.get()
    assert anna.status == RegistrationStatus.CONFIRMED
    before = _row(anna)
    mail.outbox.clear()
    _register_by_api(client, event, capture)
    assert _row(anna) == before
    (message,) = mail.outbox
    assert "schon angemeldet" in message.subject
    assert anna.manage_url() in message.body
    assert "/bestaetigen/" not in message.body


def test_without_double_opt_in_a_known_address_is_still_refused(
    client: Client, event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    assert _register_by_api(client, event, capture).status_code == 201
    mail.outbox.clear()
    assert _register_by_api(client, event, capture).status_code == 409
    assert "schon angemeldet" in _register_by_form(client, event, capture).content.decode()
    assert mail.outbox == []


def test_invitation_only_event_keeps_the_key_on_the_page_after_registering(
    client: Client, make_event: Callable[..., Event], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(double_opt_in=True, visibility="invitation")
    key = event.invitation_key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _detail(event) + f"?einladung={key}",
            {"name": "Anna Beispiel", "email": "anna@example.org", "einladung": key},
        )
    assert response.status_code == 302
    assert f"einladung={key}" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert Registration.objects.get().status == RegistrationStatus.PENDING


def _public_counts(client: Client, event: Event) -> tuple[Any, ...]:
    data = client.get(f"/api/v1/events/{event.pk}/").json()
    page = client.get(_detail(event)).content.decode()
    listing = client.get(reverse("events:list", kwargs={"region_slug": event.region.slug})).content.decode()
    free = re.findall(r"\d+ von \d+ Plätzen frei|Ausgebucht", page + listing)
    return data["confirmed_count"], data["waitlist_count"], free


@pytest.mark.parametrize("capacity", [5, 1])
def test_public_counts_do_not_tell_whether_a_request_was_new(
    client: Client,
    make_event: Callable[..., Event],
    django_capture_on_commit_callbacks: Any,
    capacity: int,
) -> None:
    event = make_event(double_opt_in=True, capacity=capacity)
    capture = django_capture_on_commit_callbacks
    _register_by_api(client, event, capture)
    before = _public_counts(client, event)
    _register_by_api(client, event, capture, name="Ben", email="ben@example.org")
    after_new = _public_counts(client, event)
    _register_by_api(client, event, capture, name="Jemand", email="anna@example.org")
    after_known = _public_counts(client, event)
    assert before == after_new == after_known
    # Who confirms the address shows in the counts; only the owner of the mailbox can.
    client.post(_confirm_link(mail.outbox[0]))
    assert _public_counts(client, event)[0] == 1
