"""What belongs to a phase of the strategy process, gathered from the apps that own it.

Surveys, events and analysis rounds point at a strategy phase from their own apps. Each such app
registers one provider in its ``AppConfig.ready()``; the strategy timeline asks all providers and
shows their links under each phase ("Workshop Mobilität: 30 Teilnehmende").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class PhaseLink:
    phase_id: int
    label: str | Promise
    url: str
    detail: str | Promise = ""


# A provider gets the phase ids and the requesting user and yields only what that user may see.
Provider = Callable[[Sequence[int], Any], Iterable[PhaseLink]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Register a provider once (usable as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(phase_ids: Sequence[int], user: Any) -> dict[int, list[PhaseLink]]:
    """All links of all providers, grouped by phase id, each group in the providers' order."""
    grouped: dict[int, list[PhaseLink]] = defaultdict(list)
    if not phase_ids:
        return grouped
    for provider in _providers:
        for link in provider(phase_ids, user):
            grouped[link.phase_id].append(link)
    return grouped
