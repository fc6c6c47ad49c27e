"""Who may do what with events: the region's coordinators run them; everyone sees public ones."""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.rules import is_region_coordinator, is_region_member


@rules.predicate
def is_public_event(user: Any, event: Any) -> bool:
    return bool(event is not None and event.visibility == "public")


rules.add_perm("events.manage_events", is_region_coordinator | rules.is_superuser)
rules.add_perm("events.view_event", is_public_event | is_region_member | rules.is_superuser)
