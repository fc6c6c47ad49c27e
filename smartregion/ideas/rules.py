"""Who may moderate a region's ideas and comments: its coordinators and the operators."""

import rules

from smartregion.accounts.rules import is_region_coordinator

rules.add_perm("ideas.moderate_ideas", is_region_coordinator | rules.is_superuser)
