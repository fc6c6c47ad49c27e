"""Personnel and financing of projects: needs, capacities, cost plans and funding sources.

Sums are checked under a lock on the project row, so two sources saved at once cannot together
exceed the costs. Every change records a new version of the project's profile.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.portfolio.models import Project
from smartregion.portfolio.services.projects import record_part_change
from smartregion.regions.models import Organisation, Region
from smartregion.roadmap.models import (
    CostLine,
    FundingProgramme,
    FundingSource,
    PersonnelNeed,
    SourceKind,
    SourceStatus,
    StaffCapacity,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
ZERO = Decimal(0)


def euro(amount: Decimal) -> str:
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


def _year_error(year: Any) -> str:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        return _("Bitte geben Sie ein Jahr zwischen %(first)s und %(last)s an.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return ""


def _amount_error(value: Any, *, what: str) -> str:
    if not isinstance(value, Decimal) or not value.is_finite():
        return _("Bitte geben Sie %(what)s als Zahl an.") % {"what": what}
    if value < 0:
        return _("%(what)s dürfen nicht negativ sein.") % {"what": what}
    return ""


def _organisation_error(organisation: Any, region_id: int, *, required: bool) -> str:
    if organisation is None:
        return _("Bitte wählen Sie eine Organisation.") if required else ""
    if not isinstance(organisation, Organisation) or organisation.region_id != region_id:
        return _("Die Organisation gehört nicht zu dieser Region.")
    return ""


def _raise(errors: dict[str, str]) -> None:
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise ValidationError(errors)


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("region").get(pk=project.pk)


# Personnel --------------------------------------------------------------------------------


@transaction.atomic
def save_personnel_need(
    *,
    project: Project,
    actor: Any,
    organisation: Organisation | None,
    year: int,
    fte: Decimal,
    tasks: str = "",
) -> PersonnelNeed | None:
    """Set what ``organisation`` needs for ``project`` in ``year``; 0 removes the entry."""
    project = _lock(project)
    _raise(
        {
            "organisation": _organisation_error(organisation, project.region_id, required=True),
            "year": _year_error(year),
            "fte": _amount_error(fte, what=_("Vollzeitäquivalente")),
        }
    )
    if fte > 999:
        _raise({"fte": _("Höchstens 999 Vollzeitäquivalente je Organisation und Jahr.")})
    if organisation is None:  # for the type checker: _raise refused it
        raise ValidationError(_("Bitte wählen Sie eine Organisation."))
    existing = PersonnelNeed.objects.filter(project=project, organisation=organisation, year=year).first()
    if fte == 0:
        if existing is not None:
            existing.delete()
        need = None
    else:
        need = existing or PersonnelNeed(
            project=project, organisation=organisation, year=year, region=project.region
        )
        need.fte, need.tasks = fte, tasks.strip()[:200]
        need.save()
    record_event(
        action="personnel.need_set",
        obj=project,
        actor=actor,
        region=project.region,
        details={"organisation": organisation.pk, "year": year, "fte": str(fte)},
    )
    record_part_change(
        project=project,
        actor=actor,
        summary=_("Personal: %(organisation)s %(year)s") % {"organisation": organisation.name, "year": year},
    )
    return need


@transaction.atomic
def save_capacity(
    *,
    region: Region,
    actor: Any,
    organisation: Organisation | None,
    year: int,
    filled: Decimal,
    vacant: Decimal,
    vacant_since: datetime.date | None = None,
    note: str = "",
) -> StaffCapacity:
    """Set the posts ``organisation`` has in ``year`` (filled and vacant, in full-time equivalents)."""
    _raise(
        {
            "organisation": _organisation_error(organisation, region.pk, required=True),
            "year": _year_error(year),
            "filled": _amount_error(filled, what=_("Besetzte Stellen")),
            "vacant": _amount_error(vacant, what=_("Unbesetzte Stellen")),
        }
    )
    if vacant_since is not None and vacant == 0:
        _raise({"vacant_since": _("Ein Datum „unbesetzt seit“ passt nur zu unbesetzten Stellen.")})
    if organisation is None:  # for the type checker: _raise refused it
        raise ValidationError(_("Bitte wählen Sie eine Organisation."))
    capacity, _created = StaffCapacity.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "region": region,
            "filled": filled,
            "vacant": vacant,
            "vacant_since": vacant_since,
            "note": note.strip()[:300],
        },
    )
    record_event(
        action="personnel.capacity_set",
        obj=capacity,
        actor=actor,
        region=region,
        details={"organisation": organisation.pk, "year": year, "filled": str(filled), "vacant": str(vacant)},
    )
    return capacity


# Financing --------------------------------------------------------------------------------


def covered_by(project: Project, *, leaving_out: FundingSource | None = None) -> Decimal:
    """What the project's sources that are not rejected add up to."""
    sources = FundingSource.objects.filter(project=project).exclude(status=SourceStatus.REJECTED)
    if leaving_out is not None and leaving_out.pk is not None:
        sources = sources.exclude(pk=leaving_out.pk)
    return sources.aggregate(total=Sum("amount"))["total"] or ZERO


def total_costs(project: Project) -> Decimal:
    totals = CostLine.objects.filter(project=project).aggregate(
        investment=Sum("investment"), running=Sum("running")
    )
    return (totals["investment"] or ZERO) + (totals["running"] or ZERO)


