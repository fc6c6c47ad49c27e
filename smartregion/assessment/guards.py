"""The assessment's check on the project lifecycle (``Module.transition_guards``).

Once a region uses the assessment, a profile becomes Leitprojekt or Potenzialprojekt only through
a recorded decision: ``services.record_decisions`` writes the decision first and then moves the
profile, so that this guard lets exactly that step through.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from smartregion.assessment import selectors

OUTCOME_OF_STATUS = {"leitprojekt": "leitprojekt", "potenzialprojekt": "potenzialprojekt"}


def only_through_a_decision(project: Any, to: str, actor: Any) -> str | None:
    outcome = OUTCOME_OF_STATUS.get(to)
    if outcome is None or selectors.has_decision(project.pk, outcome):
        return None
    return _(
        "Leitprojekt oder Potenzialprojekt wird ein Projekt in dieser Region nur durch einen erfassten "
        "Beschluss aus einer Bewertungsrunde."
    )
