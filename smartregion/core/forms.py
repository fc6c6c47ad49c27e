"""Forms render with KERN UX markup, set once for every form by the renderer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.formsets import ManagementForm
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartregion.core.params import MAX_INT, parse_int

T = TypeVar("T")

WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
    "checkboxselectmultiple": "kern-form-check__checkbox",
}


def widget_class(field: forms.BoundField) -> str:
    """The KERN class for a field's widget, by the kind of widget; with KERN's error variant
    beside it when the field has an error."""
    kind = WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    return f"{kind} {kind}--error" if field.errors else kind


@dataclass(frozen=True)
class SummaryError:
    """One line of a form's error summary: the message and the id of the element it links to
    (empty for an error of the whole form, which has no field to go to)."""

    message: str
    label: str = ""
    target: str = ""


def _target_id(field: forms.BoundField) -> str:
    """The id a summary's link jumps to: the field's input, or a choice group's first option."""
    if field.id_for_label:
        return field.id_for_label
    for option in field.subwidgets:
        if option.id_for_label:
            return str(option.id_for_label)
    return field.auto_id or ""


def _form_errors(form: forms.BaseForm) -> list[SummaryError]:
    result = [SummaryError(str(message)) for message in form.non_field_errors()]
    for field in form:
        label = str(getattr(field.field, "summary_label", "") or field.label or "")
        for message in field.errors:
            if field.is_hidden:
                result.append(SummaryError(str(message)))
            else:
                result.append(SummaryError(str(message), label, _target_id(field)))
    return result


def error_summary(*forms_: Any) -> list[SummaryError]:
    """Every error of the given forms and formsets, once each, in the order of the page: what an
    error summary at the top of a form lists, each field's error linked to the field. A list or
    tuple counts as the forms in it (e.g. the rows of a table, ``[(project, form), …]``), a dict
    as the errors in it (``form.errors`` of a form the page does not show), a string as a message
    of the whole page, a ``SummaryError`` as itself (a page built without a Django form);
    anything else is passed over."""
    return list(dict.fromkeys(_summary_errors(forms_)))


def _summary_errors(forms_: Iterable[Any]) -> list[SummaryError]:
    result: list[SummaryError] = []
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            if not form.is_bound:
                continue
            result += [SummaryError(str(message)) for message in form.non_form_errors()]
            members: Iterable[forms.BaseForm] = form.forms
            for member in members:
                result += _form_errors(member)
        elif isinstance(form, ManagementForm):
            continue  # its errors are the formset's own (non_form_errors)
        elif isinstance(form, forms.BaseForm):
            if form.is_bound:
                result += _form_errors(form)
        elif isinstance(form, list | tuple):
            result += _summary_errors(form)
        elif isinstance(form, dict):  # a form's errors by field, shown where the form is not
            result += _summary_errors(form.values())
        elif isinstance(form, SummaryError):
            result.append(form)
        elif isinstance(form, str) and form:  # a message that belongs to no field, e.g. a refusal
            result.append(SummaryError(form))
    return result


# Django's own widget templates, with some replaced by faster ones of the same output.
FORM_TEMPLATES = Path(__file__).resolve().parent / "form_templates"


class KernFormRenderer(DjangoTemplates):
    """Forms in KERN's markup. A select's options are written in its own template instead of one
    included template per option (and another per option's attributes): the filter forms above
    the lists have dozens of options, and the includes cost more than the rest of the form."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [FORM_TEMPLATES, Path(forms.__file__).resolve().parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


def save_valid(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[..., T],
    /,
    *,
    data_as: str = "",
    **arguments: Any,
) -> T | None:
    """The create/edit step of a view, written once.

    For a POST whose form is valid, call the service ``save`` with ``arguments`` and the form's
    cleaned data (as keyword arguments, or as one argument named ``data_as``) and return what it
    returned; a ValidationError of the service is shown on the form. None when nothing was saved
    (a GET, an invalid form, a refusal).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return save(**arguments, **({data_as: data} if data_as else data))
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def run_service(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """The step of a view behind a button, written once: call the service; its refusal becomes
    error messages, else ``success`` is shown. True when the service went through."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


_AMOUNT = re.compile(r"[0-9.,]+")
_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")


class AmountField(forms.DecimalField):
    """A non-negative amount typed the German way ("1.500,50" or "1500,5"), in ASCII digits only
    (``Decimal`` would read other scripts' digits; see ``core.params``)."""

    def __init__(self, *, max_digits: int = 14, decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("min_value", _("Bitte geben Sie keinen negativen Wert an."))
        kwargs["error_messages"].setdefault(
            "invalid", _("Bitte geben Sie eine Zahl an, zum Beispiel 1500 oder 0,5.")
        )
        super().__init__(
            max_digits=max_digits, decimal_places=decimal_places, min_value=0, localize=True, **kwargs
        )

    def to_python(self, value: Any) -> Any:
        text = str(value).strip() if value is not None else ""
        if text.startswith("-") and _AMOUNT.fullmatch(text[1:]):
            raise ValidationError(self.error_messages["min_value"], code="min_value")
        if text and not _AMOUNT.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if "," in text or _GROUPED.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")  # "1.500,50": points group thousands
        return super().to_python(text)


class WholeNumberField(forms.IntegerField):
    """A whole number in ASCII digits only (``core.params.parse_int``): Django's own field reads
    other scripts' digits ("١٠" as 10)."""

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        # The bounds' own messages come from the field's validators; here only the spelling counts.
        negative_allowed = not isinstance(self.min_value, int) or self.min_value < 0
        number = parse_int(text, minimum=-MAX_INT if negative_allowed else 0, maximum=MAX_INT)
        if number is None:
            raise ValidationError(
                _("Bitte geben Sie eine ganze Zahl mit den Ziffern 0 bis 9 an."), code="invalid"
            )
        return number


class AuditFilterForm(forms.Form):
    """Filters of a region's audit page (GET); the choices are what the region's log holds."""

    aktion = forms.ChoiceField(label=_("Aktion"), required=False)
    objekt = forms.ChoiceField(label=_("Art des Objekts"), required=False)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    von = forms.DateField(
        label=_("Von (Datum)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bis = forms.DateField(
        label=_("Bis (Datum)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        actions: list[tuple[str, str]],
        object_types: list[tuple[str, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("alle"))
        self.fields["aktion"].choices = [everything, *actions]  # type: ignore[attr-defined]
        self.fields["objekt"].choices = [everything, *object_types]  # type: ignore[attr-defined]
        self.fields["person"].choices = [everything, *people]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            raise ValidationError(_("Das Datum „Von“ liegt nach dem Datum „Bis“."))
        return data
