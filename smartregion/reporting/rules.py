"""Who may do what with status updates, indicators, progress weights and status reports.

- Everyone sees the status and indicators of the projects they may see, the progress of the
  region and its published reports.
- Whoever may change a profile (``portfolio.change_project``: its lead, the municipality's
  officers, the coordinators) reports its status and measures its indicators.
- The coordinators set the weights and the monitoring settings, and generate, publish and
  withdraw status reports; the region's members also see reports that are not published.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregion.accounts.rules import is_region_coordinator, is_region_member


@rules.predicate
def may_change_project(user: Any, project: Any) -> bool:
    return bool(project is not None and user.has_perm("portfolio.change_project", project))


@rules.predicate
def is_published(user: Any, report: Any) -> bool:
    return bool(report is not None and report.published_at is not None)


# Checked on a project.
rules.add_perm("reporting.report_status", may_change_project)
# Checked on a region.
rules.add_perm("reporting.manage_reports", is_region_coordinator | rules.is_superuser)
rules.add_perm("reporting.view_unpublished_reports", is_region_member | rules.is_superuser)
# Checked on a report.
rules.add_perm("reporting.view_report", is_published | is_region_member | rules.is_superuser)
