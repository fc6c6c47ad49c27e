"""Who may read a region's audit log: its coordinators and the operators."""

import rules

from smartregion.accounts.rules import is_region_coordinator

rules.add_perm("core.view_audit", is_region_coordinator | rules.is_superuser)
