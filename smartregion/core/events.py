"""Domain events: every recorded change is announced once its transaction has committed.

``core.models.record_event`` is the one place where a change is recorded (the audit log) and,
after commit, announced through ``domain_event``. Other modules react without being imported by
the module that made the change, e.g.::

    @receiver(domain_event)
    def on_project_status(sender, event, **kwargs):
        if event.action == "project.status_changed" and event.details["to"] == "review":
            ...

A receiver that fails is logged and does not undo the change or stop the other receivers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from smartregion.core.models import AuditEvent

logger = logging.getLogger(__name__)

# Sent with ``event`` (the committed AuditEvent); ``sender`` is the AuditEvent class.
domain_event = Signal()


def announce(event: AuditEvent) -> None:
    """Tell every receiver about a committed change; failures are logged, not raised."""
    for receiver, result in domain_event.send_robust(sender=type(event), event=event):
        if isinstance(result, Exception):
            logger.error(
                "receiver %r failed on %s",
                receiver,
                event.action,
                exc_info=(type(result), result, result.__traceback__),
            )
