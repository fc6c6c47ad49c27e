"""Forms of the strategy editor; the services validate again and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregion.core.markdown import FORMATTING_HELP
from smartregion.strategy.models import FieldOfAction, PhaseStatus, PriorityTier, Strategy

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=250)
    vision = forms.CharField(
        label=_("Leitbild"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=FORMATTING_HELP,
    )


class ValueForm(forms.Form):
    name = forms.CharField(label=_("Wert"), max_length=120)
    description = forms.CharField(
        label=_("Kurztext"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FieldForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Kurzname in der Adresse"), max_length=80, required=False)
    description = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=FORMATTING_HELP,
    )
    colour = forms.RegexField(
        label=_("Farbe"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#1d4f91",
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Bitte eine Farbe als #RRGGBB angeben.")},
    )
    priority = forms.ChoiceField(
        label=_("Priorität"), choices=[("", _("keine")), *PriorityTier.choices], required=False
    )
    priority_source = forms.CharField(label=_("Quelle der Priorität"), max_length=250, required=False)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Ziel"), widget=forms.Textarea(attrs={"rows": 3}))
    target_date = forms.DateField(label=_("Zieldatum"), required=False, widget=_DATE)


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    status = forms.ChoiceField(label=_("Stand"), choices=PhaseStatus.choices)
    start = forms.DateField(label=_("Beginn"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Ende"), required=False, widget=_DATE)
    description = forms.CharField(
        label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data


class FixVersionForm(forms.Form):
    name = forms.CharField(
        label=_("Name der Fassung"), max_length=250, help_text=_("z. B. „Fassung vom 20.06.2022“")
    )
    note = forms.CharField(
        label=_("Beschluss"),
        max_length=300,
        required=False,
        help_text=_("z. B. „beschlossen vom Kreistag, Vorlage B 110/2022“"),
    )
    decided_on = forms.DateField(label=_("Datum des Beschlusses"), required=False, widget=_DATE)


class MunicipalStrategyForm(forms.Form):
    chosen_fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder der Kommune"),
        queryset=FieldOfAction.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Es können nur Handlungsfelder der eigenen Region gewählt werden.")
        },
    )
    introduction = forms.CharField(
        label=_("Einleitung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=FORMATTING_HELP,
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen_fields"].queryset = FieldOfAction.objects.filter(strategy=strategy)  # type: ignore[attr-defined]


class MunicipalGoalForm(forms.Form):
    field = forms.ModelChoiceField(label=_("Handlungsfeld"), queryset=FieldOfAction.objects.none())
    text = forms.CharField(label=_("Ziel"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Maßnahmen"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, fields_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields_qs  # type: ignore[attr-defined]
