"""Who may do what in an assessment.

- The region's coordinators open, close and publish rounds and record decisions. Before a round
  closes they see its progress (who has rated how much), never a score.
- Invited raters rate, each only on their own grid, while the round is open and its deadline
  has not passed (the grid is found by the person's invitation, ``selectors.rater_of``). In
  blind mode they see no one else's scores until the round closes.
- After closing, every member of the region sees the results (aggregates only, never one
  person's scores); the public sees them once the coordinator has published the round.
- The decision log is public.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.rules import is_region_coordinator, is_region_member


@rules.predicate
def is_closed_round(user: Any, assessment_round: Any) -> bool:
    return bool(assessment_round is not None and assessment_round.is_closed)


@rules.predicate
def is_published_round(user: Any, assessment_round: Any) -> bool:
    return bool(assessment_round is not None and assessment_round.is_published)


# Checked on the region (opening a round) or on a round.
rules.add_perm("assessment.manage_round", is_region_coordinator | rules.is_superuser)
rules.add_perm("assessment.view_round", is_region_member | is_published_round | rules.is_superuser)
rules.add_perm(
    "assessment.view_results",
    is_closed_round & (is_region_member | is_published_round | rules.is_superuser),
)
# Raters' comments (without names) after closing: members of the region only.
rules.add_perm("assessment.view_comments", is_region_member | rules.is_superuser)
