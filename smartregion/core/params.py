"""Whole numbers typed by people: in query strings (``?fassung=3``), form fields and answers.

The one strict parser. ``str.isdigit()`` and ``int()`` are no test for "is this a number":
``"²".isdigit()`` is true while ``int("²")`` fails, ``int("١")`` reads Arabic-Indic digits,
``int(" 1_0 ")`` gives 10, and ``int()`` of more than 4300 digits raises. Here only ASCII digits
count, at most as many as the largest allowed value has, so nothing reaches the database that
does not fit an integer column.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest

# The largest value of a PostgreSQL ``integer`` (Django's IntegerField and AutoField), and of a
# ``bigint`` (BigAutoField, the primary keys here).
MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1

_DIGITS = re.compile(r"[0-9]+")


def parse_int(text: object, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The whole number ``text`` spells in ASCII digits, with a leading ``-`` only when ``minimum``
    is negative; None for anything else: other scripts' digits, superscripts, ``+``, spaces,
    underscores, more digits than the bounds have, or a value outside ``minimum``..``maximum``."""
    if not isinstance(text, str):
        return None
    negative = minimum < 0 and text.startswith("-")
    digits = text[1:] if negative else text
    if len(digits) > len(str(max(abs(minimum), abs(maximum)))) or not _DIGITS.fullmatch(digits):
        return None
    value = -int(digits) if negative else int(digits)
    if not minimum <= value <= maximum:
        return None
    return value


def query_int(
    request: HttpRequest,
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_INT,
    invalid_is_404: bool = False,
) -> int | None:
    """The query parameter ``name`` as a whole number (see ``parse_int``).

    Missing or empty, it is ``default``. Given but not a plain number in range, it is ``default``
    too, or a 404 with ``invalid_is_404`` (for a parameter that names something, like a version,
    where a wrong value must not quietly show something else).
    """
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is None:
        if invalid_is_404:
            raise Http404
        return default
    return value
