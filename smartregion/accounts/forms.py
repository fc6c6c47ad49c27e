"""Forms for inviting members, changing roles and accepting an invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from smartregion.accounts import tokens
from smartregion.accounts.models import Role
from smartregion.core.validators import validate_single_line
from smartregion.regions.models import Municipality, Organisation, Region


class _RoleScopeForm(forms.Form):
    """Role plus optional municipality and organisation, limited to one region's choices."""

    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Pflicht für Digitalisierungsbeauftragte einer Kommune."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from this region only: an id from another region is "not a valid choice".
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region)  # type: ignore[attr-defined]


class InviteForm(_RoleScopeForm):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    field_order = ["email", "role", "municipality", "organisation"]


class MembershipForm(_RoleScopeForm):
    pass


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=200)
    password = forms.CharField(
        label=_("Passwort"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


class ApiTokenForm(forms.Form):
    """A new API token: what it is for, where it may write, until when it works."""

    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_(
            "Wofür der Schlüssel ist, z. B. „Open-Data-Portal NRW“ oder „Sensorplattform Stadtwerke“."
        ),
    )
    write_scopes = forms.MultipleChoiceField(
        label=_("Darf schreiben in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ohne Auswahl darf der Schlüssel nur lesen."),
    )
    expires_on = forms.DateField(
        label=_("Gültig bis"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Höchstens ein Jahr."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["write_scopes"].choices = tokens.write_scope_choices()  # type: ignore[attr-defined]


class DeleteAccountForm(forms.Form):
    """The last step before an account is deleted: the person's own password."""

    password = forms.CharField(
        label=_("Ihr Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zur Sicherheit: Nur Sie selbst können Ihr Konto löschen."),
    )
