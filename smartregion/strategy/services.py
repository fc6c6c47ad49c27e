"""Every write to a strategy. Each content change stores a new numbered version."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregion.core.models import record_event
from smartregion.core.updates import apply_changes
from smartregion.core.versioning import record_version
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import (
    DEFAULT_PHASES,
    FieldOfAction,
    Goal,
    MunicipalGoal,
    MunicipalStrategy,
    Phase,
    PhaseStatus,
    PriorityTier,
    Strategy,
    StrategyVersion,
    Value,
)
from smartregion.strategy.snapshots import snapshot_of


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _lock(strategy: Strategy) -> Strategy:
    """Serialise writers of one strategy, so version numbers never collide."""
    return Strategy.objects.select_for_update().get(pk=strategy.pk)


def _record_version(strategy: Strategy, actor: Any, summary: str) -> StrategyVersion:
    strategy.current_version += 1
    strategy.save(update_fields=["current_version"])
    version: StrategyVersion = record_version(
        strategy.versions,
        number=strategy.current_version,
        snapshot=snapshot_of(strategy),
        summary=summary,
        actor=actor,
        action="strategy.changed",
        obj=strategy,
        region=strategy.region,
    )
    return version


def _next_order(model: type[Model], **filters: Any) -> int:
    current = model.objects.filter(**filters).aggregate(m=Max("order"))["m"]  # type: ignore[attr-defined]
    return 0 if current is None else int(current) + 1


@transaction.atomic
def create_strategy(*, region: Region, title: str, vision: str = "", actor: Any = None) -> Strategy:
    """Create the region's strategy with the default process phases and version 1."""
    title = _required(title, "title", _("Bitte geben Sie einen Titel an."))
    if Strategy.objects.filter(region=region).exists():
        raise ValidationError(_("Diese Region hat bereits eine Strategie."))
    strategy = Strategy.objects.create(region=region, title=title, vision=vision)
    Phase.objects.bulk_create(
        Phase(strategy=strategy, name=name, order=i) for i, name in enumerate(DEFAULT_PHASES)
    )
    _record_version(strategy, actor, _("Strategie angelegt"))
    return strategy


@transaction.atomic
def update_vision(*, strategy: Strategy, actor: Any, title: str, vision: str) -> Strategy:
    """Change title and vision (Leitbild)."""
    strategy = _lock(strategy)
    strategy.title = _required(title, "title", _("Bitte geben Sie einen Titel an."))
    strategy.vision = vision or ""
    strategy.save(update_fields=["title", "vision"])
    _record_version(strategy, actor, _("Leitbild geändert"))
    return strategy


# Values -------------------------------------------------------------------------------


@transaction.atomic
def add_value(*, strategy: Strategy, actor: Any, name: str, description: str = "") -> Value:
    strategy = _lock(strategy)
    name = _required(name, "name", _("Bitte geben Sie einen Namen an."))
    value = Value.objects.create(
        strategy=strategy, name=name, description=description, order=_next_order(Value, strategy=strategy)
    )
    _record_version(strategy, actor, _("Wert „%(name)s“ hinzugefügt") % {"name": name})
    return value


@transaction.atomic
def update_value(*, value: Value, actor: Any, name: str, description: str = "") -> Value:
    strategy = _lock(value.strategy)
    value.name = _required(name, "name", _("Bitte geben Sie einen Namen an."))
    value.description = description
    value.save(update_fields=["name", "description"])
    _record_version(strategy, actor, _("Wert „%(name)s“ geändert") % {"name": value.name})
    return value


@transaction.atomic
def delete_value(*, value: Value, actor: Any) -> None:
    strategy = _lock(value.strategy)
    name = value.name
    value.delete()
    _record_version(strategy, actor, _("Wert „%(name)s“ entfernt") % {"name": name})


# Fields of action ---------------------------------------------------------------------


def _field_slug(strategy: Strategy, name: str, slug: str | None, exclude_pk: int | None) -> str:
    source = slug or name
    for umlaut, plain in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("ß", "ss"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
    ):
        source = source.replace(umlaut, plain)
    result = slugify(source)
    if not result:
        raise ValidationError({"slug": _("Bitte geben Sie einen Kurznamen aus Buchstaben oder Ziffern an.")})
    clash = FieldOfAction.objects.filter(strategy=strategy, slug=result)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "slug": _("Der Kurzname „%(slug)s“ ist in dieser Strategie bereits vergeben.")
                % {"slug": result}
            }
        )
    return result


def _check_priority(priority: str) -> str:
    if priority and priority not in PriorityTier.values:
        raise ValidationError({"priority": _("Die Priorität muss I, II oder III sein oder leer bleiben.")})
    return priority


