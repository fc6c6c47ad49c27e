"""Forms of the roadmap: milestones, personnel, cost plan, sources, programmes, the filter."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregion.core.forms import AmountField
from smartregion.core.validators import validate_single_line
from smartregion.portfolio.models import Project
from smartregion.regions.models import FederalState, Region
from smartregion.roadmap import selectors
from smartregion.roadmap.models import (
    FundingProgramme,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    SourceKind,
    SourceStatus,
)
from smartregion.roadmap.services.resources import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NO_NULLS = [ProhibitNullCharactersValidator()]
YEAR = gettext_lazy("Jahr")


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        help_text=help_text,
        error_messages={"invalid": gettext_lazy("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025.")},
    )


def _text(
    label: StrOrPromise, *, max_length: int = 200, required: bool = False, rows: int = 0, **kwargs: Any
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    validators: list[Any] = [*NO_NULLS] if rows else [*NO_NULLS, validate_single_line]
    return forms.CharField(
        label=label, max_length=max_length, required=required, validators=validators, widget=widget, **kwargs
    )


def _year(label: StrOrPromise = YEAR) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2025."),
            "min_value": gettext_lazy("Bitte geben Sie ein Jahr ab 2000 an."),
            "max_value": gettext_lazy("Bitte geben Sie ein Jahr bis 2100 an."),
        },
    )


class OrganisationChoice(forms.ModelChoiceField):
    def __init__(self, label: str, region: Region, *, required: bool, empty_label: str) -> None:
        super().__init__(
            label=label,
            queryset=selectors.organisations_of(region),
            required=required,
            empty_label=empty_label,
            error_messages={
                "invalid_choice": _("Die Organisation gehört nicht zu dieser Region."),
                "required": _("Bitte wählen Sie eine Organisation."),
            },
        )


class MilestoneChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.project.title}: {obj.title} ({obj.end:%d.%m.%Y})"


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Art"), choices=MilestoneKind.choices)
    title = _text(gettext_lazy("Was"), required=True)
    start = _date(gettext_lazy("Beginn"))
    end = _date(
        gettext_lazy("Ende"),
        help_text=gettext_lazy("Bei einem Meilenstein: der Tag, an dem er erreicht sein soll."),
    )
    status = forms.ChoiceField(label=gettext_lazy("Stand"), choices=MilestoneStatus.choices)
    responsible_organisation = forms.Field()  # set in __init__
    responsible_person = _text(gettext_lazy("Verantwortliche Person"))
    deliverable = _text(gettext_lazy("Ergebnis"), max_length=2000, rows=2)
    depends_on = MilestoneChoices(
        label=gettext_lazy("Abhängig von"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Meilensteine dieses Projekts und der Projekte, von denen es abhängt."),
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie nur Meilensteine aus der Liste.")},
    )

    def __init__(
        self, *args: Any, project: Project, milestone: Milestone | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"] = OrganisationChoice(
            _("Verantwortliche Organisation"), project.region, required=False, empty_label=_("keine Angabe")
        )
        related = [project.pk, *(other.pk for other in project.dependencies.all())]
        choices = selectors.milestone_choices(project.region).filter(project__in=related)
        if milestone is not None:
            choices = choices.exclude(pk=milestone.pk)
        cast(forms.ModelMultipleChoiceField, self.fields["depends_on"]).queryset = choices
        if not choices.exists():
            del self.fields["depends_on"]


class NeedForm(forms.Form):
    organisation = forms.Field()
    year = _year()
    fte = AmountField(
        label=gettext_lazy("Vollzeitäquivalente (VZÄ)"),
        max_digits=6,
        help_text=gettext_lazy("Eine volle Stelle ist 1, eine halbe 0,5. Mit 0 entfernen Sie den Eintrag."),
    )
    tasks = _text(gettext_lazy("Aufgaben"))

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoice(
            _("Organisation"), region, required=True, empty_label=_("Bitte wählen")
        )


class CapacityForm(forms.Form):
    organisation = forms.Field()
    year = _year()
    filled = AmountField(label=gettext_lazy("Besetzte Stellen (VZÄ)"), max_digits=6)
    vacant = AmountField(label=gettext_lazy("Unbesetzte Stellen (VZÄ)"), max_digits=6)
    vacant_since = _date(gettext_lazy("Unbesetzt seit"), required=False)
    note = _text(gettext_lazy("Hinweis"), max_length=300)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoice(
            _("Organisation"), region, required=True, empty_label=_("Bitte wählen")
        )


def cost_years(project: Project, existing: list[int]) -> list[int]:
    """The years the cost plan offers: the project's years (or this and the next three) and any
    year that already has costs."""
    this_year = timezone.localdate().year
    first = project.start_date.year if project.start_date else this_year
    last = project.end_date.year if project.end_date else first + 3
    years = set(range(first, min(last, first + 15) + 1)) | set(existing)
    return sorted(years)


class CostPlanForm(forms.Form):
    """Investment and running costs per year, and one further year to add."""

    extra_year = forms.IntegerField(
        label=gettext_lazy("Weiteres Jahr"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2025.")
        },
    )
    extra_investment = AmountField(label=gettext_lazy("Investitionen (EUR)"), required=False)
    extra_running = AmountField(label=gettext_lazy("Laufende Kosten (EUR)"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"investment_{year}"] = AmountField(
                label=_("Investitionen %(year)s (EUR)") % {"year": year}, required=False
            )
            self.fields[f"running_{year}"] = AmountField(
                label=_("Laufende Kosten %(year)s (EUR)") % {"year": year}, required=False
            )

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(year, self[f"investment_{year}"], self[f"running_{year}"]) for year in self.years]

    def lines(self) -> dict[int, tuple[Decimal, Decimal]]:
        data = self.cleaned_data
        zero = Decimal(0)
        lines = {
            year: (data.get(f"investment_{year}") or zero, data.get(f"running_{year}") or zero)
            for year in self.years
        }
        if data.get("extra_year"):
            lines[data["extra_year"]] = (
                data.get("extra_investment") or zero,
                data.get("extra_running") or zero,
            )
        return lines


class ProgrammeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.funder})"


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Art"), choices=SourceKind.choices)
    programme = ProgrammeChoice(
        label=gettext_lazy("Förderprogramm"),
        queryset=FundingProgramme.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("bei Förderprogramm bitte wählen"),
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie ein Programm aus dem Katalog.")},
    )
    organisation = forms.Field()
    budget_line = _text(gettext_lazy("Haushaltsstelle"), max_length=100)
    amount = AmountField(label=gettext_lazy("Betrag (EUR)"))
    funding_rate = AmountField(label=gettext_lazy("Förderquote (%)"), max_digits=5, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Stand"), choices=SourceStatus.choices)
    applied_on = _date(gettext_lazy("Beantragt am"), required=False)
    decided_on = _date(gettext_lazy("Entschieden am"), required=False)
    note = _text(gettext_lazy("Hinweis"), max_length=300)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoice(
            _("Organisation (bei Haushaltsmitteln: deren Haushalt)"),
            region,
            required=False,
            empty_label=_("keine Angabe"),
        )


class ProgrammeForm(forms.Form):
    name = _text(gettext_lazy("Programm"), required=True)
    funder = _text(gettext_lazy("Fördergeber"), required=True)
    url = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": gettext_lazy("Bitte geben Sie eine vollständige Adresse an (https://…).")},
    )
    funding_rate = AmountField(label=gettext_lazy("Förderquote bis (%)"), max_digits=5, required=False)
    description = _text(gettext_lazy("Beschreibung"), max_length=5000, rows=3)
    eligible = _text(gettext_lazy("Was gefördert wird"), max_length=5000, rows=3)
    keywords = _text(
        gettext_lazy("Stichworte"),
        max_length=300,
        help_text=gettext_lazy(
            "Durch Kommas getrennt; Projekte mit diesen Wörtern werden als passend vorgeschlagen."
        ),
    )
    federal_states = forms.MultipleChoiceField(
        label=gettext_lazy("Nur in diesen Bundesländern"),
        choices=FederalState.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Keine Auswahl: bundesweit."),
    )
    deadline = _date(gettext_lazy("Nächste Frist"), required=False)
    deadline_label = _text(gettext_lazy("Wofür gilt die Frist?"))

    def deadlines(self) -> list[tuple[datetime.date, str]]:
        day = self.cleaned_data.get("deadline")
        return [(day, self.cleaned_data.get("deadline_label", ""))] if day else []


class DeadlineForm(forms.Form):
    date = _date(gettext_lazy("Frist"))
    label = _text(gettext_lazy("Wofür gilt die Frist?"))


class RoadmapFilterForm(forms.Form):
    kommune = forms.ChoiceField(label=gettext_lazy("Kommune"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    stand = forms.ChoiceField(label=gettext_lazy("Stand der Meilensteine"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("alle"))]
        cast(forms.ChoiceField, self.fields["kommune"]).choices = everyone + [
            (m.slug, m.name) for m in selectors.municipalities_of(region)
        ]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = everyone + [
            (o.slug, o.name) for o in selectors.organisations_of(region)
        ]
        cast(forms.ChoiceField, self.fields["stand"]).choices = [
            *everyone,
            (selectors.LATE, _("verspätet")),
            *MilestoneStatus.choices,
        ]

    def chosen(self) -> selectors.RoadmapFilter:
        if not self.is_valid():
            return selectors.RoadmapFilter()
        data = self.cleaned_data
        return selectors.RoadmapFilter(
            municipality=data["kommune"], organisation=data["organisation"], status=data["stand"]
        )
