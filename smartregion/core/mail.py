"""Mail the apps send: every subject on one line.

Subjects are built from what people typed (an idea's title, a round's or a region's name). Django
refuses a header with a line break (``BadHeaderError``), and a mail sent after commit is then lost
without anyone seeing the error. So the message classes here collapse every run of whitespace in the
subject to one space when the mail is put together, wherever the subject came from. The apps send
through this module only (a test in core/tests/test_mail.py keeps it so).

A mail server that is down loses no mail: when sending raises a connection or SMTP error, the
message is stored as the argument of the background task ``deliver`` and sent from there, tried
again with a growing wait (``core.background``, ``MAIL_ATTEMPTS`` times over about a day and a
half); the person whose request sent it sees no error. A series that gives up is listed for staff
with the message still in the task's arguments. A server that refuses every recipient
(``SMTPRecipientsRefused``) will not take the mail later either: that error is raised as before.
"""

from __future__ import annotations

import base64
import functools
import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.core import mail
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartregion.core import background

logger = logging.getLogger(__name__)

# 1, 5, 25, 125 minutes, then every six hours: about a day and a half in all.
MAIL_ATTEMPTS = 10
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def one_line(text: object) -> str:
    """``text`` with line breaks, tabs and runs of spaces as single spaces, trimmed."""
    return " ".join(str(text).split())


class EmailMessage(mail.EmailMessage):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        self.subject = one_line(self.subject)
        return super().message(*args, **kwargs)

    def send(self, fail_silently: bool = False) -> int:
        """Send now, or, while the mail server cannot take it, later (``deliver``)."""
        return _sent_or_queued(self, lambda: mail.EmailMessage.send(self, fail_silently))


class EmailMultiAlternatives(mail.EmailMultiAlternatives):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        self.subject = one_line(self.subject)
        return super().message(*args, **kwargs)

    def send(self, fail_silently: bool = False) -> int:
        """Send now, or, while the mail server cannot take it, later (``deliver``)."""
        return _sent_or_queued(self, lambda: mail.EmailMultiAlternatives.send(self, fail_silently))


def _sent_or_queued(message: mail.EmailMessage, send: Callable[[], int]) -> int:
    try:
        return send()
    except smtplib.SMTPRecipientsRefused:
        raise
    except DELIVERY_ERRORS as error:
        _queue(message, error)
        return 1


def _queue(message: mail.EmailMessage, error: Exception) -> None:
    """Hand the message to ``deliver``; raises ``error`` when it cannot be kept for later."""
    try:
        data = _as_data(message)
    except TypeError:
        raise error from None
    if not background.enqueue_retry(deliver, data, error=error, attempts=MAIL_ATTEMPTS):
        raise error
    logger.warning("mail not sent (%s), queued to be sent again", type(error).__name__)


def _as_data(message: mail.EmailMessage) -> dict[str, Any]:
    """The message as JSON the task backend stores (text and binary attachments; a MIME object
    attached as such raises TypeError)."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise TypeError("MIME attachment")
        filename, content, mimetype = attachment
        stored = (
            {"base64": base64.b64encode(content).decode()} if isinstance(content, bytes) else str(content)
        )
        attachments.append([filename, stored, mimetype])
    return {
        "subject": one_line(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def _from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, stored, mimetype in data["attachments"]:
        content = base64.b64decode(stored["base64"]) if isinstance(stored, dict) else stored
        message.attach(filename, content, mimetype)
    return message


@task()
@background.retried(label=_("E-Mail zustellen"), attempts=MAIL_ATTEMPTS)
def deliver(message: dict[str, Any]) -> int:
    """Send a message that the mail server did not take before; raises while it still does not."""
    return mail.EmailMultiAlternatives.send(_from_data(message))


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


def _send_one(connection: Any, message: mail.EmailMessage) -> int:
    return connection.send_messages([message]) or 0


def send_mass_mail(
    datatuple: Iterable[tuple[str, str, str | None, Sequence[str]]], *, fail_silently: bool = False
) -> int:
    """Like ``django.core.mail.send_mass_mail``: one connection for all; returns how many were sent
    or queued to be sent later. Each message is sent on its own, so after an error in the middle
    exactly those not yet sent are queued."""
    connection = mail.get_connection(fail_silently=fail_silently)
    messages = [
        EmailMessage(subject, body, sender, list(recipients), connection=connection)
        for subject, body, sender, recipients in datatuple
    ]
    try:
        connection.open()
    except DELIVERY_ERRORS as error:
        for message in messages:
            _queue(message, error)
        return len(messages)
    sent = 0
    try:
        for message in messages:
            sent += _sent_or_queued(message, functools.partial(_send_one, connection, message))
    finally:
        try:
            connection.close()
        except DELIVERY_ERRORS:
            logger.warning("mail connection not closed cleanly", exc_info=True)
    return sent
