"""Forms of the builder, and reading a page of answers from a plain HTML form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from smartregion.core.params import parse_int
from smartregion.regions.models import Region
from smartregion.strategy.models import Phase
from smartregion.surveys.answers import QuestionSpec
from smartregion.surveys.models import (
    LIST_TYPES,
    SINGLE_TYPES,
    Option,
    QuestionType,
    Survey,
    TextAnswerStatus,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "privacy_notice", "phase", "opens_at", "closes_at", "requires_code"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A hint beside a checkbox breaks into one word per line in the shared field template.
        self.fields["requires_code"].help_text = ""
        self.fields["requires_code"].label = _(
            "Nur mit Zugangscode: für geschlossene Gruppen, z. B. einen Kreistag; "
            "jeder Code gilt für eine Antwort"
        )
        phase_field: Any = self.fields["phase"]
        phase_field.queryset = Phase.objects.filter(strategy__region=region)
        if not self.instance.pk and not self.initial.get("privacy_notice"):
            self.initial["privacy_notice"] = _(
                "Die Teilnahme ist freiwillig und anonym. Wir speichern weder Ihre IP-Adresse noch "
                "Ihren Browser noch einen genauen Zeitpunkt, nur den Tag der Antwort. Freitexte "
                "werden vor der Veröffentlichung geprüft; bitte schreiben Sie keine Namen hinein."
            )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label=_("Art der Frage"), choices=QuestionType.choices)
    text = forms.CharField(label=_("Frage"), max_length=500)
    help_text = forms.CharField(label=_("Hilfetext"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Antworten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Antwort je Zeile; bei einer Matrix die Spalten (z. B. die Stufen der Skala)."),
    )
    rows = forms.CharField(
        label=_("Zeilen der Matrix"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für eine Likert-Matrix: eine Aussage je Zeile."),
    )
    page = forms.IntegerField(label=_("Seite"), min_value=1, max_value=50, initial=1)
    required = forms.BooleanField(label=_("Pflichtfrage"), required=False)
    max_choices = forms.IntegerField(
        label=_("Höchstens so viele Antworten"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Nur für Mehrfachauswahl."),
    )
    min_value = forms.IntegerField(label=_("Kleinster Wert"), required=False, help_text=_("Nur für Zahlen."))
    max_value = forms.IntegerField(label=_("Größter Wert"), required=False, help_text=_("Nur für Zahlen."))
    show_if_option = forms.ModelChoiceField(
        label=_("Nur zeigen, wenn zuvor geantwortet wurde"),
        queryset=Option.objects.none(),
        required=False,
        empty_label=_("immer zeigen"),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["show_if_option"]
        field.queryset = Option.objects.filter(
            question__survey=survey, question__type__in=list(SINGLE_TYPES | LIST_TYPES), is_row=False
        ).select_related("question")
        field.label_from_instance = lambda option: f"{option.question.text} → {option.label}"

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = _lines(data.get("options") or "")
        data["rows"] = _lines(data.get("rows") or "")
        return data


class QuestionChangeForm(forms.Form):
    text = forms.CharField(label=_("Frage"), max_length=500)
    help_text = forms.CharField(label=_("Hilfetext"), max_length=500, required=False)
    page = forms.IntegerField(label=_("Seite"), min_value=1, max_value=50)
    required = forms.BooleanField(label=_("Pflichtfrage"), required=False)


class AccessCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Anzahl neuer Zugangscodes"), min_value=1, max_value=1000, initial=20)


class ModerationForm(forms.Form):
    """A decision about one free-text answer. Nothing is chosen beforehand: a text shows in the
    results only when someone chose to release it."""

    status = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[
            (TextAnswerStatus.SHOWN, _("Freigeben: Der Text erscheint in den Ergebnissen.")),
            (TextAnswerStatus.HIDDEN, _("Verbergen: Der Text erscheint nicht in den Ergebnissen.")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie, ob der Text freigegeben oder verborgen wird."),
            "invalid_choice": _("Bitte wählen Sie „Freigeben“ oder „Verbergen“."),
        },
    )
    text = forms.CharField(
        label=_("Text (personenbezogene Angaben entfernen)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={
            "required": _("Bitte lassen Sie den Text nicht leer; entfernen Sie nur personenbezogene Angaben.")
        },
    )


class AccessCodeForm(forms.Form):
    access_code = forms.CharField(label=_("Zugangscode"), max_length=40)


def answers_from_form(specs: list[QuestionSpec], data: QueryDict, page: int | None) -> dict[str, Any]:
    """The given answers of one page (all pages when None), keyed by question id like the API."""
    given: dict[str, Any] = {}
    for spec in specs:
        if page is not None and spec.page != page:
            continue
        name = f"q{spec.id}"
        if spec.type in SINGLE_TYPES:
            value: Any = data.get(name, "")
        elif spec.type == QuestionType.RANKING:
            value = _ranking(spec, data)
        elif spec.type in LIST_TYPES:
            value = data.getlist(name)
        elif spec.type == QuestionType.MATRIX:
            value = {str(row): data[f"{name}_r{row}"] for row in spec.rows if data.get(f"{name}_r{row}")}
        else:
            value = data.get(name, "")
        given[str(spec.id)] = value
    return given


def _ranking(spec: QuestionSpec, data: QueryDict) -> list[Any]:
    ranks: dict[int, int] = {}
    for option in spec.options:
        rank = parse_int(data.get(f"q{spec.id}_o{option}", ""), minimum=1, maximum=len(spec.options))
        if rank is not None:
            ranks[option] = rank
    if not ranks:
        return []
    if sorted(ranks.values()) != list(range(1, len(spec.options) + 1)):
        # Not a full order: hand the validator fewer places than options, which it refuses.
        return sorted(set(ranks), key=lambda option: ranks[option])[: len(spec.options) - 1]
    return sorted(ranks, key=lambda option: ranks[option])
