"""Who may do what with regions, municipalities and organisations."""

import rules

from smartregion.accounts.rules import (
    is_officer_of_municipality,
    is_region_coordinator,
    is_region_member,
)

rules.add_perm("regions.manage_region", is_region_coordinator | rules.is_superuser)
rules.add_perm("regions.view_region_internal", is_region_member | rules.is_superuser)
rules.add_perm("regions.add_municipality", is_region_coordinator | rules.is_superuser)
rules.add_perm(
    "regions.change_municipality",
    is_region_coordinator | is_officer_of_municipality | rules.is_superuser,
)
rules.add_perm("regions.delete_municipality", is_region_coordinator | rules.is_superuser)
rules.add_perm("regions.add_organisation", is_region_coordinator | rules.is_superuser)
rules.add_perm("regions.change_organisation", is_region_coordinator | rules.is_superuser)
