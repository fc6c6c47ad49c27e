"""A mail server that is down loses no mail: the request succeeds, the mail is sent later from a
background task, tried again with a growing wait, and arrives exactly once (``core/mail.py``)."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.mail.backends import locmem
from django_tasks_db.models import DBTaskResult

from smartregion.accounts.models import Invitation, Role, User
from smartregion.core import background
from smartregion.core.mail import EmailMessage, send_mail, send_mass_mail
from smartregion.core.tests.test_faults_tasks import run_due
from smartregion.regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


class FlakyBackend(locmem.EmailBackend):
    """The outbox of the tests behind a mail server that refuses the next ``refusals`` messages."""

    refusals = 0
    error: type[Exception] = ConnectionRefusedError

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.refusals > 0:
            FlakyBackend.refusals -= 1
            raise FlakyBackend.error("[Errno 111] Connection refused")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def flaky_server(settings: Any) -> type[FlakyBackend]:
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    FlakyBackend.refusals = 0
    FlakyBackend.error = ConnectionRefusedError
    return FlakyBackend


def test_an_invitation_sent_while_the_mail_server_is_down_arrives_once_later(
    login: Any,
    coordinator: User,
    steinfurt: Region,
    greven: Municipality,
    django_capture_on_commit_callbacks: Any,
) -> None:
    FlakyBackend.refusals = 3  # the request's attempt and the next two
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            f"/r/{steinfurt.slug}/verwaltung/mitglieder/",
            {"email": "neu@greven.example", "role": Role.MUNICIPAL_OFFICER, "municipality": greven.pk},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert django_mail.outbox == []

    run_due()
    run_due()
    assert django_mail.outbox == []
    [waiting] = background.failing_tasks(every_region=True)
    assert (waiting.label, waiting.attempts) == ("E-Mail zustellen", 3)
    assert waiting.last_error == "Ein Dienst (etwa der Mailserver) war nicht erreichbar."

    run_due()
    run_due()
    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.to == ["neu@greven.example"]
    assert invitation.token in sent.body
    assert sent.subject == f"Einladung in die Smart Region {steinfurt.name}"
    assert background.failing_tasks(every_region=True) == []


def test_attachments_and_html_survive_the_wait(flaky_server: type[FlakyBackend]) -> None:
    FlakyBackend.refusals = 1
    message = EmailMessage(subject="Zwei\nZeilen", body="Text", to=["a@example.org"], cc=["b@example.org"])
    message.attach("veranstaltung.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("bild.png", b"\x89PNG\r\n\x1a\n\x00", "image/png")

    assert message.send() == 1
    send_mail("Betreff", "Text", None, ["c@example.org"], html_message="<p>Text</p>")
    run_due()

    first, second = django_mail.outbox
    assert second.to == ["a@example.org"]
    assert second.cc == ["b@example.org"]
    assert second.subject == "Zwei Zeilen"
    assert [a[0] for a in second.attachments] == ["veranstaltung.ics", "bild.png"]
    assert second.attachments[1][1] == b"\x89PNG\r\n\x1a\n\x00"
    assert first.alternatives[0][1] == "text/html"


def test_mass_mail_queues_exactly_those_not_sent() -> None:
    FlakyBackend.refusals = 0
    original = FlakyBackend.send_messages
    calls = {"n": 0}

    def second_fails(self: FlakyBackend, messages: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise smtplib.SMTPServerDisconnected("weg")
        return original(self, messages)

    FlakyBackend.send_messages = second_fails  # type: ignore[method-assign]
    try:
        sent = send_mass_mail([(f"Nr. {n}", "Text", None, [f"{n}@example.org"]) for n in range(3)])
        assert sent == 3
        assert [m.subject for m in django_mail.outbox] == ["Nr. 0", "Nr. 2"]
        run_due()
    finally:
        FlakyBackend.send_messages = original  # type: ignore[method-assign]

    assert sorted(m.subject for m in django_mail.outbox) == ["Nr. 0", "Nr. 1", "Nr. 2"]


def test_mass_mail_with_the_server_down_from_the_start_queues_every_message(monkeypatch: Any) -> None:
    def refuse(self: Any) -> None:
        raise ConnectionRefusedError

    monkeypatch.setattr(FlakyBackend, "open", refuse)
    assert send_mass_mail([(f"Nr. {n}", "Text", None, [f"{n}@example.org"]) for n in range(2)]) == 2
    assert django_mail.outbox == []
    monkeypatch.undo()

    run_due()
    assert sorted(m.subject for m in django_mail.outbox) == ["Nr. 0", "Nr. 1"]


def test_a_refused_recipient_is_reported_as_before() -> None:
    FlakyBackend.refusals = 1
    FlakyBackend.error = lambda message: smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no")})  # type: ignore[assignment]

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send_mail("Betreff", "Text", None, ["x@example.org"])
    assert not DBTaskResult.objects.exists()


def test_without_a_backend_that_can_wait_the_error_is_raised_as_before(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    FlakyBackend.refusals = 1

    with pytest.raises(ConnectionRefusedError):
        send_mail("Betreff", "Text", None, ["x@example.org"])


def test_a_password_reset_asked_for_while_the_mail_server_is_down_arrives_later(client: Any) -> None:
    User.objects.create_user(email="anna@example.org", password="Ein-langes-Passwort-2026")
    FlakyBackend.refusals = 1

    response = client.post("/konto/password/reset/", {"email": "anna@example.org"})

    assert response.status_code == 302
    assert django_mail.outbox == []
    run_due()
    assert [sent.to for sent in django_mail.outbox] == [["anna@example.org"]]
    assert "/konto/password/reset/key/" in django_mail.outbox[0].body
