"""Reads of the audit log for a region's audit page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartregion.core.models import AuditEvent

# The last word of an action ("idea.published") in German; other actions are shown as they are.
VERBS = {
    "created": _("angelegt"),
    "create": _("angelegt"),
    "changed": _("geändert"),
    "change": _("geändert"),
    "updated": _("geändert"),
    "removed": _("entfernt"),
    "withdrawn": _("zurückgezogen"),
    "published": _("veröffentlicht"),
    "publish": _("veröffentlicht"),
    "rejected": _("abgelehnt"),
    "merged": _("zusammengeführt"),
    "submitted": _("eingereicht"),
    "status_changed": _("Stand geändert"),
    "registered": _("angemeldet"),
    "imported": _("importiert"),
    "adopted": _("nachgenutzt"),
    "add_question": _("Frage hinzugefügt"),
    "change_question": _("Frage geändert"),
    "delete_question": _("Frage gelöscht"),
    "move_question": _("Frage verschoben"),
    "moderate_text": _("Freitext geprüft"),
    "results_public": _("Ergebnisse freigegeben"),
    "access_codes": _("Zugangscodes erzeugt"),
    "duplicate": _("kopiert"),
    "draft_saved": _("Entwurf gespeichert"),
    "opened": _("eröffnet"),
    "email_confirmed": _("Adresse bestätigt"),
    "address_confirmed": _("Adresse bestätigt"),
    "confirmation_resent": _("Bestätigung erneut gesendet"),
    "registration_cancelled": _("Anmeldung storniert"),
    "moved_up": _("von der Warteliste nachgerückt"),
    "check_in_undone": _("Einlass zurückgenommen"),
    "unconfirmed_released": _("unbestätigte Plätze freigegeben"),
    "personal_data_deleted": _("personenbezogene Daten gelöscht"),
    "modules_changed": _("Module geändert"),
    "legal_updated": _("rechtliche Angaben geändert"),
    "phase_changed": _("Phase geändert"),
    "version_fixed": _("Fassung festgeschrieben"),
    "derived": _("abgeleitet"),
    "municipal_changed": _("kommunale Strategie geändert"),
    "municipal_goal_added": _("kommunales Ziel hinzugefügt"),
    "upstream_accepted": _("Änderung der Kreisstrategie übernommen"),
    "used": _("benutzt"),
    "revoked": _("widerrufen"),
    "closed": _("abgeschlossen"),
    "generated": _("erstellt"),
    "retried": _("erneut gestartet"),
    "reminded": _("erinnert"),
    "reopened": _("wieder geöffnet"),
    "rule_changed": _("Regel geändert"),
    "confirmed": _("bestätigt"),
    "deadline_extended": _("Frist verlängert"),
    "deadline_changed": _("Frist geändert"),
    "checked_in": _("eingelassen"),
    "hidden": _("verborgen"),
    "round_opened": _("Runde eröffnet"),
    "round_closed": _("Runde abgeschlossen"),
    "round_published": _("Ergebnis veröffentlicht"),
    "rating_saved": _("Bewertung als Entwurf gespeichert"),
    "rating_submitted": _("Bewertung abgegeben"),
    "decision_recorded": _("Beschluss erfasst"),
    "deleted": _("entfernt"),
    "need_set": _("Personalbedarf eingetragen"),
    "capacity_set": _("Stellen eingetragen"),
    "costs_set": _("Kostenplan geändert"),
    "source_saved": _("Finanzierungsquelle gespeichert"),
    "source_deleted": _("Finanzierungsquelle entfernt"),
    "deadline_added": _("Frist eingetragen"),
}


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    object_type: str = ""
    actor: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events(region: Any, chosen: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(region=region).select_related("actor")
    if chosen.action:
        events = events.filter(action=chosen.action)
    if chosen.object_type:
        events = events.filter(object_type=chosen.object_type)
    if chosen.actor is not None:
        events = events.filter(actor_id=chosen.actor)
    if chosen.since:
        events = events.filter(created_at__date__gte=chosen.since)
    if chosen.until:
        events = events.filter(created_at__date__lte=chosen.until)
    return events.order_by("-created_at", "-pk")


def actions_in(region: Any) -> list[str]:
    return sorted(set(AuditEvent.objects.filter(region=region).values_list("action", flat=True)))


def object_types_in(region: Any) -> list[str]:
    return sorted(set(AuditEvent.objects.filter(region=region).values_list("object_type", flat=True)))


def object_type_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def action_label(action: str) -> str:
    verb = action.rpartition(".")[2]
    return str(VERBS.get(verb, action))
