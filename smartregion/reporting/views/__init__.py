"""Pages of monitoring and reporting: progress, a project's status and indicators, status reports,
and the region's Atom feed."""

from smartregion.reporting.views.feed import feed
from smartregion.reporting.views.progress import progress_page, settings_page
from smartregion.reporting.views.projects import add_indicator, add_measurement, add_update, project_status
from smartregion.reporting.views.reports import (
    change_report,
    create_report,
    download,
    publish,
    report_detail,
    report_list,
    retry,
)

__all__ = [
    "add_indicator",
    "add_measurement",
    "add_update",
    "change_report",
    "create_report",
    "download",
    "feed",
    "progress_page",
    "project_status",
    "publish",
    "report_detail",
    "report_list",
    "retry",
    "settings_page",
]
