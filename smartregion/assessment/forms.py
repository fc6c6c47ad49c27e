"""Forms of the assessment: opening a round, the rating grid, what-if weights, decisions."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregion.accounts.models import Membership, Role, User
from smartregion.assessment import selectors, services
from smartregion.assessment.models import Axis, Criterion, Outcome
from smartregion.core.params import MAX_BIGINT, parse_int
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class DateInput(forms.DateInput):
    input_type = "date"


class ProjectChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.status == ProjectStatus.POTENTIAL:
            return f"{obj.title} ({obj.get_status_display()})"
        return str(obj.title)


class PeopleChoices(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, roles: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({self.roles.get(obj.pk, '')})"


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Worum es geht"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=gettext_lazy("Frist"),
        help_text=gettext_lazy("Bewertungen werden bis zum Ende dieses Tages angenommen."),
        widget=DateInput,
    )
    blind = forms.BooleanField(
        label=gettext_lazy("Verdeckt bewerten: niemand sieht die Bewertungen anderer vor dem Abschluss"),
        required=False,
        initial=True,
    )
    candidates = ProjectChoices(
        label=gettext_lazy("Projekte"),
        help_text=gettext_lazy(
            "Vorausgewählt: die Steckbriefe „zur Bewertung“. Potenzialprojekte lassen sich erneut bewerten, "
            "etwa um sie zu Leitprojekten zu machen."
        ),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Dieses Projekt steht nicht zur Auswahl.")},
    )
    raters = PeopleChoices(
        label=gettext_lazy("Eingeladene Bewertende"),
        queryset=User.objects.none(),
        roles={},
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Vorausgewählt: die Mitglieder des Lenkungsausschusses."),
        error_messages={"invalid_choice": gettext_lazy("Diese Person hat keine Rolle in dieser Region.")},
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        busy = selectors.open_candidacy_project_ids(region)
        candidates = (
            Project.objects.filter(region=region, status__in=services.CANDIDATE_STATUSES)
            .exclude(pk__in=busy)
            .order_by("-status", "title")  # "zur_bewertung" before "potenzialprojekt"
        )
        self.fields["candidates"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["candidates"].initial = [p.pk for p in candidates if p.status == ProjectStatus.IN_REVIEW]
        memberships = Membership.objects.filter(region=region).select_related("user").order_by("user__name")
        roles: dict[int, list[str]] = {}
        for membership in memberships:
            roles.setdefault(membership.user_id, []).append(str(membership.get_role_display()))
        raters = self.fields["raters"]
        assert isinstance(raters, PeopleChoices)  # noqa: S101 - narrows the type
        raters.queryset = User.objects.filter(pk__in=roles).order_by("name", "email")
        raters.roles = {pk: ", ".join(names) for pk, names in roles.items()}
        raters.initial = [m.user_id for m in memberships if m.role == Role.COMMITTEE_MEMBER]

    def clean_deadline(self) -> datetime.datetime:
        deadline = end_of_day(self.cleaned_data["deadline"])
        if deadline <= timezone.now():
            raise ValidationError(_("Die Frist muss in der Zukunft liegen."))
        return deadline


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Kriterium"), max_length=100, required=False)
    description = forms.CharField(label=gettext_lazy("Beschreibung"), max_length=500, required=False)
    weight = forms.DecimalField(
        label=gettext_lazy("Gewicht in %"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )
    scale_min = forms.IntegerField(label=gettext_lazy("Skala von"), min_value=0, max_value=9, initial=1)
    scale_max = forms.IntegerField(label=gettext_lazy("Skala bis"), min_value=1, max_value=10, initial=5)
    axis = forms.ChoiceField(label=gettext_lazy("Achse der Matrix"), choices=Axis.choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and data.get("weight") is None:
            self.add_error("weight", _("Bitte geben Sie ein Gewicht an."))
        return data

    def criterion(self) -> services.CriterionInput | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return services.CriterionInput(
            name=data["name"],
            description=data.get("description") or "",
            weight=data["weight"],
            scale_min=data.get("scale_min") or 0,
            scale_max=data.get("scale_max") or 0,
            axis=data.get("axis") or "",
        )


CriteriaFormSet = forms.formset_factory(
    CriterionForm, extra=2, max_num=services.MAX_CRITERIA, validate_max=True
)


def criteria_formset(data: QueryDict | None) -> Any:
    initial = [
        {
            "name": c.name,
            "description": c.description,
            "weight": c.weight,
            "axis": c.axis,
            "scale_min": 1,
            "scale_max": 5,
        }
        for c in services.default_criteria()
    ]
    return CriteriaFormSet(data, initial=initial, prefix="kriterium")


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=gettext_lazy("Neue Frist"), widget=DateInput)

    def clean_deadline(self) -> datetime.datetime:
        return end_of_day(self.cleaned_data["deadline"])


# The rating grid: s-<candidate>-<criterion> (score), c-<candidate> (comment), b-<candidate> (bias)
SCORE_KEY = re.compile(r"^s-([0-9]+)-([0-9]+)$")
NOTE_KEY = re.compile(r"^([cb])-([0-9]+)$")


def score_name(candidate_id: int, criterion_id: int) -> str:
    return f"s-{candidate_id}-{criterion_id}"


def parse_rating(data: QueryDict) -> tuple[dict[tuple[int, int], int | None], dict[int, str], dict[int, str]]:
    """The grid's fields as the service takes them; a German ValidationError for what is no number."""
    scores: dict[tuple[int, int], int | None] = {}
    comments: dict[int, str] = {}
    conflicts: dict[int, str] = {}
    for key in data:
        value = str(data.get(key, ""))
        if match := SCORE_KEY.match(key):
            text = value.strip()
            number = parse_int(text, maximum=services.MAX_SCALE * 100)
            if text and number is None:
                raise ValidationError(
                    _("Bitte geben Sie Bewertungen als ganze Zahlen ein („%(text)s“).") % {"text": text[:20]}
                )
            ids = parse_int(match[1], maximum=MAX_BIGINT), parse_int(match[2], maximum=MAX_BIGINT)
            if ids[0] is None or ids[1] is None:
                raise ValidationError(_("Dieses Projekt steht in dieser Runde nicht zur Bewertung."))
            scores[(ids[0], ids[1])] = number
        elif match := NOTE_KEY.match(key):
            ProhibitNullCharactersValidator()(value)
            candidate_id = parse_int(match[2], maximum=MAX_BIGINT)
            if candidate_id is None:
                raise ValidationError(_("Dieses Projekt steht in dieser Runde nicht zur Bewertung."))
            (comments if match[1] == "c" else conflicts)[candidate_id] = value
    return scores, comments, conflicts


