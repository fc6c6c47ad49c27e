"""Checking answers against a survey's questions: one function used by the pages and the API.

Input comes keyed by question id (``{"12": 34}``), from a form or JSON; the clean result is keyed
``"q<id>"`` (JSON lookups would take a bare number for an array index) and holds only answers to
questions that are shown, in a canonical form: an option id, a list of option ids, a number, a
text, or for a matrix ``{"<row id>": option id}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from smartregion.core.params import parse_int
from smartregion.surveys.models import LIST_TYPES, SINGLE_TYPES, TEXT_TYPES, Question, QuestionType


@dataclass(frozen=True)
class QuestionSpec:
    """What the validator needs to know about a question (built once per request)."""

    id: int
    type: str
    text: str
    page: int
    required: bool
    options: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()
    max_choices: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    text_limit: int = 300
    show_if: tuple[int, int] | None = None  # (question id, option id)

    @property
    def key(self) -> str:
        return f"q{self.id}"


@dataclass
class Checked:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)


def specs_for(questions: Iterable[Question]) -> list[QuestionSpec]:
    """Specs of questions whose ``options`` and ``show_if_option`` are prefetched."""
    specs = []
    for question in questions:
        options = [o for o in question.options.all() if not o.is_row]
        rows = [o for o in question.options.all() if o.is_row]
        condition = question.show_if_option
        specs.append(
            QuestionSpec(
                id=question.pk,
                type=question.type,
                text=question.text,
                page=question.page,
                required=question.required,
                options=tuple(o.pk for o in options),
                rows=tuple(o.pk for o in rows),
                max_choices=question.max_choices,
                min_value=question.min_value,
                max_value=question.max_value,
                text_limit=question.text_limit,
                show_if=(condition.question_id, condition.pk) if condition else None,
            )
        )
    return specs


def is_shown(spec: QuestionSpec, answers: Mapping[str, Any]) -> bool:
    """A conditional question shows when the earlier answer is (or contains) the option."""
    if spec.show_if is None:
        return True
    question_id, option_id = spec.show_if
    given = answers.get(f"q{question_id}")
    if isinstance(given, list):
        return option_id in given
    return bool(given == option_id)


# At most 15 digits: every JSON reader (also those with only doubles) keeps such a number exact.
LARGEST_NUMBER = 10**15 - 1


def _as_int(value: Any) -> int | None:
    """A whole number from JSON or a form field; None for anything else. Text must be ASCII digits
    with an optional minus sign (see core.params): "²", "١", "1e5" or "1_0" are no numbers here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if -LARGEST_NUMBER <= value <= LARGEST_NUMBER else None
    if isinstance(value, str):
        return parse_int(value.strip(), minimum=-LARGEST_NUMBER, maximum=LARGEST_NUMBER)
    return None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _check_one(spec: QuestionSpec, value: Any) -> tuple[Any, str | None]:
    """The clean value, or an error message."""
    kind = spec.type
    if kind in SINGLE_TYPES:
        option = _as_int(value)
        if option is None or option not in spec.options:
            return None, _("Bitte wählen Sie eine der angebotenen Antworten.")
        return option, None
    if kind in LIST_TYPES:
        if not isinstance(value, list | tuple):
            value = [value]
        chosen = [_as_int(v) for v in value]
        if any(c is None or c not in spec.options for c in chosen):
            return None, _("Bitte wählen Sie nur angebotene Antworten.")
        if len(set(chosen)) != len(chosen):
            return None, _("Jede Antwort darf nur einmal gewählt werden.")
        if kind == QuestionType.RANKING:
            if len(chosen) != len(spec.options):
                return None, _("Bitte bringen Sie alle Antworten in eine Reihenfolge.")
        elif spec.max_choices and len(chosen) > spec.max_choices:
            return None, _("Bitte wählen Sie höchstens %(max)d Antworten.") % {"max": spec.max_choices}
        return chosen, None
    if kind == QuestionType.MATRIX:
        if not isinstance(value, Mapping):
            return None, _("Bitte beantworten Sie die Zeilen mit den angebotenen Antworten.")
        clean: dict[str, int] = {}
        for row, choice in value.items():
            row_id, option = _as_int(row), _as_int(choice)
            if row_id not in spec.rows or option not in spec.options:
                return None, _("Bitte beantworten Sie die Zeilen mit den angebotenen Antworten.")
            clean[str(row_id)] = int(option or 0)
        if spec.required and len(clean) < len(spec.rows):
            return None, _("Bitte beantworten Sie alle Zeilen.")
        return clean, None
    if kind == QuestionType.NUMBER:
        number = _as_int(value)
        if number is None:
            return None, _("Bitte geben Sie eine ganze Zahl mit den Ziffern 0 bis 9 ein.")
        if (spec.min_value is not None and number < spec.min_value) or (
            spec.max_value is not None and number > spec.max_value
        ):
            return None, _("Bitte geben Sie eine Zahl von %(min)s bis %(max)s ein.") % {
                "min": spec.min_value if spec.min_value is not None else "…",
                "max": spec.max_value if spec.max_value is not None else "…",
            }
        return number, None
    if kind in TEXT_TYPES:
        if not isinstance(value, str):
            return None, _("Bitte geben Sie einen Text ein.")
        text = value.replace("\x00", "").strip()
        if len(text) > spec.text_limit:
            return None, _("Bitte fassen Sie sich kürzer: höchstens %(max)d Zeichen.") % {
                "max": spec.text_limit
            }
        return text, None
    return None, _("Unbekannte Frageart.")


def check_answers(
    specs: list[QuestionSpec],
    given: Mapping[str, Any],
    *,
    pages: set[int] | None = None,
    earlier: Mapping[str, Any] | None = None,
) -> Checked:
    """Check the answers to the questions on ``pages`` (all when None).

    ``given`` is keyed by the question id as a string; keys of unknown questions are an error
    (a forged id or another survey's question). ``earlier`` holds clean answers of other pages,
    for the conditions.
    """
    result = Checked()
    known = {str(spec.id) for spec in specs}
    for key in given:
        if str(key) not in known:
            result.errors[0] = _("Die Antworten passen nicht zu den Fragen dieser Umfrage.")
            return result
    context: dict[str, Any] = dict(earlier or {})
    for spec in specs:
        if pages is not None and spec.page not in pages:
            continue
        context.pop(spec.key, None)
        if not is_shown(spec, context):
            continue
        value = given.get(str(spec.id))
        if _empty(value):
            if spec.required:
                result.errors[spec.id] = _("Bitte beantworten Sie diese Frage.")
            continue
        clean, error = _check_one(spec, value)
        if error:
            result.errors[spec.id] = error
        elif not _empty(clean):
            result.answers[spec.key] = clean
            context[spec.key] = clean
        elif spec.required:
            result.errors[spec.id] = _("Bitte beantworten Sie diese Frage.")
    return result
