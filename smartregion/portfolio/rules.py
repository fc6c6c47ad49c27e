"""Who may do what with project profiles."""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.models import Role
from smartregion.accounts.roles import membership_in
from smartregion.accounts.rules import is_region_coordinator, is_region_member
from smartregion.regions.models import Municipality, Region


@rules.predicate
def is_public_project(user: Any, project: Any) -> bool:
    return bool(project is not None and project.is_public)


@rules.predicate
def can_work_on_projects(user: Any, region: Any) -> bool:
    roles = membership_in(user, getattr(region, "pk", None))
    return roles is not None and roles.has(Role.COORDINATOR, Role.MUNICIPAL_OFFICER, Role.PROJECT_LEAD)


@rules.predicate
def is_responsible_for_project(user: Any, project: Any) -> bool:
    """An officer of one of the project's municipalities, or a project lead of its lead organisation."""
    if project is None:
        return False
    roles = membership_in(user, project.region_id)
    if roles is None:
        return False
    if (
        project.lead_organisation_id is not None
        and project.lead_organisation_id in roles.lead_organisation_ids
    ):
        return True
    officer_of = roles.officer_municipality_ids
    return bool(officer_of) and project.municipalities.filter(pk__in=officer_of).exists()


@rules.predicate
def may_adopt_for(user: Any, target: Any) -> bool:
    """For a municipality: the coordinators of its region and its own officers.
    For a whole region (a Region): its coordinators."""
    if isinstance(target, Region):
        roles = membership_in(user, target.pk)
        return roles is not None and roles.is_coordinator
    if not isinstance(target, Municipality):
        return False
    roles = membership_in(user, target.region_id)
    return roles is not None and (roles.is_coordinator or target.pk in roles.officer_municipality_ids)


rules.add_perm("portfolio.add_project", can_work_on_projects | rules.is_superuser)
rules.add_perm("portfolio.import_projects", is_region_coordinator | rules.is_superuser)
rules.add_perm("portfolio.view_project", is_public_project | is_region_member | rules.is_superuser)
rules.add_perm(
    "portfolio.change_project", is_region_coordinator | is_responsible_for_project | rules.is_superuser
)
rules.add_perm("portfolio.transition_project", is_region_coordinator | rules.is_superuser)
rules.add_perm("portfolio.adopt_project", may_adopt_for | rules.is_superuser)