@transaction.atomic
def add_field(
    *,
    strategy: Strategy,
    actor: Any,
    name: str,
    slug: str | None = None,
    description: str = "",
    colour: str = "#1d4f91",
    priority: str = "",
    priority_source: str = "",
) -> FieldOfAction:
    """Add a field of action at the end; its slug must be unique in the strategy."""
    strategy = _lock(strategy)
    name = _required(name, "name", _("Bitte geben Sie einen Namen an."))
    field = FieldOfAction(
        strategy=strategy,
        name=name,
        slug=_field_slug(strategy, name, slug, None),
        description=description,
        colour=colour or "#1d4f91",
        priority=_check_priority(priority),
        priority_source=priority_source,
        order=_next_order(FieldOfAction, strategy=strategy),
    )
    field.full_clean(exclude=["strategy"], validate_constraints=False)
    field.save()
    _record_version(strategy, actor, _("Handlungsfeld „%(name)s“ hinzugefügt") % {"name": name})
    return field


@transaction.atomic
def update_field(*, field: FieldOfAction, actor: Any, data: dict[str, Any]) -> FieldOfAction:
    """Change a field's name, slug, description, colour or priority."""
    strategy = _lock(field.strategy)
    field = FieldOfAction.objects.get(pk=field.pk)
    if "name" in data:
        field.name = _required(data["name"], "name", _("Bitte geben Sie einen Namen an."))
    if "slug" in data or "name" in data:
        field.slug = _field_slug(strategy, field.name, data.get("slug") or field.slug, field.pk)
    texts = ("description", "colour", "priority_source")
    apply_changes(field, {k: data[k] or "" for k in texts if k in data}, texts)
    if "priority" in data:
        field.priority = _check_priority(data["priority"] or "")
    field.full_clean(exclude=["strategy"], validate_constraints=False)
    field.save()
    _record_version(strategy, actor, _("Handlungsfeld „%(name)s“ geändert") % {"name": field.name})
    return field


@transaction.atomic
def set_field_priority(*, field: FieldOfAction, actor: Any, priority: str, source: str) -> FieldOfAction:
    """Set a field's priority tier with its source (e.g. a confirmed needs analysis)."""
    return update_field(field=field, actor=actor, data={"priority": priority, "priority_source": source})


@transaction.atomic
def delete_field(*, field: FieldOfAction, actor: Any) -> None:
    strategy = _lock(field.strategy)
    name = field.name
    field.delete()
    _record_version(strategy, actor, _("Handlungsfeld „%(name)s“ entfernt") % {"name": name})


# Goals --------------------------------------------------------------------------------


def _check_goal_field(strategy: Strategy, field: FieldOfAction) -> None:
    if field.strategy_id != strategy.pk:
        raise ValidationError({"field": _("Dieses Handlungsfeld gehört nicht zu dieser Strategie.")})


@transaction.atomic
def add_goal(
    *,
    strategy: Strategy,
    field: FieldOfAction,
    actor: Any,
    text: str,
    target_date: datetime.date | None = None,
) -> Goal:
    """Add a goal to a field of this strategy (a field of another strategy is refused)."""
    strategy = _lock(strategy)
    _check_goal_field(strategy, field)
    text = _required(text, "text", _("Bitte beschreiben Sie das Ziel."))
    goal = Goal.objects.create(
        field=field, text=text, target_date=target_date, order=_next_order(Goal, field=field)
    )
    _record_version(
        strategy, actor, _("Ziel im Handlungsfeld „%(field)s“ hinzugefügt") % {"field": field.name}
    )
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, actor: Any, text: str, target_date: datetime.date | None = None) -> Goal:
    strategy = _lock(goal.field.strategy)
    goal.text = _required(text, "text", _("Bitte beschreiben Sie das Ziel."))
    goal.target_date = target_date
    goal.save(update_fields=["text", "target_date"])
    _record_version(
        strategy, actor, _("Ziel im Handlungsfeld „%(field)s“ geändert") % {"field": goal.field.name}
    )
    return goal


@transaction.atomic
def delete_goal(*, goal: Goal, actor: Any) -> None:
    strategy = _lock(goal.field.strategy)
    field_name = goal.field.name
    goal.delete()
    _record_version(strategy, actor, _("Ziel im Handlungsfeld „%(field)s“ entfernt") % {"field": field_name})


# Ordering -----------------------------------------------------------------------------


