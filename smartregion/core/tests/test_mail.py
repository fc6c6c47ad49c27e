"""Mail from the apps goes through core/mail.py, which keeps every subject on one line."""

from __future__ import annotations

import ast
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.core import mail as django_mail

from smartregion.core.mail import EmailMessage, one_line, send_mail, send_mass_mail

SOURCE = Path(__file__).resolve().parents[2]
SUBJECT = "Ihre Idee „Radweg\r\nBcc: alle@example.org\u2028und mehr“"
ONE_LINE = "Ihre Idee „Radweg Bcc: alle@example.org und mehr“"


def subject_of(message: django_mail.EmailMessage) -> str:
    """The Subject header as the recipient's mail program shows it (decoded and unfolded)."""
    return str(make_header(decode_header(message.message()["Subject"])))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SUBJECT, ONE_LINE),
        ("  Zwei \t\t Wörter \n", "Zwei Wörter"),
        ("a\x0bb\x0cc\x1cd\x85e\u2029f", "a b c d e f"),
        ("", ""),
    ],
)
def test_one_line_collapses_every_kind_of_whitespace(text, expected):
    assert one_line(text) == expected


def test_send_mail_puts_the_subject_on_one_line(mailoutbox):
    sent = send_mail(subject=SUBJECT, message="Text", from_email=None, recipient_list=["a@example.org"])

    assert sent == 1
    assert subject_of(mailoutbox[0]) == ONE_LINE
    assert mailoutbox[0].message()["Bcc"] is None


def test_send_mail_with_html_keeps_both_parts(mailoutbox):
    send_mail(
        subject=SUBJECT,
        message="Text",
        from_email=None,
        recipient_list=["a@example.org"],
        html_message="<p>Text</p>",
    )

    assert subject_of(mailoutbox[0]) == ONE_LINE
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def test_send_mass_mail_puts_every_subject_on_one_line(mailoutbox):
    sent = send_mass_mail(
        [(SUBJECT, "Text", None, ["a@example.org"]), ("Zweite\nZeile", "Text", None, ["b@example.org"])]
    )

    assert sent == 2
    assert [subject_of(m) for m in mailoutbox] == [ONE_LINE, "Zweite Zeile"]


def test_subject_changed_after_creating_the_message_is_still_one_line(mailoutbox):
    message = EmailMessage(subject="Erst", body="Text", to=["a@example.org"])
    message.subject = SUBJECT

    message.send()

    assert subject_of(mailoutbox[0]) == ONE_LINE


def test_django_alone_would_refuse_the_subject():
    with pytest.raises(django_mail.BadHeaderError):
        django_mail.EmailMessage(subject=SUBJECT, body="Text", to=["a@example.org"]).message()


# The guard: no app sends mail around core/mail.py.

SENDING = {"send_mail", "send_mass_mail", "EmailMessage", "EmailMultiAlternatives"}


def _sends_around_core(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in (
            "django.core.mail",
            "django.core.mail.message",
        ):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in SENDING | {"*"}]
        elif isinstance(node, ast.ImportFrom) and node.module == "django.core":
            found += [(node.lineno, "django.core.mail") for alias in node.names if alias.name == "mail"]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name) for alias in node.names if alias.name.startswith("django.core.mail")
            ]
    return sorted(found)


def test_apps_send_mail_only_through_core_mail():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "tests" in relative.parts or relative.as_posix() == "core/mail.py":
            continue
        for line, name in _sends_around_core(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{relative}:{line}: {name}")

    assert offenders == [], "send mail with smartregion.core.mail:\n" + "\n".join(offenders)


def test_the_guard_finds_what_it_guards_against():
    code = (
        "from django.core.mail import send_mail, get_connection\n"
        "from django.core import mail\n"
        "import django.core.mail\n"
        "from django.core.mail import EmailMessage as Message\n"
    )

    assert [name for _, name in _sends_around_core(ast.parse(code))] == [
        "send_mail",
        "django.core.mail",
        "django.core.mail",
        "EmailMessage",
    ]
