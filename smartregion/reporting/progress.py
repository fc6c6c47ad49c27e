"""Progress from the projects to the fields of action and the strategy.

Pure computation over plain rows, so the page, the API, the report and the benchmark share it.

The rule:

- A project's progress is the percent of its latest status update; a completed project counts
  100 % whatever it reported last; a project without any status update counts 0 % (and is named).
- Its weight is the weight the coordinators set for it, else the region's basis: its total costs
  (investment and running costs of every year of its cost plan) or 1 for every project.
- A field's progress is the weighted mean of its projects' progress. A project in several fields
  counts fully in each. When the weights of a field's projects add up to 0 (costs weighted, but
  no costs planned yet), its projects count equally, and the field says so.
- The strategy's progress is the mean of its fields' progress, each field weighted by the sum of
  its projects' weights as they were used (fields without projects are left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class ProjectRow:
    project_id: int
    title: str
    slug: str
    field_ids: tuple[int, ...]
    progress: int | None  # of the latest status update; None: no update yet
    completed: bool
    costs: Decimal
    weight: Decimal | None  # set by the coordinators; None: by the basis


@dataclass(frozen=True)
class FieldRow:
    field_id: int
    name: str
    slug: str


@dataclass(frozen=True)
class ProjectProgress:
    project_id: int
    title: str
    slug: str
    progress: int
    weight: Decimal
    weight_source: str  # "gesetzt", "kosten", "gleich"
    reported: bool

    @property
    def weight_label(self) -> str:
        labels = {"gesetzt": _("gesetzt"), "kosten": _("Gesamtkosten"), "gleich": _("gleich")}
        return str(labels[self.weight_source])


@dataclass
class FieldProgress:
    field_id: int
    name: str
    slug: str
    progress: float | None  # None: no projects
    weight: Decimal
    equal_fallback: bool
    projects: list[ProjectProgress] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    basis: str  # "budget" or "gleich"
    strategy: float | None
    fields: list[FieldProgress]
    unreported: list[str]  # titles of projects without any status update


def rule(basis: str) -> str:
    """The rule of the module docstring in words, for pages, reports and the API."""
    weighting = _("nach ihren Gesamtkosten") if basis == "budget" else _("jedes gleich")
    return _(
        "Der Fortschritt eines Projekts ist der Prozentwert seiner letzten Statusmeldung; abgeschlossene "
        "Projekte zählen 100 %%, Projekte ohne Meldung 0 %%. Ein Handlungsfeld ist der gewichtete "
        "Mittelwert seiner Projekte (Projekte gewichtet %(weighting)s, sofern die Koordination kein "
        "eigenes Gewicht gesetzt hat; ohne geplante Kosten zählen sie gleich). Die Strategie ist der "
        "Mittelwert der Handlungsfelder, gewichtet mit der Summe der Gewichte ihrer Projekte."
    ) % {"weighting": weighting}


def project_progress(row: ProjectRow, basis: str) -> ProjectProgress:
    reported = row.progress if row.progress is not None else 0
    percent = 100 if row.completed else reported
    if row.weight is not None:
        weight, source = row.weight, "gesetzt"
    elif basis == "budget":
        weight, source = max(row.costs, ZERO), "kosten"
    else:
        weight, source = ONE, "gleich"
    return ProjectProgress(
        row.project_id, row.title, row.slug, percent, weight, source, row.progress is not None
    )


def _weighted_mean(projects: Sequence[ProjectProgress], weights: Sequence[Decimal]) -> float:
    total = sum(weights, ZERO)
    return float(sum((Decimal(p.progress) * w for p, w in zip(projects, weights, strict=True)), ZERO) / total)


def field_progress(field_row: FieldRow, projects: Sequence[ProjectProgress]) -> FieldProgress:
    if not projects:
        return FieldProgress(field_row.field_id, field_row.name, field_row.slug, None, ZERO, False)
    weights = [p.weight for p in projects]
    fallback = sum(weights, ZERO) == ZERO
    if fallback:
        weights = [ONE] * len(projects)
    return FieldProgress(
        field_row.field_id,
        field_row.name,
        field_row.slug,
        _weighted_mean(projects, weights),
        sum(weights, ZERO),
        fallback,
        list(projects),
    )


def roll_up(fields: Iterable[FieldRow], rows: Iterable[ProjectRow], basis: str) -> Progress:
    """The progress of every field and of the strategy, by the rule in the module docstring."""
    rows = list(rows)
    by_field: dict[int, list[ProjectProgress]] = {}
    for row in rows:
        shown = project_progress(row, basis)
        for field_id in row.field_ids:
            by_field.setdefault(field_id, []).append(shown)
    results = [field_progress(f, by_field.get(f.field_id, [])) for f in fields]
    counted = [r for r in results if r.progress is not None]
    total = sum((r.weight for r in counted), ZERO)
    strategy = (
        float(sum((Decimal(str(r.progress)) * r.weight for r in counted), ZERO) / total) if total else None
    )
    unreported = sorted({row.title for row in rows if row.progress is None and not row.completed})
    return Progress(basis, strategy, results, unreported)


def weights_used(progress: Progress) -> Mapping[int, tuple[Decimal, str]]:
    """Each project's weight and where it came from, once per project."""
    return {p.project_id: (p.weight, p.weight_source) for f in progress.fields for p in f.projects}
