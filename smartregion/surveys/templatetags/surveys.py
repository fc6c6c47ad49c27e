"""Small lookups the survey templates need (dict items, options and rows of a question)."""

from __future__ import annotations

from typing import Any

from django import template

from smartregion.core.forms import SummaryError
from smartregion.surveys.models import Option, Question

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key, mapping.get(str(key)))


@register.filter
def question_errors(items: Any, errors: dict[int, str]) -> list[SummaryError]:
    """The errors of a page of questions (``view.items``) for the error summary, each linked to
    its question."""
    return [
        SummaryError(str(errors[question.pk]), question.text, f"id_q{question.pk}")
        for question, _value in items
        if errors.get(question.pk)
    ]


@register.filter
def contains(value: Any, item: Any) -> bool:
    if isinstance(value, list):
        return item in value or str(item) in value
    return value == item or value == str(item)


@register.filter
def columns(question: Question) -> list[Option]:
    return [o for o in question.options.all() if not o.is_row]


@register.filter
def rows(question: Question) -> list[Option]:
    return [o for o in question.options.all() if o.is_row]


@register.filter
def places(question: Question) -> range:
    return range(1, len(columns(question)) + 1)


@register.filter
def rank_of(value: Any, option_id: int) -> int | None:
    if isinstance(value, list) and option_id in value:
        return value.index(option_id) + 1
    return None


@register.simple_tag
def chart(bars: Any, title: str, unit: str = "%") -> Any:
    from smartregion.surveys.charts import bar_chart

    return bar_chart(bars, title, unit=unit)
