"""The one way a service copies changed values onto a model before validating and saving it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any


def apply_changes(
    obj: Any, data: Mapping[str, Any], fields: Iterable[str], *, none_as_blank: Collection[str] = ()
) -> list[str]:
    """Set each of ``fields`` that ``data`` names on ``obj``; return the names whose value changed.

    Fields not in ``data`` keep their value. A field in ``none_as_blank`` (a text field that is
    not nullable) gets "" where ``data`` says None.
    """
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if value is None and name in none_as_blank:
            value = ""
        if getattr(obj, name) != value:
            changed.append(name)
        setattr(obj, name, value)
    return changed