@transaction.atomic
def move(*, item: Value | FieldOfAction | Goal, actor: Any, direction: str) -> None:
    """Move a value, field or goal one place up or down among its siblings."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unbekannte Richtung."))
    siblings: list[Value | FieldOfAction | Goal]
    if isinstance(item, Goal):
        strategy = _lock(item.field.strategy)
        siblings = list(Goal.objects.filter(field_id=item.field_id))
    elif isinstance(item, FieldOfAction):
        strategy = _lock(item.strategy)
        siblings = list(FieldOfAction.objects.filter(strategy=strategy))
    else:
        strategy = _lock(item.strategy)
        siblings = list(Value.objects.filter(strategy=strategy))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    _record_version(strategy, actor, _("Reihenfolge geändert"))


# Versions -----------------------------------------------------------------------------


@transaction.atomic
def fix_version(
    *,
    version: StrategyVersion,
    actor: Any,
    name: str,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> StrategyVersion:
    """Fix a version under a name (e.g. adopted by the Kreistag). A fixed version stays as it is."""
    version = StrategyVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_fixed:
        raise ValidationError(
            _("Diese Fassung ist bereits festgeschrieben und kann nicht mehr geändert werden.")
        )
    version.fixed_name = _required(name, "name", _("Bitte geben Sie der Fassung einen Namen."))
    version.fixed_note = note
    version.fixed_on = decided_on
    version.save(update_fields=["fixed_name", "fixed_note", "fixed_on"])
    record_event(
        action="strategy.version_fixed",
        obj=version,
        actor=actor,
        region=version.strategy.region,
        details={"version": version.number, "name": version.fixed_name},
    )
    return version


# Process phases -----------------------------------------------------------------------


@transaction.atomic
def update_phase(
    *,
    phase: Phase,
    actor: Any,
    name: str,
    status: str,
    start: datetime.date | None,
    end: datetime.date | None,
    description: str = "",
) -> Phase:
    """Change a phase of the process; the end may not lie before the start."""
    if status not in PhaseStatus.values:
        raise ValidationError({"status": _("Bitte wählen Sie einen gültigen Stand.")})
    if start and end and end < start:
        raise ValidationError({"end": _("Das Ende darf nicht vor dem Beginn liegen.")})
    phase.name = _required(name, "name", _("Bitte geben Sie einen Namen an."))
    phase.status, phase.start, phase.end, phase.description = status, start, end, description
    phase.save()
    record_event(action="strategy.phase_changed", obj=phase, actor=actor, region=phase.strategy.region)
    return phase


# Municipal strategies -----------------------------------------------------------------


@transaction.atomic
def derive_municipal_strategy(
    *, municipality: Municipality, actor: Any, fields: list[FieldOfAction], introduction: str = ""
) -> MunicipalStrategy:
    """Derive a municipality's strategy from the current version of its region's strategy."""
    strategy = Strategy.objects.filter(region_id=municipality.region_id).first()
    if strategy is None:
        raise ValidationError(_("Die Region hat noch keine Strategie, von der abgeleitet werden kann."))
    if MunicipalStrategy.objects.filter(municipality=municipality).exists():
        raise ValidationError(_("Diese Kommune hat bereits eine abgeleitete Strategie."))
    _check_fields(strategy, fields)
    version = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version)
    derived = MunicipalStrategy.objects.create(
        municipality=municipality, derived_from=version, introduction=introduction
    )
    derived.fields.set(fields)
    record_event(
        action="strategy.derived",
        obj=derived,
        actor=actor,
        region=municipality.region,
        details={"version": version.number, "fields": [f.slug for f in fields]},
    )
    return derived


def _check_fields(strategy: Strategy, fields: list[FieldOfAction]) -> None:
    if any(field.strategy_id != strategy.pk for field in fields):
        raise ValidationError(
            {"fields": _("Es können nur Handlungsfelder der eigenen Region gewählt werden.")}
        )


@transaction.atomic
def update_municipal_strategy(
    *, municipal_strategy: MunicipalStrategy, actor: Any, fields: list[FieldOfAction], introduction: str
) -> MunicipalStrategy:
    strategy = municipal_strategy.derived_from.strategy
    _check_fields(strategy, fields)
    municipal_strategy.introduction = introduction
    municipal_strategy.save(update_fields=["introduction", "updated_at"])
    municipal_strategy.fields.set(fields)
    record_event(
        action="strategy.municipal_changed", obj=municipal_strategy, actor=actor, region=strategy.region
    )
    return municipal_strategy


@transaction.atomic
def add_municipal_goal(
    *, municipal_strategy: MunicipalStrategy, field: FieldOfAction, actor: Any, text: str, measures: str = ""
) -> MunicipalGoal:
    """Add the municipality's own goal and measures to one of its chosen fields."""
    if not municipal_strategy.fields.filter(pk=field.pk).exists():
        raise ValidationError({"field": _("Wählen Sie zuerst dieses Handlungsfeld für Ihre Strategie.")})
    text = _required(text, "text", _("Bitte beschreiben Sie das Ziel."))
    goal = MunicipalGoal.objects.create(
        municipal_strategy=municipal_strategy,
        field=field,
        text=text,
        measures=measures,
        order=_next_order(MunicipalGoal, municipal_strategy=municipal_strategy),
    )
    record_event(
        action="strategy.municipal_goal_added",
        obj=goal,
        actor=actor,
        region=municipal_strategy.municipality.region,
    )
    return goal


@transaction.atomic
def accept_upstream_changes(*, municipal_strategy: MunicipalStrategy, actor: Any) -> MunicipalStrategy:
    """Mark the region's current version as the one the municipal strategy builds on."""
    strategy = municipal_strategy.derived_from.strategy
    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version)
    municipal_strategy.derived_from = latest
    municipal_strategy.save(update_fields=["derived_from", "updated_at"])
    record_event(
        action="strategy.upstream_accepted",
        obj=municipal_strategy,
        actor=actor,
        region=strategy.region,
        details={"version": latest.number},
    )
    return municipal_strategy
