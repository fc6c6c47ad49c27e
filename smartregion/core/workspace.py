"""A person's workspace ("Meine Aufgaben"): what needs doing now in every region where they hold a role.

The items come from the modules through the module registry (``modules.dashboard``), the same
function the management page of a region uses, so both show the same numbers. Each region is read
in its own scope; a region's items are only those its modules give this person, so another
region's never appear. The number of queries grows with the regions a person holds roles in (a
handful), never with the amount of data in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from smartregion.accounts.roles import memberships_by_region
from smartregion.core import modules

if TYPE_CHECKING:
    from smartregion.accounts.roles import RegionRoles
    from smartregion.regions.models import Region


@dataclass(frozen=True)
class ModuleTasks:
    """The items of one module in one region."""

    label: str | Promise
    items: list[modules.DashboardItem]


@dataclass(frozen=True)
class RegionTasks:
    """What needs doing in one region for the person, with the roles they hold there."""

    region: Region
    roles: str
    manages: bool  # may open the region's management page
    modules: list[ModuleTasks]

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.modules)


def lands_on_workspace(user: Any) -> bool:
    """Whether the workspace is where the person starts after logging in: everyone who holds a
    role in a region, and the operators (staff)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or memberships_by_region(user))


def tasks_of(user: Any) -> list[RegionTasks]:
    """Per region where the person holds a role (by name), the modules' items for them."""
    found = []
    held = sorted(
        memberships_by_region(user).values(), key=lambda roles: (roles.region.name, roles.region_id)
    )
    for roles in held:
        region = roles.region
        found.append(
            RegionTasks(
                region=region,
                roles=_roles_text(roles),
                manages=user.has_perm("regions.manage_region", region),
                modules=[
                    ModuleTasks(module.label, items) for module, items in modules.dashboard(region, user)
                ],
            )
        )
    return found


def _roles_text(roles: RegionRoles) -> str:
    """ "Koordination, Digitalisierungsbeauftragte:r der Kommune (Greven)": each role, with the
    municipality it is tied to (read with the memberships)."""
    parts = []
    for membership in roles.memberships:
        text = str(membership.get_role_display())
        municipality = membership.municipality
        parts.append(f"{text} ({municipality.name})" if municipality is not None else text)
    return ", ".join(parts)
