"""Who may do what with surveys."""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.rules import is_region_coordinator, is_region_member


@rules.predicate
def has_public_results(user: Any, survey: Any) -> bool:
    return bool(survey is not None and survey.published and survey.results_public)


@rules.predicate
def is_published(user: Any, survey: Any) -> bool:
    return bool(survey is not None and survey.published)


rules.add_perm("surveys.manage_surveys", is_region_coordinator | rules.is_superuser)
rules.add_perm("surveys.view_survey", is_published | is_region_member | rules.is_superuser)
rules.add_perm("surveys.view_results", has_public_results | is_region_member | rules.is_superuser)
