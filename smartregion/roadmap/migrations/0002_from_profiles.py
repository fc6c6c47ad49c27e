"""Carry what project profiles said about costs, personnel and financing into the new structures.

- Estimated costs become the cost plan's investment in the project's first year (or the year the
  profile was created), with a note saying so.
- A personnel need that reads as one number of posts ("0,5 Stellen", "1 VZÄ") becomes that need
  of the lead organisation in the first year; anything else is kept word for word as a note.
- The financing outline is free text; it is kept word for word as a note.

Nothing is lost: going back writes the figures and notes into the old fields again.
"""

import re
from decimal import Decimal

from django.db import migrations

POSTS = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:VZÄ|FTE|Vollzeitstellen?|Stellen?|Personalstellen?)\s*", re.IGNORECASE)


def _german(amount):
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _year(project):
    return (project.start_date or project.created_at).year


def forward(apps, schema_editor):
    Project = apps.get_model("portfolio", "Project")
    CostLine = apps.get_model("roadmap", "CostLine")
    PersonnelNeed = apps.get_model("roadmap", "PersonnelNeed")
    PlanNote = apps.get_model("roadmap", "PlanNote")
    projects = Project.objects.exclude(estimated_costs__isnull=True, personnel_need="", financing_outline="")
    for project in projects.iterator():
        note = {"costs": "", "personnel": "", "financing": project.financing_outline.strip()}
        year = _year(project)
        if project.estimated_costs is not None:
            CostLine.objects.create(
                region_id=project.region_id, project=project, year=year, investment=project.estimated_costs, running=0
            )
            note["costs"] = (
                f"Aus dem Steckbrief übernommen: geschätzte Kosten {_german(project.estimated_costs)} €, "
                f"im Kostenplan als Investitionen {year} eingetragen."
            )
        need = project.personnel_need.strip()
        match = POSTS.fullmatch(need) if need else None
        if match and project.lead_organisation_id is not None:
            PersonnelNeed.objects.create(
                region_id=project.region_id,
                project=project,
                organisation_id=project.lead_organisation_id,
                year=year,
                fte=Decimal(match.group(1).replace(",", ".")),
                tasks="",
            )
        elif need:
            note["personnel"] = need
        if any(note.values()):
            PlanNote.objects.create(region_id=project.region_id, project=project, **note)


def backward(apps, schema_editor):
    Project = apps.get_model("portfolio", "Project")
    CostLine = apps.get_model("roadmap", "CostLine")
    PersonnelNeed = apps.get_model("roadmap", "PersonnelNeed")
    PlanNote = apps.get_model("roadmap", "PlanNote")
    for project in Project.objects.iterator():
        lines = list(CostLine.objects.filter(project=project))
        needs = list(PersonnelNeed.objects.filter(project=project))
        note = PlanNote.objects.filter(project=project).first()
        changed = []
        if lines:
            project.estimated_costs = sum((line.investment + line.running for line in lines), Decimal(0))
            changed.append("estimated_costs")
        personnel = [f"{_german(need.fte)} VZÄ ({need.year})" for need in needs]
        if note and note.personnel:
            personnel.append(note.personnel)
        if personnel:
            project.personnel_need = "; ".join(personnel)[:200]
            changed.append("personnel_need")
        if note and note.financing:
            project.financing_outline = note.financing
            changed.append("financing_outline")
        if changed:
            project.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_plans"), ("portfolio", "0004_ideas_moved_to_their_own_app")]

    operations = [migrations.RunPython(forward, backward)]
