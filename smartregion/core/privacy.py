"""What the platform processes of personal data: the shape of a module's ``Module.privacy`` hook.

A module names, as ``privacy``, a function ``(details) -> Iterable[Processing]``: the processing
activities it performs for a region, given the region's legal details (``regions.LegalDetails``,
passed through untyped because ``core`` imports no feature app). Each activity becomes a section of
the region's privacy notice (Art. 13 DSGVO) and an entry of its record of processing activities
(Art. 30 DSGVO); ``regions.legal`` adds the activities every region has. The texts are German
source strings, translated where they are built, and state what the platform does, not what it
might do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregion.core import modules as platform_modules


@dataclass(frozen=True)
class Processing:
    """One processing activity: what is processed, why, on which legal basis, and for how long."""

    key: str
    title: str
    data: str
    purpose: str
    legal_basis: str
    retention: str
    notes: tuple[str, ...] = field(default=())
    # For the record of processing activities (Art. 30 Abs. 1 lit. c and d DSGVO): whose data, who
    # receives it.
    subjects: str = ""
    recipients: str = ""
    # Where a module's activity stands among the others (participation first).
    position: int = 50


# The signature of a module's ``privacy`` hook; ``details`` is the region's ``LegalDetails``.
Hook = Callable[[Any], Iterable[Processing]]


class StateLaw(Protocol):
    @property
    def state_data_protection_law(self) -> str: ...


def public_task(details: StateLaw) -> str:
    """The legal basis of a public body's task: Art. 6 (1) e DSGVO with the state's law."""
    law = details.state_data_protection_law or _("dem Datenschutzgesetz des Landes")
    return _("Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit %(law)s") % {"law": law}


def months(months: int) -> str:
    return ngettext("%(count)d Monat", "%(count)d Monate", months) % {"count": months}


def hours(hours: float | int | None) -> str:
    count = int(hours or 0)
    return ngettext("eine Stunde", "%(count)d Stunden", count) % {"count": count}


def days(days: int) -> str:
    return ngettext("%(count)d Tag", "%(count)d Tage", days) % {"count": days}


def declared(details: Any, modules_on: Iterable[str]) -> list[Processing]:
    """The activities the modules in ``modules_on`` declare, by ``position`` (then the order of
    ``INSTALLED_APPS``); a module that is off contributes nothing."""
    on = set(modules_on)
    activities = [
        activity
        for module in platform_modules.modules()
        if module.privacy and module.key in on
        for activity in import_string(module.privacy)(details)
    ]
    return sorted(activities, key=lambda activity: activity.position)
