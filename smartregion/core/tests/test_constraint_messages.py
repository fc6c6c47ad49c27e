"""Every database constraint of every app speaks German to the person who breaks it.

A constraint without its own ``violation_error_message`` shows Django's "Bedingung „<name>“ ist
nicht erfüllt." (and a UniqueConstraint over fields "<Modell> mit diesen <Feldern> existiert
bereits."); a constraint whose message belongs at one field names that field through
``FieldConstraintsModel.constraint_fields``.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import BaseConstraint, CheckConstraint, UniqueConstraint
from django.utils import translation

from smartregion.core.constraints import FieldConstraintsModel, errors_at_fields

# A German sentence uses at least one of these words; an English or technical text none.
GERMAN_WORDS = re.compile(
    r"\b(der|die|das|den|dem|des|ein|eine|einen|einem|einer|ist|sind|nicht|kein|keine|schon|"
    r"bitte|muss|darf|kann|können|liegt|gibt|es|für|mit|vor|nach|zwischen|und|oder|sie|ihre|jede|je)\b",
    re.IGNORECASE,
)


def project_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("smartregion.")
        for model in config.get_models()
    ]


def all_constraints() -> list[tuple[type[models.Model], BaseConstraint]]:
    return [(model, constraint) for model in project_models() for constraint in model._meta.constraints]


def constraint_id(case: tuple[type[models.Model], BaseConstraint]) -> str:
    model, constraint = case
    return f"{model._meta.label}.{constraint.name}"


def test_every_app_is_walked() -> None:
    labels = {model._meta.app_label for model, _constraint in all_constraints()}
    assert {"accounts", "strategy", "portfolio", "roadmap", "surveys", "events", "regions"} <= labels
    assert len(all_constraints()) >= 50


@pytest.mark.parametrize("case", all_constraints(), ids=constraint_id)
def test_constraint_has_its_own_german_message(case: tuple[type[models.Model], BaseConstraint]) -> None:
    _model, constraint = case
    with translation.override("de"):
        message = str(constraint.violation_error_message)
        default = str(constraint.default_violation_error_message) % {"name": constraint.name}
    assert constraint.violation_error_message != constraint.default_violation_error_message, (
        f"{constraint_id(case)} hat keine eigene violation_error_message; gezeigt würde „{default}“."
    )
    assert message != default
    assert constraint.name not in message, f"{constraint_id(case)} nennt seinen Namen: {message!r}"
    assert "%(" not in message, f"{constraint_id(case)}: Platzhalter in {message!r}"
    assert GERMAN_WORDS.search(message), f"{constraint_id(case)}: kein deutscher Satz: {message!r}"
    assert message.rstrip().endswith((".", "!")), f"{constraint_id(case)}: kein ganzer Satz: {message!r}"


UNIQUE_OVER_FIELDS = [
    (model, constraint)
    for model, constraint in all_constraints()
    if isinstance(constraint, UniqueConstraint) and constraint.fields
]


@pytest.mark.parametrize("case", UNIQUE_OVER_FIELDS, ids=constraint_id)
def test_a_unique_constraint_does_not_fall_back_to_djangos_message(
    case: tuple[type[models.Model], UniqueConstraint],
) -> None:
    """Django keeps its own "… mit diesem … existiert bereits." for a UniqueConstraint over fields
    unless the message is replaced; the test asks for the replacement on every one."""
    model, constraint = case
    instance = model()
    with translation.override("de"):
        djangos = str(instance.unique_error_message(model, tuple(constraint.fields)).message)
        message = str(constraint.violation_error_message)
    assert "existiert bereits" not in message
    assert message != djangos


@pytest.mark.parametrize(
    "model",
    [model for model in project_models() if issubclass(model, FieldConstraintsModel)],
    ids=lambda model: model._meta.label,
)
def test_a_constraint_field_is_a_field_the_constraint_reads(model: type[FieldConstraintsModel]) -> None:
    """A message shown at a field must belong to a constraint that reads that field: a form without
    the field then does not check the constraint, and never gets an error for a field it lacks."""
    by_code = {constraint.violation_error_code: constraint for constraint in model._meta.constraints}
    assert model.constraint_fields, f"{model._meta.label} zeigt keine Meldung an einem Feld"
    for code, field_name in model.constraint_fields.items():
        assert code in by_code, f"{model._meta.label}: keine Bedingung mit dem Code {code!r}"
        constraint = by_code[code]
        model._meta.get_field(field_name)
        if isinstance(constraint, UniqueConstraint):
            read = set(constraint.fields)
        else:
            assert isinstance(constraint, CheckConstraint)
            read = {name.split("__")[0] for name in _names_in(constraint.condition)}
        assert field_name in read, f"{model._meta.label}.{constraint.name} liest {field_name!r} nicht"


def _names_in(node: object) -> set[str]:
    if isinstance(node, models.Q):
        names: set[str] = set()
        for child in node.children:
            if isinstance(child, tuple):
                names.add(child[0])
                names |= _names_in(child[1])
            else:
                names |= _names_in(child)
        return names
    if isinstance(node, models.F):
        return {node.name}
    return set()


def test_errors_at_fields_moves_only_the_named_codes() -> None:
    error = ValidationError(
        {
            NON_FIELD_ERRORS: [
                ValidationError("Das Ende muss nach dem Beginn liegen.", code="ends_before_start"),
                ValidationError("Etwas anderes.", code="other"),
            ],
            "title": [ValidationError("Bitte geben Sie einen Titel an.", code="required")],
        }
    )
    moved = errors_at_fields(error, {"ends_before_start": "end"}).message_dict
    assert moved == {
        "end": ["Das Ende muss nach dem Beginn liegen."],
        NON_FIELD_ERRORS: ["Etwas anderes."],
        "title": ["Bitte geben Sie einen Titel an."],
    }
