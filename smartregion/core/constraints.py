"""A database constraint's message, shown at the field it concerns.

Every constraint carries its own German ``violation_error_message`` (the test
``core/tests/test_constraint_messages.py`` walks them all), so a person never reads a constraint's
name. Django puts the message of a CheckConstraint, and of a UniqueConstraint over several
fields, above the form; a model that derives from ``FieldConstraintsModel`` names, by each
constraint's ``violation_error_code``, the field whose input the message is about, and the
message is shown there instead (in a ModelForm, and in ``full_clean``'s errors by field).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def errors_at_fields(error: ValidationError, fields: Mapping[str, str]) -> ValidationError:
    """``error`` with each message of the whole form whose code ``fields`` maps moved to that field."""
    if not hasattr(error, "error_dict"):
        return error
    moved: dict[str, list[ValidationError]] = {}
    for field, errors in error.error_dict.items():
        for one in errors:
            target = fields.get(one.code or "", field) if field == NON_FIELD_ERRORS else field
            moved.setdefault(target, []).append(one)
    return ValidationError(moved)


class FieldConstraintsModel(models.Model):
    """A model whose constraints' messages appear at their fields: ``constraint_fields`` maps a
    constraint's ``violation_error_code`` to the field (one of the fields the constraint reads,
    so that a form without that field does not check the constraint at all)."""

    constraint_fields: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise errors_at_fields(error, self.constraint_fields) from None
