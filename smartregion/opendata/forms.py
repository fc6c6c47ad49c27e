"""The form of the open data module: the licence a region chooses."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from smartregion.core.validators import validate_single_line
from smartregion.opendata.models import Licence
from smartregion.opendata.services import ATTRIBUTION_LENGTH


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(label=_("Lizenz"), choices=Licence.choices, widget=forms.RadioSelect)
    attribution = forms.CharField(
        label=_("Namensnennung"),
        required=False,
        max_length=ATTRIBUTION_LENGTH,
        validators=[ProhibitNullCharactersValidator(), validate_single_line],
        help_text=_(
            "Wen Nutzerinnen und Nutzer der Daten nennen müssen, z. B. „Kreis Steinfurt“. "
            "Leer: der Name der Region. Bei den Lizenzen ohne Namensnennung ein Hinweis."
        ),
    )