class WeightsForm(forms.Form):
    """What-if weights, one field per criterion (GET); nothing is stored."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                max_digits=6,
                decimal_places=2,
                initial=f"{criterion.weight.normalize():f}",
                widget=forms.NumberInput(attrs={"step": "1", "min": "0", "max": "100"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"w{c.pk}") for c in self.criteria]
        if all(v is not None for v in values):
            try:
                services.check_weights([v for v in values if v is not None])
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return data

    def weights(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"w{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Beschließendes Gremium"), max_length=200, initial="Kreistag")
    decided_on = forms.DateField(label=gettext_lazy("Datum des Beschlusses"), widget=DateInput)
    reference = forms.CharField(
        label=gettext_lazy("Vorlage / Aktenzeichen"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("z. B. B 110/2022"),
    )
    note = forms.CharField(
        label=gettext_lazy("Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: list[tuple[Any, str]], **kwargs: Any) -> None:
        """``candidates``: (candidate, proposed outcome) of the round's undecided candidates."""
        super().__init__(*args, **kwargs)
        self.candidate_fields = []
        choices = [("", _("– noch kein Beschluss –")), *Outcome.choices]
        self.outcome_choices = choices
        for candidate, proposal in candidates:
            name = f"d{candidate.pk}"
            self.fields[name] = forms.ChoiceField(
                label=candidate.project.title, choices=choices, required=False, initial=proposal
            )
            self.candidate_fields.append((candidate, name))

    def outcomes(self) -> dict[int, str]:
        return {candidate.pk: self.cleaned_data.get(name) or "" for candidate, name in self.candidate_fields}

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(candidate, self[name]) for candidate, name in self.candidate_fields]
