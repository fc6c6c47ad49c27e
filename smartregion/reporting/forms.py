"""Forms of monitoring and reporting. They check the input's form; the services decide the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.core.forms import AmountField, WholeNumberField
from smartregion.core.validators import validate_single_line
from smartregion.reporting.models import Indicator, Traffic, WeightBasis

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NO_NULLS = [ProhibitNullCharactersValidator()]
DATE_ERROR = _("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025.")


def _date(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, "required": _("Bitte geben Sie ein Datum an.")},
        **kwargs,
    )


def _line(
    label: StrOrPromise, *, max_length: int = 200, required: bool = True, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[*NO_NULLS, validate_single_line],
        **kwargs,
    )


def _text(label: StrOrPromise, *, max_length: int, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=NO_NULLS,
        widget=forms.Textarea(attrs={"rows": 6}),
        **kwargs,
    )


class StatusUpdateForm(forms.Form):
    reported_on = _date(_("Stand vom"), initial=timezone.localdate)
    traffic = forms.ChoiceField(
        label=_("Ampel"),
        choices=Traffic.choices,
        widget=forms.RadioSelect,
        help_text=_("Grün: im Plan. Gelb: Abweichungen, die das Projekt selbst auffängt. Rot: gefährdet."),
    )
    progress = WholeNumberField(
        label=_("Fortschritt in Prozent"),
        min_value=0,
        max_value=100,
        help_text=_("Wie weit ist das Projekt insgesamt? Eine ganze Zahl von 0 bis 100."),
    )
    text = _text(_("Was ist geschehen, was steht an?"), max_length=5000)


class IndicatorForm(forms.Form):
    name = _line(_("Name"), help_text=_("Zum Beispiel „Angeschlossene Sensoren“ oder „Nutzende pro Monat“."))
    unit = _line(_("Einheit"), max_length=40, help_text=_("Zum Beispiel „Anzahl“, „%“ oder „kWh“."))
    baseline = AmountField(label=_("Ausgangswert"))
    target = AmountField(label=_("Zielwert"))
    description = _text(_("Wie wird gemessen?"), max_length=2000, required=False)


class MeasurementForm(forms.Form):
    measured_on = _date(_("Gemessen am"), initial=timezone.localdate)
    value = AmountField(label=_("Wert"))
    unit = _line(_("Einheit"), max_length=40)
    note = _line(_("Hinweis"), max_length=300, required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].initial = indicator.unit
        self.fields["unit"].help_text = _("In der Einheit des Indikators: %(unit)s.") % {
            "unit": indicator.unit
        }


class SettingsForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Projekte gewichten"), choices=WeightBasis.choices, widget=forms.RadioSelect
    )
    update_every_days = WholeNumberField(
        label=_("Statusmeldung fällig nach (Tagen)"),
        min_value=7,
        max_value=730,
        help_text=_("Ein ausgewähltes Projekt ohne neuere Statusmeldung gilt dann als überfällig."),
    )


class WeightForm(forms.Form):
    weight = AmountField(
        label=_("Gewicht"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "kern-form-input__input"}),
        help_text=_("Leer lassen: das Projekt zählt nach der Gewichtung der Region."),
    )


class ReportForm(forms.Form):
    title = _line(_("Titel"), initial=_("Sachstandsbericht Digitalisierungsstrategie"))
    committee = _line(
        _("Gremium"),
        help_text=_("Zum Beispiel „Ausschuss für Finanzen, Wirtschaftsförderung und Kreisentwicklung“."),
    )
    meeting_date = _date(_("Sitzung am"))
    period_start = _date(_("Berichtszeitraum von"))
    period_end = _date(_("Berichtszeitraum bis"))
    summary = _text(
        _("Zusammenfassung"),
        max_length=20000,
        required=False,
        help_text=_(
            "Steht am Anfang des Berichts. Absätze mit einer Leerzeile trennen, Aufzählungen mit „- “."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Der Berichtszeitraum endet vor seinem Beginn."))
        return data
