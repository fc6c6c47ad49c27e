"""Forms of the event pages: registration, filters, the coordinator's event form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregion.events.models import Event, RegistrationStatus
from smartregion.strategy.models import FieldOfAction, Phase

MAX_TEXT = 1000


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Hierhin schicken wir die Bestätigung und den Link zum Absagen."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.question_fields: list[tuple[str, str]] = []
        for index, question in enumerate(event.questions):
            key = f"frage_{index}"
            self.fields[key] = forms.CharField(
                label=question, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.question_fields.append((key, question))
        if event.ask_accessibility:
            self.fields["accessibility_needs"] = forms.CharField(
                label=_("Benötigen Sie Unterstützung, um teilzunehmen?"),
                help_text=_(
                    "z. B. Gebärdensprache, rollstuhlgerechter Platz, Induktionsschleife (freiwillig)"
                ),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if event.conditions:
            self.fields["accept_conditions"] = forms.BooleanField(
                label=_("Ich akzeptiere die Teilnahmebedingungen: %(conditions)s")
                % {"conditions": event.conditions},
                required=False,
            )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "accept_conditions": bool(data.get("accept_conditions")),
            "answers": {question: data.get(key, "") for key, question in self.question_fields},
            "accessibility_needs": data.get("accessibility_needs", ""),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name oder E-Mail-Adresse"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle aktiven Anmeldungen")), *RegistrationStatus.choices],
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name suchen"), required=False, max_length=200)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Link zur Online-Veranstaltung"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Nur bestätigte Teilnehmende sehen den Link."),
    )
    questions_text = forms.CharField(
        label=_("Fragen bei der Anmeldung"),
        help_text=_("Eine Frage je Zeile; die Antworten sind freiwillig."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "start",
            "end",
            "place",
            "address",
            "online_url",
            "fields",
            "phase",
            "capacity",
            "registration_enabled",
            "registration_opens",
            "registration_deadline",
            "visibility",
            "conditions",
            "ask_accessibility",
            "double_opt_in",
            "confirmation_hours",
            "reminder_hours",
            "retention_days",
            "attendance_count",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "registration_opens": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "fields": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = FieldOfAction.objects.filter(strategy__region=region)  # type: ignore[attr-defined]
        self.fields["phase"].queryset = Phase.objects.filter(strategy__region=region)  # type: ignore[attr-defined]
        for name in ("start", "end", "registration_opens", "registration_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["questions_text"] = "\n".join(self.instance.questions)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        text = data.pop("questions_text", "") or ""
        data["questions"] = [line.strip() for line in text.splitlines() if line.strip()]
        data["fields"] = list(data.get("fields") or [])
        return data
