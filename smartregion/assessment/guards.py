"""The assessment's check on the project lifecycle (``Module.transition_guards``).

Once a region uses the assessment, a profile becomes Leitprojekt or Potenzialprojekt only through
a recorded decision: ``services.record_decisions`` writes the decision and then moves the profile
inside ``applying(decision)``; every other attempt, on the status page or by any other path, is
refused. An earlier decision does not open the step again later (a profile that was deferred and
came back "zur Bewertung" needs a new decision).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils.translation import gettext as _

GUARDED = ("leitprojekt", "potenzialprojekt")

# (project id, target status) of the decision being applied in this thread or task, if any
_applying: ContextVar[tuple[int, str] | None] = ContextVar("assessment_applying_decision", default=None)


@contextmanager
def applying(project_id: int, status: str) -> Iterator[None]:
    """Let exactly this profile move to exactly this status while the block runs."""
    token = _applying.set((project_id, status))
    try:
        yield
    finally:
        _applying.reset(token)


def only_through_a_decision(project: Any, to: str, actor: Any) -> str | None:
    if to not in GUARDED or _applying.get() == (project.pk, to):
        return None
    return _(
        "Leitprojekt oder Potenzialprojekt wird ein Projekt in dieser Region nur durch einen erfassten "
        "Beschluss aus einer Bewertungsrunde."
    )
