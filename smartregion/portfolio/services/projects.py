"""Writes of project profiles: create, change (refusing stale edits), lifecycle, adoption."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregion.core import modules, scoping
from smartregion.core.graphs import cycle_in, with_edges
from smartregion.core.models import record_event
from smartregion.core.updates import apply_changes
from smartregion.core.versioning import Row, record_version
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import (
    NEEDS_REASON,
    TRANSITIONS,
    Maturity,
    Project,
    ProjectStatus,
    ProjectVersion,
)
from smartregion.portfolio.snapshots import changed_parts, snapshot_of
from smartregion.regions.models import Municipality, Region

SCALAR_FIELDS = (
    "title",
    "summary",
    "starting_point",
    "goals",
    "measures",
    "target_groups",
    "lead_organisation",
    "lead_person",
    "partners",
    "start_date",
    "end_date",
    "indicators",
    "risks",
    "maturity",
)
RELATED_FIELDS = ("fields", "municipalities", "dependencies")


class StaleEditError(ValidationError):
    """Someone saved the profile since the editor opened it; ``changes`` shows what they changed."""

    def __init__(self, changes: list[Row], current_version: int) -> None:
        super().__init__(
            _(
                "Jemand hat den Steckbrief gespeichert, während Sie ihn bearbeitet haben. Ihre Änderungen "
                "wurden nicht gespeichert, damit nichts überschrieben wird. Was sich inzwischen geändert "
                "hat, sehen Sie oben auf dieser Seite."
            )
        )
        self.changes = changes
        self.current_version = current_version


class AlreadyAdoptedError(ValidationError):
    """The project is already reused by this municipality (or by this region as a whole)."""

    def __init__(self, existing: Project) -> None:
        super().__init__(
            _("Dieses Projekt wird dort bereits nachgenutzt: „%(title)s“.") % {"title": existing.title},
            code="already_adopted",
        )
        self.existing = existing


# Fixed words of the project URLs (projekte/neu/, projekte/import/) are never a project's slug.
RESERVED_SLUGS = frozenset({"neu", "import"})


def _unique_slug(region: Region, title: str, exclude_pk: int | None = None) -> str:
    for umlaut, plain in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("ß", "ss"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
    ):
        title = title.replace(umlaut, plain)
    base = slugify(title)[:70] or "projekt"
    candidates = Project.objects.filter(region=region, slug__startswith=base)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    taken = set(candidates.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _check_related(region: Region, data: dict[str, Any], project: Project | None) -> None:
    """Fields, municipalities, lead organisation and dependencies must belong to the region."""
    errors: dict[str, str] = {}
    if any(f.strategy.region_id != region.pk for f in data.get("fields", [])):
        errors["fields"] = _("Es können nur Handlungsfelder dieser Region gewählt werden.")
    if any(m.region_id != region.pk for m in data.get("municipalities", [])):
        errors["municipalities"] = _("Es können nur Kommunen dieser Region gewählt werden.")
    lead = data.get("lead_organisation")
    if lead is not None and lead.region_id != region.pk:
        errors["lead_organisation"] = _("Die federführende Organisation gehört nicht zu dieser Region.")
    dependencies = data.get("dependencies", [])
    if any(d.region_id != region.pk for d in dependencies):
        errors["dependencies"] = _("Abhängigkeiten sind nur zu Projekten dieser Region möglich.")
    elif project is not None and any(d.pk == project.pk for d in dependencies):
        errors["dependencies"] = _("Ein Projekt kann nicht von sich selbst abhängen.")
    elif project is not None and "dependencies" in data:
        circle = _dependency_circle(region, project, dependencies)
        if circle:
            errors["dependencies"] = _(
                "Diese Abhängigkeiten ergäben einen Kreis: %(circle)s. Ein Projekt kann nicht "
                "(auch nicht über andere) von sich selbst abhängen."
            ) % {"circle": " → ".join(circle)}
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
    if data.get("maturity") and data["maturity"] not in Maturity.values:
        errors["maturity"] = _("Bitte wählen Sie einen gültigen Reifegrad.")
    if errors:
        raise ValidationError(errors)


def _dependency_circle(region: Region, project: Project, dependencies: list[Project]) -> list[str]:
    """The titles along the circle that ``dependencies`` would close, or [] if they close none."""
    edges = Project.dependencies.through.objects.filter(from_project__region=region).values_list(
        "from_project_id", "to_project_id"
    )
    circle = cycle_in(with_edges(edges, project.pk, [d.pk for d in dependencies]), start=project.pk)
    if not circle:
        return []
    titles = dict(Project.objects.filter(pk__in=circle).values_list("pk", "title"))
    return [titles[pk] for pk in circle]


def _apply(project: Project, data: dict[str, Any]) -> None:
    apply_changes(project, data, SCALAR_FIELDS, none_as_blank=set(SCALAR_FIELDS) - set(_NULLABLE))
    if not (project.title or "").strip():
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    project.title = project.title.strip()


_NULLABLE = {"lead_organisation", "start_date", "end_date"}


def _set_related(project: Project, data: dict[str, Any]) -> None:
    for name in RELATED_FIELDS:
        if name in data:
            getattr(project, name).set(data[name])


def _record_version(project: Project, actor: Any, summary: str) -> ProjectVersion:
    version: ProjectVersion = record_version(
        project.versions,
        number=project.version,
        snapshot=snapshot_of(project),
        summary=summary,
        actor=actor,
        action="project.changed",
        obj=project,
        region=project.region,
    )
    return version


@transaction.atomic
def create_project(
    *,
    region: Region,
    actor: Any,
    data: dict[str, Any],
    status: str = ProjectStatus.IDEA,
    is_example: bool = False,
) -> Project:
    """Create a profile (version 1). ``data`` holds profile fields and related lists."""
    _check_related(region, data, None)
    project = Project(region=region, status=status, is_example=is_example)
    _apply(project, data)
    project.slug = _unique_slug(region, project.title)
    project.full_clean(exclude=["region"], validate_constraints=False)
    project.save()
    _set_related(project, data)
    _record_version(project, actor, _("Steckbrief angelegt"))
    return project


@transaction.atomic
def change_project(*, project: Project, editor: Any, data: dict[str, Any], expected_version: int) -> Project:
    """Save an edit made on ``expected_version``; raise StaleEditError if the profile moved on since."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.version != expected_version:
        base = ProjectVersion.objects.filter(project=project, number=expected_version).first()
        old = base.snapshot if base else {}
        raise StaleEditError(changed_parts(old, snapshot_of(project)), project.version)
    _check_related(project.region, data, project)
    _apply(project, data)
    project.full_clean(exclude=["region", "slug"], validate_constraints=False)
    project.version += 1
    project.save()
    _set_related(project, data)
    _record_version(project, editor, _("Steckbrief bearbeitet"))
    return project


