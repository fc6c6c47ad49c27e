"""A project profile as one JSON document, and the comparison of two such documents."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from smartregion.core import modules
from smartregion.core.versioning import Row, diff_row
from smartregion.portfolio.models import Project

# The profile's parts in the order of the Steckbrief, with their German labels.
TEXT_FIELDS = (
    ("summary", _("Kurzbeschreibung")),
    ("starting_point", _("Ausgangslage")),
    ("goals", _("Ziele")),
    ("measures", _("Maßnahmen")),
    ("target_groups", _("Zielgruppen")),
    ("partners", _("Mit wem (Partner)")),
    ("indicators", _("Indikatoren")),
    ("risks", _("Risiken")),
)
PROFILE_LABELS = (
    ("title", _("Titel")),
    ("status", _("Stand")),
    ("maturity", _("Reifegrad")),
    ("fields", _("Handlungsfelder")),
    ("municipalities", _("Wo (Kommunen)")),
    ("lead_organisation", _("Federführung")),
    ("lead_person", _("Ansprechperson")),
    ("start_date", _("Beginn")),
    ("end_date", _("Ende")),
    ("dependencies", _("Abhängig von")),
    *TEXT_FIELDS,
)


def snapshot_of(project: Project) -> dict[str, Any]:
    """The profile's content; related names in a stable order; then the parts other modules add
    (``Module.snapshot_parts``, e.g. milestones or financing)."""
    return {
        "title": project.title,
        "status": project.get_status_display(),
        "maturity": project.get_maturity_display(),
        "fields": ", ".join(sorted(f.name for f in project.fields.all())),
        "municipalities": ", ".join(sorted(m.name for m in project.municipalities.all())),
        "lead_organisation": project.lead_organisation.name if project.lead_organisation else "",
        "lead_person": project.lead_person,
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "end_date": project.end_date.isoformat() if project.end_date else "",
        "dependencies": ", ".join(sorted(d.title for d in project.dependencies.all())),
        **{name: getattr(project, name) for name, _label in TEXT_FIELDS},
        **modules.build_snapshot_parts(project),
    }


def changed_parts(old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    """The parts of the profile that differ between two snapshots, marked word by word."""
    added = tuple((part.key, part.label) for part in modules.snapshot_parts(Project._meta.label_lower))
    rows = (
        diff_row(str(label), str(old.get(key, "")), str(new.get(key, "")))
        for key, label in (*PROFILE_LABELS, *added)
    )
    return [row for row in rows if row.change != "same"]