@transaction.atomic
def save_cost_plan(
    *, project: Project, actor: Any, lines: Mapping[int, tuple[Decimal, Decimal]]
) -> list[CostLine]:
    """Replace the project's cost plan: per year, investment and running costs (EUR).

    Refused when the project's sources would then exceed its costs.
    """
    project = _lock(project)
    errors: dict[str, str] = {}
    for year, (investment, running) in lines.items():
        errors[f"year_{year}"] = (
            _year_error(year)
            or _amount_error(investment, what=_("Investitionen"))
            or _amount_error(running, what=_("Laufende Kosten"))
        )
    _raise(errors)
    kept = {year: amounts for year, amounts in lines.items() if amounts[0] or amounts[1]}
    new_total = sum((investment + running for investment, running in kept.values()), ZERO)
    covered = covered_by(project)
    if covered > new_total:
        _raise(
            {
                "lines": _(
                    "Die Finanzierungsquellen (%(covered)s) übersteigen dann die Kosten (%(total)s). "
                    "Bitte passen Sie zuerst die Quellen an."
                )
                % {"covered": euro(covered), "total": euro(new_total)}
            }
        )
    CostLine.objects.filter(project=project).exclude(year__in=kept).delete()
    saved = []
    for year, (investment, running) in sorted(kept.items()):
        line, _created = CostLine.objects.update_or_create(
            project=project,
            year=year,
            defaults={"region": project.region, "investment": investment, "running": running},
        )
        saved.append(line)
    record_event(
        action="financing.costs_set",
        obj=project,
        actor=actor,
        region=project.region,
        details={"total": str(new_total)},
    )
    record_part_change(project=project, actor=actor, summary=_("Kostenplan geändert"))
    return saved


SOURCE_FIELDS = (
    "kind",
    "programme",
    "organisation",
    "budget_line",
    "amount",
    "funding_rate",
    "status",
    "applied_on",
    "decided_on",
    "note",
)


TEXT_FIELDS = ("budget_line", "note")


def _source_errors(project: Project, data: dict[str, Any]) -> dict[str, str]:
    kind, programme = data.get("kind"), data.get("programme")
    rate = data.get("funding_rate")
    applied, decided = data.get("applied_on"), data.get("decided_on")
    errors = {
        "kind": "" if kind in SourceKind.values else _("Bitte wählen Sie die Art der Quelle."),
        "status": ""
        if data.get("status") in SourceStatus.values
        else _("Bitte wählen Sie einen gültigen Stand."),
        "amount": _amount_error(data.get("amount"), what=_("Beträge")),
        "organisation": _organisation_error(
            data.get("organisation"), project.region_id, required=kind == SourceKind.BUDGET
        ),
    }
    if kind == SourceKind.PROGRAMME and not isinstance(programme, FundingProgramme):
        errors["programme"] = _("Bitte wählen Sie das Förderprogramm.")
    if kind == SourceKind.BUDGET and not str(data.get("budget_line") or "").strip():
        errors["budget_line"] = _("Bitte geben Sie die Haushaltsstelle an.")
    if rate is not None and (not isinstance(rate, Decimal) or not Decimal(0) <= rate <= 100):
        errors["funding_rate"] = _("Die Förderquote muss zwischen 0 und 100 Prozent liegen.")
    if applied and decided and decided < applied:
        errors["decided_on"] = _("Die Entscheidung kann nicht vor dem Antrag liegen.")
    return errors


@transaction.atomic
def save_funding_source(
    *, project: Project, actor: Any, data: dict[str, Any], source: FundingSource | None = None
) -> FundingSource:
    """Add a source to the project's financing or change ``source``.

    The sources that are not rejected may together cover at most the project's costs.
    """
    project = _lock(project)
    if source is not None and source.project_id != project.pk:
        raise ValidationError(_("Diese Quelle gehört zu einem anderen Projekt."))
    _raise(_source_errors(project, data))
    if data["kind"] != SourceKind.PROGRAMME:
        data = {**data, "programme": None}
    if data["status"] != SourceStatus.REJECTED:
        costs, others = total_costs(project), covered_by(project, leaving_out=source)
        if others + data["amount"] > costs:
            _raise(
                {
                    "amount": _(
                        "Mit diesem Betrag übersteigen die Quellen (%(sum)s) die Kosten des Projekts "
                        "(%(costs)s). Offen sind noch %(open)s."
                    )
                    % {
                        "sum": euro(others + data["amount"]),
                        "costs": euro(costs),
                        "open": euro(max(costs - others, ZERO)),
                    }
                }
            )
    created = source is None
    if source is None:
        source = FundingSource(project=project, region=project.region)
    for name in SOURCE_FIELDS:
        value = data.get(name, "" if name in TEXT_FIELDS else None)
        setattr(source, name, value.strip() if isinstance(value, str) else value)
    source.save()
    record_event(
        action="financing.source_saved",
        obj=source,
        actor=actor,
        region=project.region,
        details={
            "project": project.pk,
            "kind": source.kind,
            "amount": str(source.amount),
            "status": source.status,
        },
    )
    summary = _("Finanzierung: %(name)s %(verb)s") % {
        "name": source.name,
        "verb": _("hinzugefügt") if created else _("geändert"),
    }
    record_part_change(project=project, actor=actor, summary=summary)
    if source.programme_id is not None:
        from smartregion.roadmap.tasks import schedule_reminders

        schedule_reminders(source.programme_id)
    return source


@transaction.atomic
def delete_funding_source(*, source: FundingSource, actor: Any) -> None:
    project = _lock(source.project)
    name = source.name
    record_event(
        action="financing.source_deleted",
        obj=source,
        actor=actor,
        region=project.region,
        details={"name": name},
    )
    source.delete()
    record_part_change(
        project=project, actor=actor, summary=_("Finanzierung: %(name)s entfernt") % {"name": name}
    )