@transaction.atomic
def record_part_change(*, project: Project, actor: Any, summary: str) -> Project:
    """A new version of the profile after another module changed a part of it (e.g. its plan)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.version += 1
    project.save(update_fields=["version", "updated_at"])
    _record_version(project, actor, summary)
    return project


def allowed_transitions(project: Project) -> tuple[str, ...]:
    return TRANSITIONS.get(project.status, ())


def offered_transitions(project: Project, actor: Any) -> tuple[list[str], list[str]]:
    """The steps to offer from the current status, and why the others that the lifecycle allows
    are refused by another module's guard (each reason once), so no button leads to a refusal."""
    offered: list[str] = []
    reasons: list[str] = []
    for target in allowed_transitions(project):
        refusals = modules.transition_refusals(project, target, actor, project.region)
        if refusals:
            reasons.extend(reason for reason in refusals if reason not in reasons)
        else:
            offered.append(target)
    return offered, reasons


@transaction.atomic
def transition_project(*, project: Project, actor: Any, to: str, reason: str = "") -> Project:
    """Move a project along its lifecycle; only allowed steps, with a reason where needed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to not in allowed_transitions(project):
        raise ValidationError(
            {
                "to": _("Von „%(from)s“ kann ein Projekt nicht nach „%(to)s“ wechseln.")
                % {
                    "from": project.get_status_display(),
                    "to": ProjectStatus(to).label if to in ProjectStatus.values else to,
                }
            }
        )
    reason = (reason or "").strip()
    if to in NEEDS_REASON and not reason:
        raise ValidationError(
            {"reason": _("Bitte begründen Sie, warum das Projekt zurückgestellt oder verworfen wird.")}
        )
    refusals = modules.transition_refusals(project, to, actor, project.region)
    if refusals:
        raise ValidationError({"to": refusals})
    old, old_status = project.get_status_display(), project.status
    project.status = to
    project.status_reason = reason
    project.version += 1
    project.save(update_fields=["status", "status_reason", "version", "updated_at"])
    _record_version(
        project, actor, _("Stand: %(old)s → %(new)s") % {"old": old, "new": project.get_status_display()}
    )
    record_event(
        action="project.status_changed",
        obj=project,
        actor=actor,
        region=project.region,
        details={"from": old_status, "to": to},
    )
    return project


@transaction.atomic
def create_project_from_idea(*, idea: Idea, actor: Any) -> Project:
    """Start a profile (Steckbrief in Arbeit) from a published idea, linked to it; once per idea."""
    # The lock serialises two coordinators turning the same idea into a profile at once.
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("region", "field", "municipality")
        .get(pk=idea.pk)
    )
    if idea.projects.exists():
        raise ValidationError(
            _("Aus dieser Idee ist bereits ein Steckbrief entstanden."), code="already_has_project"
        )
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(_("Nur veröffentlichte Ideen können zu einem Steckbrief werden."))
    data: dict[str, Any] = {
        "title": idea.title,
        "summary": idea.description,
        "fields": [idea.field] if idea.field else [],
        "municipalities": [idea.municipality] if idea.municipality else [],
    }
    project = create_project(region=idea.region, actor=actor, data=data, status=ProjectStatus.DRAFTING)
    project.source_ideas.add(idea)
    return project


@transaction.atomic
@scoping.across_regions  # the copy may go into another region than the page it is made from
def adopt_project(
    *, project: Project, actor: Any, region: Region, municipality: Municipality | None = None
) -> Project:
    """Create a linked copy of a project for another municipality or region (Nachnutzung).

    The copy starts as "Steckbrief in Arbeit"; the original keeps a link to every reuse.
    """
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("Diese Kommune gehört nicht zu der gewählten Region.")})
    if region.pk == project.region_id and municipality is None:
        raise ValidationError({"municipality": _("Bitte wählen Sie die Kommune, die das Projekt nachnutzt.")})
    # The lock on the original serialises two adoptions of it at once; the unique constraints
    # (one copy per original and municipality, or per original and region) back this up.
    project = Project.objects.select_for_update(of=("self",)).select_related("region").get(pk=project.pk)
    existing = Project.objects.filter(
        adopted_from=project, region=region, adopted_by_municipality=municipality
    ).first()
    if existing is not None:
        raise AlreadyAdoptedError(existing)
    data = {name: getattr(project, name) for name in SCALAR_FIELDS}
    same_region = region.pk == project.region_id
    if not same_region:
        data["lead_organisation"] = None
    data["municipalities"] = [municipality] if municipality else []
    if same_region:
        data["fields"] = list(project.fields.all())
    copy = create_project(region=region, actor=actor, data=data, status=ProjectStatus.DRAFTING)
    copy.adopted_from = project
    copy.adopted_by_municipality = municipality
    copy.save(update_fields=["adopted_from", "adopted_by_municipality"])
    record_event(
        action="project.adopted",
        obj=copy,
        actor=actor,
        region=region,
        details={"original": project.pk, "original_region": project.region.slug},
    )
    return copy
