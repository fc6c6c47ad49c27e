"""Who may do what with the open data.

- Everyone reads every dataset, the catalogue and the licence: they hold only what the modules
  show everyone anyway.
- The region's coordinators choose the licence (checked on the region).
"""

from __future__ import annotations

import rules

from smartregion.accounts.rules import is_region_coordinator

rules.add_perm("opendata.choose_licence", is_region_coordinator | rules.is_superuser)
