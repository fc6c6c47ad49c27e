"""Who may do what with the roadmap, personnel, financing and the programme catalogue.

- Everyone sees the roadmap of the projects they may see, and the funding programme catalogue.
- Personnel and financing figures are for the region's members.
- Whoever may change a profile (``portfolio.change_project``) plans its milestones, personnel
  and financing; the coordinators keep the organisations' capacities.
- Coordinators of any region add programmes to the shared catalogue; the coordinators of the
  region that added a programme change it and add deadlines.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.roles import membership_in
from smartregion.accounts.rules import is_region_coordinator, is_region_member


@rules.predicate
def may_change_project(user: Any, project: Any) -> bool:
    return bool(project is not None and user.has_perm("portfolio.change_project", project))


@rules.predicate
def coordinates_adding_region(user: Any, programme: Any) -> bool:
    if programme is None or programme.added_by_region_id is None:
        return False
    roles = membership_in(user, programme.added_by_region_id)
    return roles is not None and roles.is_coordinator


# Checked on a region.
rules.add_perm("roadmap.view_resources", is_region_member | rules.is_superuser)
rules.add_perm("roadmap.manage_capacity", is_region_coordinator | rules.is_superuser)
rules.add_perm("roadmap.add_programme", is_region_coordinator | rules.is_superuser)
# Checked on a project.
rules.add_perm("roadmap.plan_project", may_change_project)
# Checked on a programme.
rules.add_perm("roadmap.change_programme", coordinates_adding_region | rules.is_superuser)
