"""Milestones and phases of a project, and their dependencies (never in a circle).

Every change records a new version of the project's profile, whose snapshot holds the plan
(``roadmap.snapshots``), so the profile's history shows when a date moved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregion.core.graphs import cycle_in, with_edges
from smartregion.core.models import record_event
from smartregion.portfolio.models import Project
from smartregion.portfolio.services.projects import record_part_change
from smartregion.regions.models import Organisation
from smartregion.roadmap.models import Milestone, MilestoneKind, MilestoneStatus

FIELDS = (
    "kind",
    "title",
    "start",
    "end",
    "status",
    "responsible_organisation",
    "responsible_person",
    "deliverable",
)


def _check(project: Project, milestone: Milestone | None, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = _("Bitte geben Sie an, was geschehen oder erreicht sein soll.")
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, datetime.date):
        errors["start"] = _("Bitte geben Sie den Beginn an.")
    if not isinstance(end, datetime.date):
        errors["end"] = _("Bitte geben Sie das Ende an.")
    if isinstance(start, datetime.date) and isinstance(end, datetime.date):
        if end < start:
            errors["end"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        elif project.start_date and start < project.start_date:
            errors["start"] = _("Der Beginn liegt vor dem Projektbeginn (%(date)s).") % {
                "date": project.start_date.strftime("%d.%m.%Y")
            }
        elif project.end_date and end > project.end_date:
            errors["end"] = _("Das Ende liegt nach dem Projektende (%(date)s).") % {
                "date": project.end_date.strftime("%d.%m.%Y")
            }
    if data.get("kind") not in MilestoneKind.values:
        errors["kind"] = _("Bitte wählen Sie Phase oder Meilenstein.")
    if data.get("status") not in MilestoneStatus.values:
        errors["status"] = _("Bitte wählen Sie einen gültigen Stand.")
    organisation = data.get("responsible_organisation")
    if organisation is not None and (
        not isinstance(organisation, Organisation) or organisation.region_id != project.region_id
    ):
        errors["responsible_organisation"] = _("Die Organisation gehört nicht zu dieser Region.")
    errors.update(_dependency_errors(project, milestone, data.get("depends_on", [])))
    if errors:
        raise ValidationError(errors)


def _dependency_errors(
    project: Project, milestone: Milestone | None, depends_on: list[Milestone]
) -> dict[str, str]:
    if any(other.region_id != project.region_id for other in depends_on):
        return {"depends_on": _("Abhängigkeiten sind nur zu Meilensteinen dieser Region möglich.")}
    if milestone is None:
        return {}  # a new milestone has no followers yet, so it closes no circle
    if any(other.pk == milestone.pk for other in depends_on):
        return {"depends_on": _("Ein Meilenstein kann nicht von sich selbst abhängen.")}
    edges = Milestone.depends_on.through.objects.filter(
        from_milestone__region_id=project.region_id
    ).values_list("from_milestone_id", "to_milestone_id")
    circle = cycle_in(with_edges(edges, milestone.pk, [other.pk for other in depends_on]), start=milestone.pk)
    if not circle:
        return {}
    titles = dict(Milestone.objects.filter(pk__in=circle).values_list("pk", "title"))
    return {
        "depends_on": _(
            "Diese Abhängigkeiten ergäben einen Kreis: %(circle)s. Ein Meilenstein kann nicht "
            "(auch nicht über andere) von sich selbst abhängen."
        )
        % {"circle": " → ".join(titles[pk] for pk in circle)}
    }


@transaction.atomic
def save_milestone(
    *, project: Project, actor: Any, data: dict[str, Any], milestone: Milestone | None = None
) -> Milestone:
    """Create a milestone of ``project`` or change ``milestone``; ``data`` holds its fields and
    ``depends_on`` (milestones of the same region). Nothing is saved when anything is invalid."""
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError(_("Dieser Meilenstein gehört zu einem anderen Projekt."))
    _check(project, milestone, data)
    created = milestone is None
    if milestone is None:
        milestone = Milestone(project=project, region_id=project.region_id)
    for name in FIELDS:
        value = data.get(name, "" if name in ("responsible_person", "deliverable") else None)
        setattr(milestone, name, value.strip() if isinstance(value, str) else value)
    milestone.save()
    milestone.depends_on.set(data.get("depends_on", []))
    verb = _("angelegt") if created else _("geändert")
    record_event(
        action="milestone.created" if created else "milestone.changed",
        obj=milestone,
        actor=actor,
        region=project.region,
        details={
            "project": project.pk,
            "start": milestone.start.isoformat(),
            "end": milestone.end.isoformat(),
        },
    )
    record_part_change(
        project=project,
        actor=actor,
        summary=_("Fahrplan: „%(title)s“ %(verb)s") % {"title": milestone.title, "verb": verb},
    )
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone, actor: Any) -> None:
    """Remove a milestone; milestones that depended on it no longer do."""
    project = milestone.project
    title = milestone.title
    record_event(
        action="milestone.deleted",
        obj=milestone,
        actor=actor,
        region=project.region,
        details={"title": title},
    )
    milestone.delete()
    record_part_change(
        project=project, actor=actor, summary=_("Fahrplan: „%(title)s“ entfernt") % {"title": title}
    )
