"""Checks of typed text shared by forms and services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Every character str.splitlines() breaks a line at; a mail header or a one-line field must hold none.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Refuse text with a line break (e.g. a title that may become a mail subject)."""
    if _LINE_BREAK.search(value):
        raise ValidationError(_("Dieses Feld darf keinen Zeilenumbruch enthalten."), code="line_break")
