"""Forms of the needs analysis: opening a round, the questionnaire, the rule, the confirmation."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.analysis.models import (
    DEFAULT_DIMENSIONS,
    DEFAULT_SCALE_LABELS,
    AnalysisRound,
    TierMethod,
)
from smartregion.analysis.services import AnswerKey, MissingAnswers
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction, Phase, PriorityTier

UNKNOWN = "x"
FORM_TEMPLATE = "analysis/forms/form.html"  # checkbox and radio groups as fieldsets


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RoundForm(forms.Form):
    template_name = FORM_TEMPLATE

    name = forms.CharField(label=_("Name"), max_length=200)
    introduction = forms.CharField(
        label=_("Einleitung für die Kommunen"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        widget=_checkboxes(),
        error_messages={"required": _("Bitte wählen Sie mindestens ein Handlungsfeld.")},
    )
    dimensions = forms.CharField(
        label=_("Dimensionen"),
        help_text=_("Eine Dimension je Zeile; jede wird für jedes Handlungsfeld auf der Skala bewertet."),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="\n".join(label for _key, label in DEFAULT_DIMENSIONS),
    )
    scale_min = forms.IntegerField(label=_("Skala von"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=_("Skala bis"), initial=5, min_value=0, max_value=10)
    scale_labels = forms.CharField(
        label=_("Beschriftung der Skalenwerte"),
        help_text=_(
            "Eine Beschriftung je Skalenwert, vom kleinsten zum größten; leer lassen für nur Zahlen."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="\n".join(DEFAULT_SCALE_LABELS),
        required=False,
    )
    allow_unknown = forms.BooleanField(
        label=_("Antwort „kann ich nicht beurteilen“ erlauben"), initial=True, required=False
    )
    questions = forms.CharField(
        label=_("Freitextfragen"),
        help_text=_("Eine Frage je Zeile."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    deadline = forms.DateField(
        label=_("Frist"),
        help_text=_("Antworten werden bis zum Ende dieses Tages angenommen."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reminder_days = forms.IntegerField(
        label=_("Erinnerung per E-Mail, Tage vor der Frist"), initial=7, min_value=0, max_value=60
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Eingeladene Kommunen"),
        queryset=Municipality.objects.none(),
        widget=_checkboxes(),
        error_messages={"required": _("Bitte laden Sie mindestens eine Kommune ein.")},
    )
    phase = forms.ModelChoiceField(
        label=_("Phase der Strategie"), queryset=Phase.objects.none(), required=False
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.filter(strategy__region=region)  # type: ignore[attr-defined]
        municipalities = Municipality.objects.filter(region=region)
        self.fields["invited"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["phase"].queryset = Phase.objects.filter(strategy__region=region)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("invited", list(municipalities))

    def deadline_at(self) -> datetime.datetime:
        day: datetime.date = self.cleaned_data["deadline"]
        end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "introduction": data["introduction"],
            "fields": list(data["fields_of_action"]),
            "municipalities": list(data["invited"]),
            "deadline": self.deadline_at(),
            "dimensions": _lines(data["dimensions"]),
            "scale": {
                "min": data["scale_min"],
                "max": data["scale_max"],
                "labels": _lines(data["scale_labels"]),
                "unknown": data["allow_unknown"],
            },
            "questions": _lines(data["questions"]),
            "reminder_days": data["reminder_days"],
            "phase": data["phase"],
        }


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Neue Frist"),
        help_text=_("Antworten werden bis zum Ende dieses Tages angenommen."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_deadline(self) -> datetime.datetime:
        """The end of the chosen day, as the service takes it."""
        day: datetime.date = self.cleaned_data["deadline"]
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def answer_name(field_id: int, dimension: str) -> str:
    return f"a_{field_id}_{dimension}"


class AnswerField(forms.ChoiceField):
    """Needed for the submission, but a draft may leave it empty (the service counts what is missing)."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class QuestionnaireForm(forms.Form):
    """One select per field and dimension, a comment per field, the free-text answers."""

    use_required_attribute = False  # drafts may be incomplete

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, analysis_round: AnalysisRound, fields: list[FieldOfAction], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.analysis_round = analysis_round
        self.round_fields = fields
        choices: list[tuple[str, Any]] = [("", _("– bitte wählen –"))]
        choices += [(str(value), label) for value, label in analysis_round.scale_choices()]
        if analysis_round.scale.get("unknown"):
            choices.append((UNKNOWN, str(analysis_round.scale["unknown"])))
        for field in fields:
            for dimension in analysis_round.dimensions:
                answer = AnswerField(label=dimension["label"], choices=choices)
                # In the error summary above the form, the label alone would not say which field.
                answer.summary_label = f"{field.name} – {dimension['label']}"  # type: ignore[attr-defined]
                self.fields[answer_name(field.pk, dimension["key"])] = answer
            self.fields[f"comment_{field.pk}"] = forms.CharField(
                label=_("Kommentar zu „%(name)s“") % {"name": field.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )
        for index, question in enumerate(analysis_round.questions):
            self.fields[f"text_{index}"] = forms.CharField(
                label=question, widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
            )

    def groups(self) -> list[tuple[FieldOfAction, list[forms.BoundField]]]:
        """Per field its selects and comment, for the fieldsets of the page."""
        result = []
        for field in self.round_fields:
            names = [answer_name(field.pk, d["key"]) for d in self.analysis_round.dimensions]
            names.append(f"comment_{field.pk}")
            result.append((field, [self[name] for name in names]))
        return result

    def mark_missing(self, refusal: MissingAnswers) -> None:
        """A refused submission: the refusal above the form, and each unanswered question marked."""
        self.add_error(None, refusal.messages)
        for field_id, dimension in refusal.missing:
            name = answer_name(field_id, dimension)
            if name in self.fields:
                self.add_error(name, _("Bitte wählen Sie eine Antwort."))

    def text_fields(self) -> list[forms.BoundField]:
        return [self[f"text_{i}"] for i in range(len(self.analysis_round.questions))]

    def answers(self) -> dict[AnswerKey, int | None]:
        result: dict[AnswerKey, int | None] = {}
        for field in self.round_fields:
            for dimension in self.analysis_round.dimensions:
                raw = self.cleaned_data.get(answer_name(field.pk, dimension["key"]))
                if raw == UNKNOWN:
                    result[(field.pk, dimension["key"])] = None
                elif raw:
                    result[(field.pk, dimension["key"])] = int(raw)
        return result

    def comments(self) -> dict[int, str]:
        return {f.pk: self.cleaned_data.get(f"comment_{f.pk}", "") for f in self.round_fields}

    def text_answers(self) -> list[str]:
        return [self.cleaned_data.get(f"text_{i}", "") for i in range(len(self.analysis_round.questions))]


def initial_for(questionnaire: Any, answers: dict[AnswerKey, int | None]) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": questionnaire.version}
    for (field_id, dimension), value in answers.items():
        initial[answer_name(field_id, dimension)] = UNKNOWN if value is None else str(value)
    for field_id, text in questionnaire.comments.items():
        initial[f"comment_{field_id}"] = text
    for index, text in enumerate(questionnaire.text_answers):
        initial[f"text_{index}"] = text
    return initial


class RuleForm(forms.Form):
    template_name = FORM_TEMPLATE

    method = forms.ChoiceField(
        label=_("Verfahren"),
        choices=TierMethod.choices,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    threshold_i = forms.DecimalField(
        label=_("Priorität I ab Punktwert"), max_digits=4, decimal_places=2, initial=4, localize=True
    )
    threshold_ii = forms.DecimalField(
        label=_("Priorität II ab Punktwert"), max_digits=4, decimal_places=2, initial=3, localize=True
    )

    def __init__(self, *args: Any, analysis_round: AnalysisRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.analysis_round = analysis_round
        weights = analysis_round.rule.get("weights", {})
        for dimension in analysis_round.dimensions:
            self.fields[f"weight_{dimension['key']}"] = forms.DecimalField(
                label=_("Gewicht: %(label)s") % {"label": dimension["label"]},
                max_digits=4,
                decimal_places=2,
                min_value=0,
                max_value=10,
                initial=weights.get(dimension["key"], 0),
                localize=True,
            )
        if not self.is_bound:
            thresholds = analysis_round.rule.get("thresholds", [4, 3])
            self.initial.update(
                method=analysis_round.rule.get("method"),
                threshold_i=thresholds[0],
                threshold_ii=thresholds[1],
            )

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "method": data["method"],
            "thresholds": [float(data["threshold_i"]), float(data["threshold_ii"])],
            "weights": {d["key"]: float(data[f"weight_{d['key']}"]) for d in self.analysis_round.dimensions},
        }


class ConfirmForm(forms.Form):
    """Per field the tier (preset to the suggestion) and a reason, required when it differs."""

    def __init__(self, *args: Any, suggestions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        for item in suggestions:
            self.fields[f"tier_{item.field_id}"] = forms.ChoiceField(
                label=_("Priorität für „%(name)s“") % {"name": item.name},
                choices=PriorityTier.choices,
                initial=item.suggested,
            )
            reason = forms.CharField(
                label=_("Begründung, falls abweichend"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )
            reason.summary_label = _("Begründung für „%(name)s“") % {"name": item.name}  # type: ignore[attr-defined]
            self.fields[f"reason_{item.field_id}"] = reason

    def overrides(self) -> dict[int, tuple[str, str]]:
        return {
            item.field_id: (
                self.cleaned_data[f"tier_{item.field_id}"],
                self.cleaned_data.get(f"reason_{item.field_id}", ""),
            )
            for item in self.suggestions
        }

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"tier_{item.field_id}"], self[f"reason_{item.field_id}"])
            for item in self.suggestions
        ]
