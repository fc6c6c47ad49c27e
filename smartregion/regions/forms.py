"""Forms for municipalities, organisations and a region's pages; services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregion.core import modules
from smartregion.regions.models import (
    FORMATTING_HELP,
    LegalDetails,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    ags_validator,
)


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=80,
        required=False,
        help_text=_(
            "Kleinbuchstaben, Ziffern und Bindestriche; leer lassen, um ihn aus dem Namen zu bilden."
        ),
    )
    ags = forms.CharField(
        label=_("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        required=False,
        validators=[ags_validator],
        help_text=_("8 Ziffern, z. B. 05566012 für Greven."),
    )
    population = forms.IntegerField(label=_("Einwohnerzahl"), min_value=0, required=False)

    @classmethod
    def initial_for(cls, municipality: Municipality) -> dict[str, object]:
        return {
            "name": municipality.name,
            "slug": municipality.slug,
            "ags": municipality.ags,
            "population": municipality.population,
        }


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Kurzname in der Adresse"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Art"), choices=OrganisationKind.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, object]:
        return {
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind,
            "website": organisation.website,
        }


class RegionPagesForm(forms.Form):
    name = forms.CharField(label=_("Name der Region"), max_length=200)
    name_dative = forms.CharField(
        label=_("Name nach „in“"),
        max_length=230,
        help_text=_(
            "So steht der Name in Sätzen wie „Umfragen im Kreis Steinfurt“, z. B. „im Kreis Steinfurt“ "
            "oder „in der Stadt Münster“."
        ),
    )
    name_genitive = forms.CharField(
        label=_("Name im Genitiv"),
        max_length=230,
        help_text=_(
            "So steht der Name in Sätzen wie „Ihr Team des Kreises Steinfurt“, z. B. „des Kreises "
            "Steinfurt“ oder „der Stadt Münster“."
        ),
    )
    description = forms.CharField(
        label=_("Kurzbeschreibung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    @classmethod
    def initial_for(cls, region: Region) -> dict[str, object]:
        return {
            "name": region.name,
            "name_dative": region.name_in,
            "name_genitive": region.name_of,
            "description": region.description,
        }


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ONE_LINE_ADDRESS = forms.Textarea(attrs={"rows": 3})


class LegalForm(forms.ModelForm):
    """The structured fields of one legal page; ``addition`` names the region's own Markdown text
    below it (edited in an ``AdditionForm`` on the same page) and ``addition_label`` its label."""

    addition = ""
    addition_label: Any = ""


class AdditionForm(forms.Form):
    """The region's own text below a legal page's required parts."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, help_text=FORMATTING_HELP, max_length=20000
    )

    def __init__(self, *args: Any, legal_form: type[LegalForm], region: Region, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"text": getattr(region, legal_form.addition)})
        kwargs["prefix"] = "ergaenzung"
        super().__init__(*args, **kwargs)
        self.fields["text"].label = legal_form.addition_label


class ImprintForm(LegalForm):
    addition = "imprint"
    addition_label = _("Ergänzung zum Impressum")

    class Meta:
        model = LegalDetails
        fields = [
            "body_name",
            "legal_form",
            "representative",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "vat_id",
            "supervisory_authority",
            "content_responsible",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("representative", "street", "postal_code", "city", "email"):
            self.fields[name].required = True


class PrivacyForm(LegalForm):
    addition = "privacy"
    addition_label = _("Ergänzung zur Datenschutzerklärung")

    class Meta:
        model = LegalDetails
        fields = [
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "data_protection_authority",
            "state_data_protection_law",
            "ideas_retention_months",
            "audit_retention_months",
            "log_retention_days",
            "after_account_deletion",
        ]
        widgets = {"data_protection_authority": ONE_LINE_ADDRESS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("dpo_name", "dpo_email", "data_protection_authority"):
            self.fields[name].required = True


class AccessibilityForm(LegalForm):
    addition = "accessibility"
    addition_label = _("Ergänzung zur Erklärung zur Barrierefreiheit")
    arbitration_url = forms.URLField(
        label=_("Website der Schlichtungsstelle"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = LegalDetails
        fields = [
            "accessibility_law",
            "compliance",
            "assessment_method",
            "statement_date",
            "last_review",
            "feedback_contact",
            "feedback_email",
            "feedback_phone",
            "arbitration_name",
            "arbitration_address",
            "arbitration_phone",
            "arbitration_email",
            "arbitration_url",
        ]
        widgets = {
            "accessibility_law": forms.Textarea(attrs={"rows": 2}),
            "compliance": forms.RadioSelect,
            "assessment_method": forms.RadioSelect,
            "statement_date": DATE,
            "last_review": DATE,
            "arbitration_address": ONE_LINE_ADDRESS,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("feedback_email", "arbitration_name"):
            self.fields[name].required = True


class BarrierForm(forms.Form):
    barrier = forms.CharField(
        label=_("Was ist nicht barrierefrei?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    alternative = forms.CharField(
        label=_("Barrierefreie Alternative"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wie man die Inhalte trotzdem erhält, z. B. per Telefon oder als Webseite."),
    )


BarrierFormSet = forms.formset_factory(BarrierForm, extra=2, max_num=30, validate_max=True)


def barrier_formset(data: Any, details: LegalDetails) -> Any:
    """The list of barriers of the statement, two empty rows to add more."""
    return BarrierFormSet(data, initial=list(details.barriers), prefix="barriere")


def barriers_of(formset: Any) -> list[dict[str, str]]:
    return [
        {
            "barrier": form.cleaned_data.get("barrier", ""),
            "alternative": form.cleaned_data.get("alternative", ""),
        }
        for form in formset.forms
        if form.cleaned_data
    ]


LEGAL_FORMS: dict[str, type[LegalForm]] = {
    "impressum": ImprintForm,
    "datenschutz": PrivacyForm,
    "barrierefreiheit": AccessibilityForm,
}


class ModulesForm(forms.Form):
    """Which optional modules a region uses; the choices come from the module registry."""

    in_use = forms.MultipleChoiceField(
        label=_("Module, die diese Region nutzt"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Ein abgeschaltetes Modul verschwindet aus der Navigation; seine Seiten und seine "
            "Schnittstelle antworten für diese Region mit „nicht gefunden“. "
            "Gespeicherte Daten bleiben erhalten."
        ),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"in_use": [m.key for m in modules.switchable() if modules.is_on(region, m.key)]}
        )
        super().__init__(*args, **kwargs)
        self.fields["in_use"].choices = [(m.key, m.label) for m in modules.switchable()]  # type: ignore[attr-defined]
