"""Shared models: the audit log every service writes."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from smartregion.core.events import announce, domain_event


class AuditEvent(models.Model):
    """One recorded action: who did what to which object, with JSON details."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, null=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("Aktion"), max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


def record_event(
    *,
    action: str,
    obj: models.Model,
    actor: Any = None,
    region: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to the audit log and announce it after commit (``core.events``).

    Call inside the service's transaction: if it rolls back, neither the entry nor the
    announcement remains.
    """
    event = AuditEvent.objects.create(
        region=region,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        details=details or {},
    )
    if domain_event.has_listeners():  # nothing to announce to: no callback per write
        transaction.on_commit(partial(announce, event))
    return event
