"""The whole text of a strategy as one JSON document, and differences between two of them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from smartregion.core.versioning import Row, diff_row

if TYPE_CHECKING:
    from smartregion.strategy.models import Strategy


def snapshot_of(strategy: Strategy) -> dict[str, Any]:
    """Serialise title, vision, values and fields with goals, in their order (3 queries)."""
    from smartregion.strategy.models import FieldOfAction, Goal, Value

    fields = FieldOfAction.objects.filter(strategy=strategy).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("order", "pk"))
    )
    return {
        "title": strategy.title,
        "vision": strategy.vision,
        "values": [
            {"name": v.name, "description": v.description} for v in Value.objects.filter(strategy=strategy)
        ],
        "fields": [
            {
                "name": f.name,
                "slug": f.slug,
                "description": f.description,
                "colour": f.colour,
                "priority": f.priority or None,
                "priority_source": f.priority_source,
                "goals": [
                    {"text": g.text, "target_date": g.target_date.isoformat() if g.target_date else None}
                    for g in f.goals.all()
                ],
            }
            for f in fields
        ],
    }


@dataclass
class Comparison:
    title: Row
    vision: Row
    values: list[Row] = field(default_factory=list)
    fields: list[Row] = field(default_factory=list)

    def sections(self, *, show_unchanged: bool) -> list[tuple[str, list[Row]]]:
        """Captioned groups of rows to show; without ``show_unchanged`` only rows that changed."""
        groups = [
            (_("Titel und Leitbild"), [self.title, self.vision]),
            (_("Werte"), self.values),
            (_("Handlungsfelder und Ziele"), self.fields),
        ]
        shown = [
            (caption, [r for r in rows if show_unchanged or r.change != "same"]) for caption, rows in groups
        ]
        return [(caption, rows) for caption, rows in shown if rows]

    @property
    def unchanged_count(self) -> int:
        rows = [self.title, self.vision, *self.values, *self.fields]
        return sum(1 for row in rows if row.change == "same")

    @property
    def change_count(self) -> int:
        rows = [self.title, self.vision, *self.values, *self.fields]
        return sum(1 for row in rows if row.change != "same")


def _value_text(value: dict[str, Any]) -> str:
    return f"{value['name']}: {value['description']}" if value.get("description") else value["name"]


def _field_text(item: dict[str, Any]) -> str:
    lines = [item["name"]]
    if item.get("priority"):
        source = f" ({item['priority_source']})" if item.get("priority_source") else ""
        lines.append(f"Priorität {item['priority']}{source}")
    if item.get("description"):
        lines.append(item["description"])
    lines.extend(_goal_text(goal) for goal in item.get("goals", []))
    return "\n".join(lines)


def _goal_text(goal: dict[str, Any]) -> str:
    if not goal.get("target_date"):
        return f"• {goal['text']}"
    date = datetime.date.fromisoformat(goal["target_date"])
    return f"• {goal['text']} (bis {date:%d.%m.%Y})"


def _values_by_name(values: list[dict[str, Any]]) -> dict[str, str]:
    """Values keyed by name; a repeated name gets a count, so one value never hides another."""
    keyed: dict[str, str] = {}
    for value in values:
        key, count = value["name"], 1
        while key in keyed:
            count += 1
            key = f"{value['name']} ({count})"
        keyed[key] = _value_text(value)
    return keyed


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    """Compare two snapshots; values are matched by name, fields by slug."""
    comparison = Comparison(
        title=diff_row("Titel", old.get("title", ""), new.get("title", "")),
        vision=diff_row("Leitbild", old.get("vision", ""), new.get("vision", "")),
    )
    old_values = _values_by_name(old.get("values", []))
    new_values = _values_by_name(new.get("values", []))
    for name in _ordered_union(old_values, new_values):
        comparison.values.append(diff_row(name, old_values.get(name), new_values.get(name)))
    old_fields = {f["slug"]: f for f in old.get("fields", [])}
    new_fields = {f["slug"]: f for f in new.get("fields", [])}
    for slug in _ordered_union(old_fields, new_fields):
        before, after = old_fields.get(slug), new_fields.get(slug)
        label = (after or before or {}).get("name", slug)
        comparison.fields.append(
            diff_row(label, _field_text(before) if before else None, _field_text(after) if after else None)
        )
    return comparison


def _ordered_union(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    keys = list(second)
    keys.extend(key for key in first if key not in second)
    return keys
