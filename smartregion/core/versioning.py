"""Numbered versions of a text-like object (the strategy, a project profile) and their comparison.

An app keeps its own version model (``number``, ``snapshot``, ``summary``, ``author``) and its own
snapshot of the object as JSON; this module records a version with its audit entry, compares two
snapshots part by part (``Row``), and offers the form that picks the two versions. The compare page
of every app extends ``core/versions/compare.html`` and shows its rows with
``core/versions/table.html``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregion.core.models import record_event
from smartregion.core.textdiff import diff_text


class CompareForm(forms.Form):
    von = forms.IntegerField(label=gettext_lazy("Ältere Fassung"), min_value=1)
    bis = forms.IntegerField(label=gettext_lazy("Neuere Fassung"), min_value=1)


@dataclass
class Row:
    """One compared part: its label, the old and new text marked up, and its kind of change."""

    label: str
    old: SafeString
    new: SafeString
    change: str  # "added", "removed", "changed" or "same"


def diff_row(label: str, old: str | None, new: str | None) -> Row:
    """Compare one part word by word; None: the part is not in that version."""
    if old is None:
        return Row(label, mark_safe(""), mark_safe(f"<ins>{html.escape(new or '')}</ins>"), "added")  # noqa: S308
    if new is None:
        return Row(label, mark_safe(f"<del>{html.escape(old)}</del>"), mark_safe(""), "removed")  # noqa: S308
    left, right = diff_text(old, new)
    return Row(label, left, right, "same" if old == new else "changed")


def no_such_version(current: int) -> str:
    return _("Diese Fassung gibt es nicht. Es gibt die Fassungen 1 bis %(current)s.") % {"current": current}


def record_version(
    versions: models.Manager[Any],
    *,
    number: int,
    snapshot: dict[str, Any],
    summary: str,
    actor: Any,
    action: str,
    obj: models.Model,
    region: Any,
) -> Any:
    """Store version ``number`` of ``obj`` through its related manager ``versions`` and write the
    audit entry ``action`` (announced after commit like every change)."""
    version = versions.create(
        number=number,
        snapshot=snapshot,
        summary=summary[:300],
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        action=action,
        obj=obj,
        actor=actor,
        region=region,
        details={"version": number, "summary": version.summary},
    )
    return version
