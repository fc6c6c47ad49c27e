"""Who may do what in a needs analysis.

- The region's coordinators run rounds and see everything, at any time.
- A municipality's officers fill that municipality's questionnaire, and see only their own
  answers until the round closes.
- Once a round is closed, every member of the region sees the consolidated results (aggregates,
  heatmap, suggested tiers); a municipality's raw answers and comments stay with the coordinators
  and that municipality.
- The public sees a round's confirmed tiers once the coordinator has published them.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.rules import is_officer_of_municipality, is_region_coordinator, is_region_member


@rules.predicate
def is_closed_round(user: Any, analysis_round: Any) -> bool:
    return bool(analysis_round is not None and analysis_round.is_closed)


@rules.predicate
def is_published_round(user: Any, analysis_round: Any) -> bool:
    return bool(analysis_round is not None and analysis_round.is_published)


@rules.predicate
def is_officer_of_questionnaire(user: Any, questionnaire: Any) -> bool:
    return questionnaire is not None and bool(is_officer_of_municipality(user, questionnaire.municipality))


@rules.predicate
def is_coordinator_of_questionnaire(user: Any, questionnaire: Any) -> bool:
    return questionnaire is not None and bool(is_region_coordinator(user, questionnaire.municipality))


# Checked on the region (creating) or on a round.
rules.add_perm("analysis.manage_round", is_region_coordinator | rules.is_superuser)
rules.add_perm("analysis.view_round", is_region_member | is_published_round | rules.is_superuser)
rules.add_perm(
    "analysis.view_results", is_region_coordinator | (is_region_member & is_closed_round) | rules.is_superuser
)
rules.add_perm("analysis.view_tiers", is_published_round | is_region_coordinator | rules.is_superuser)
# Checked on a questionnaire.
rules.add_perm(
    "analysis.view_questionnaire",
    is_officer_of_questionnaire | is_coordinator_of_questionnaire | rules.is_superuser,
)
rules.add_perm("analysis.fill_questionnaire", is_officer_of_questionnaire)
