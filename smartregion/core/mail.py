"""Mail the apps send: every subject on one line.

Subjects are built from what people typed (an idea's title, a round's or a region's name). Django
refuses a header with a line break (``BadHeaderError``), and a mail sent after commit is then lost
without anyone seeing the error. So the message classes here collapse every run of whitespace in the
subject to one space when the mail is put together, wherever the subject came from. The apps send
through this module only (a test in core/tests/test_mail.py keeps it so).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core import mail


def one_line(text: object) -> str:
    """``text`` with line breaks, tabs and runs of spaces as single spaces, trimmed."""
    return " ".join(str(text).split())


class EmailMessage(mail.EmailMessage):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        self.subject = one_line(self.subject)
        return super().message(*args, **kwargs)


class EmailMultiAlternatives(mail.EmailMultiAlternatives):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        self.subject = one_line(self.subject)
        return super().message(*args, **kwargs)


def send_mail(
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: Sequence[str],
    *,
    fail_silently: bool = False,
    html_message: str | None = None,
) -> int:
    """Like ``django.core.mail.send_mail``; returns the number of mails sent (0 or 1)."""
    mail_message = EmailMultiAlternatives(subject, message, from_email, list(recipient_list))
    if html_message:
        mail_message.attach_alternative(html_message, "text/html")
    return mail_message.send(fail_silently=fail_silently)


def send_mass_mail(
    datatuple: Iterable[tuple[str, str, str | None, Sequence[str]]], *, fail_silently: bool = False
) -> int:
    """Like ``django.core.mail.send_mass_mail``: one connection for all; returns how many were sent."""
    connection = mail.get_connection(fail_silently=fail_silently)
    messages = [
        EmailMessage(subject, body, sender, list(recipients), connection=connection)
        for subject, body, sender, recipients in datatuple
    ]
    return connection.send_messages(messages) or 0
