"""gunicorn's settings for Smart Region, read when gunicorn starts in this folder.

``gunicorn smartregion.wsgi --bind 127.0.0.1:8000 --workers 4 --access-logfile -``: options on the
command line take precedence over this file. Secrets in links (registrations, invitations,
password resets) are masked in gunicorn's access and error log as in Django's own logs
(smartregion/core/logging.py). The access log stays off unless asked for (``--access-logfile``).
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from smartregion.core.logging import CapabilityUrlFilter

wsgi_app = "smartregion.wsgi"


class CapabilityMaskingLogger(Logger):
    """gunicorn's logger; every access and error line passes ``CapabilityUrlFilter``."""

    capability_filter = CapabilityUrlFilter()

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        # On the loggers, not the handlers: a reload replaces the handlers; the same filter is added once.
        for log in (self.access_log, self.error_log):
            log.addFilter(self.capability_filter)


logger_class = CapabilityMaskingLogger
