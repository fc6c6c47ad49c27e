"""Forms for municipalities, organisations and a region's pages; services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartregion.core import modules
from smartregion.regions.models import (
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
    description = forms.CharField(
        label=_("Kurzbeschreibung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    imprint = forms.CharField(
        label=_("Impressum"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown"),
    )
    privacy = forms.CharField(
        label=_("Datenschutzerklärung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown"),
    )
    accessibility = forms.CharField(
        label=_("Erklärung zur Barrierefreiheit"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown"),
    )

    @classmethod
    def initial_for(cls, region: Region) -> dict[str, object]:
        return {name: getattr(region, name) for name in cls.base_fields}


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
