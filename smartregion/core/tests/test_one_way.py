"""Things done one way across the apps: the htmx check and copying changes onto a model."""

from __future__ import annotations

import re
from pathlib import Path

SMARTREGION = Path(__file__).resolve().parents[2]


def _sources(pattern: str = "*.py") -> list[Path]:
    return [
        path
        for path in SMARTREGION.rglob(pattern)
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_no_view_reads_the_htmx_header_itself():
    """``request.htmx`` (django-htmx) says whether htmx sent a request."""
    offenders = [
        str(path.relative_to(SMARTREGION))
        for path in _sources()
        if "HX-Request" in path.read_text() or 'getattr(request, "htmx"' in path.read_text()
    ]

    assert offenders == []


def test_services_copy_changes_with_apply_changes():
    """``core.updates.apply_changes``, not a ``setattr`` loop of their own."""
    loop = re.compile(r"for \w+(, \w+)? in [^\n]+:\n(\s+if [^\n]+:\n)?\s+setattr\(")
    offenders = [str(path.relative_to(SMARTREGION)) for path in _sources() if loop.search(path.read_text())]

    assert offenders == []


def test_views_save_a_form_with_save_valid():
    """``core.forms.save_valid`` is the create/edit step; a view writes the try/except/else around
    a service itself only where it handles more than the service's ValidationError."""
    plain = re.compile(
        r'if (?:request\.method == "POST" and )?\w+\.is_valid\(\):\n[ ]+try:\n'
        r"(?:[ ]+(?![ ]|except)[^\n]*\n){1,6}?"
        r"[ ]+except ValidationError as error:\n[ ]+add_service_errors\(\w+, error\)[^\n]*\n[ ]+else:\n"
    )
    offenders = [
        str(path.relative_to(SMARTREGION))
        for path in _sources()
        if "views" in path.parts or path.name == "views.py"
        if plain.search(path.read_text())
    ]

    assert offenders == []
