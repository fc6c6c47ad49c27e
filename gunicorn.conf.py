"""gunicorn's settings for Smart Region, read when gunicorn starts in this folder.

``gunicorn smartregion.wsgi --bind 127.0.0.1:8000 --workers 4 --access-logfile -``: options on the
command line take precedence over this file. Secrets in links (registrations, invitations,
password resets) are masked in gunicorn's access and error log as in Django's own logs
(smartregion/core/logging.py). The access log stays off unless asked for (``--access-logfile``).
"""

from __future__ import annotations

import os
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


def on_starting(server: Any) -> None:
    """Without Redis each worker has its own cache, and a change made through one worker would not
    reach the cached public pages of the others: several workers without ``REDIS_URL`` serve every
    page fresh instead (core/pagecache.py), unless ``PUBLIC_PAGE_CACHE`` says otherwise."""
    if server.cfg.workers > 1 and not os.environ.get("REDIS_URL") and "PUBLIC_PAGE_CACHE" not in os.environ:
        os.environ["PUBLIC_PAGE_CACHE"] = "0"
        server.log.info("Several workers without REDIS_URL: the public page cache is off.")
