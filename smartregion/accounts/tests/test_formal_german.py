"""The account pages of django-allauth address people formally ("Sie"), as a public authority does."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(Du|du|Dein|dein|deine|Deine|dich|dir|Dir|gib|kannst|musst|hast)\b")


@pytest.mark.parametrize(
    ("path", "formal_text"),
    [
        ("/konto/password/reset/", "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein."),
        ("/konto/signup/", "Sie haben bereits ein Konto?"),
        ("/konto/login/", "Sie haben noch kein Konto?"),
    ],
)
def test_account_pages_speak_formal_german(client, path, formal_text):
    response = client.get(path)

    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert response.status_code == 200
    assert formal_text in text
    assert not INFORMAL.findall(text)
