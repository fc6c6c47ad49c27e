"""What belongs to a phase of the strategy process, gathered from the apps that own it.

Surveys, events and analysis rounds point at a strategy phase from their own apps. Each such app
names one provider in its module declaration (``Module.phase_links``, see ``core.modules``); the
strategy timeline asks the providers of the modules its region uses and shows their links under
each phase ("Workshop Mobilität: 30 Teilnehmende").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from smartregion.core import modules


@dataclass(frozen=True)
class PhaseLink:
    phase_id: int
    label: str | Promise
    url: str
    detail: str | Promise = ""


# A provider gets the phase ids and the requesting user and yields only what that user may see.
Provider = Callable[[Sequence[int], Any], Iterable[PhaseLink]]


def links_for(phase_ids: Sequence[int], user: Any, region: Any) -> dict[int, list[PhaseLink]]:
    """All links of the providers of the region's modules, grouped by phase id, each group in the
    providers' order."""
    grouped: dict[int, list[PhaseLink]] = defaultdict(list)
    if not phase_ids:
        return grouped
    for module, provider in modules.phase_link_providers():
        if not modules.is_on(region, module.key):
            continue
        for link in provider(phase_ids, user):
            grouped[link.phase_id].append(link)
    return grouped
