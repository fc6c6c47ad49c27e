"""Forms of the project pages. Every choice is limited to the region; the services validate again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartregion.accounts.roles import memberships_by_region
from smartregion.portfolio.models import NEEDS_REASON, PUBLIC_STATUSES, Maturity, Project, ProjectStatus
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.regions.selectors import municipalities_of, organisations_of
from smartregion.strategy.models import FieldOfAction

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Renders choice groups as fieldsets and the Steckbrief in titled sections; other fields as usual.
FORM_TEMPLATE = "portfolio/projects/partials/form.html"
RELATED = ("fields", "municipalities", "dependencies")


def fields_of(region: Region) -> QuerySet[FieldOfAction]:
    # select_related: the service checks each chosen field's strategy.region_id.
    return (
        FieldOfAction.objects.filter(strategy__region=region)
        .select_related("strategy")
        .order_by("order", "pk")
    )


def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _text(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"})


def _date(label: StrPromise) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ProjectForm(forms.Form):
    """The Steckbrief: what, where and who, when and how much, effect and risks."""

    template_name = FORM_TEMPLATE
    error_summary_heading = _("Der Steckbrief wurde nicht gespeichert. Bitte prüfen Sie diese Angaben:")
    SECTIONS: tuple[tuple[str | Promise, tuple[str, ...]], ...] = (
        (_("Worum es geht"), ("title", "summary", "starting_point", "goals", "measures", "target_groups")),
        (_("Einordnung"), ("fields", "maturity", "dependencies")),
        (_("Wo und wer"), ("municipalities", "lead_organisation", "lead_person", "partners")),
        (_("Wann"), ("start_date", "end_date")),
        (_("Wirkung und Risiken"), ("indicators", "risks")),
    )

    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(label=_("Kurzbeschreibung"), widget=_text(3), required=False)
    starting_point = forms.CharField(label=_("Ausgangslage"), widget=_text(), required=False)
    goals = forms.CharField(label=_("Ziele"), widget=_text(), required=False)
    measures = forms.CharField(label=_("Maßnahmen"), widget=_text(), required=False)
    target_groups = forms.CharField(label=_("Zielgruppen"), widget=_text(2), required=False)
    # Named like the model field; the metaclass moves it into base_fields, so Form.fields is untouched.
    fields = forms.ModelMultipleChoiceField(  # type: ignore[assignment]
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        widget=_checkboxes(),
        required=False,
        error_messages={"invalid_choice": _("Es können nur Handlungsfelder dieser Region gewählt werden.")},
    )
    maturity = forms.ChoiceField(label=_("Reifegrad"), choices=Maturity.choices, initial=Maturity.IDEA)
    dependencies = forms.ModelMultipleChoiceField(
        label=_("Abhängig von anderen Projekten"),
        queryset=Project.objects.none(),
        widget=_checkboxes(),
        required=False,
        error_messages={"invalid_choice": _("Abhängigkeiten sind nur zu Projekten dieser Region möglich.")},
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Wo (Kommunen)"),
        queryset=Municipality.objects.none(),
        widget=_checkboxes(),
        required=False,
        error_messages={"invalid_choice": _("Es können nur Kommunen dieser Region gewählt werden.")},
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Federführung (Organisation)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("keine Angabe"),
        error_messages={"invalid_choice": _("Die federführende Organisation gehört nicht zu dieser Region.")},
    )
    lead_person = forms.CharField(label=_("Ansprechperson"), max_length=200, required=False)
    partners = forms.CharField(label=_("Mit wem (Partner)"), widget=_text(2), required=False)
    start_date = _date(_("Beginn"))
    end_date = _date(_("Ende"))
    indicators = forms.CharField(label=_("Indikatoren"), widget=_text(3), required=False)
    risks = forms.CharField(label=_("Risiken"), widget=_text(3), required=False)

    def __init__(self, *args: Any, region: Region, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "fields").queryset = fields_of(region)
        _model_choice(self, "municipalities").queryset = municipalities_of(region)
        _model_choice(self, "lead_organisation").queryset = organisations_of(region)
        others = Project.objects.filter(region=region).order_by("title", "pk")
        _model_choice(self, "dependencies").queryset = others.exclude(pk=project.pk) if project else others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data

    def sections(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def profile_data(self) -> dict[str, Any]:
        """The cleaned profile as ``create_project``/``change_project`` take it."""
        data = {name: self.cleaned_data[name] for name in self.base_fields if name != "expected_version"}
        for name in RELATED:
            data[name] = list(data[name])
        return data


class ProjectEditForm(ProjectForm):
    """The Steckbrief with the version the editor started from, so a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("expected_version") is None:
            # Missing only when the page was tampered with or is very old: never save without it.
            raise forms.ValidationError(
                _("Es fehlt die Angabe, welche Fassung Sie bearbeitet haben. Bitte laden Sie die Seite neu.")
            )
        return data


def initial_of(project: Project) -> dict[str, Any]:
    """The form's starting values: the saved profile and the version it is."""
    initial: dict[str, Any] = {
        name: getattr(project, name)
        for name in ProjectForm.base_fields
        if name not in (*RELATED, "lead_organisation")
    }
    initial["lead_organisation"] = project.lead_organisation_id
    for name in RELATED:
        initial[name] = [obj.pk for obj in getattr(project, name).all()]
    initial["expected_version"] = project.version
    return initial


BUTTONS: dict[str, StrPromise] = {
    ProjectStatus.DEFERRED: _("Zurückstellen"),
    ProjectStatus.DISCARDED: _("Verwerfen"),
}


class TransitionForm(forms.Form):
    """One step of the lifecycle; deferring and discarding need a reason."""

    to = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": _("Bitte wählen Sie einen Schritt.")}
    )
    reason = forms.CharField(label=_("Begründung"), widget=_text(3), max_length=2000, required=False)

    def __init__(self, *args: Any, target: str, **kwargs: Any) -> None:
        # Several of these forms share a page: ids carry the target (a known status, never raw input).
        target = target if target in ProjectStatus.values else ""
        kwargs.setdefault("auto_id", f"stand-{target or 'unbekannt'}-%s")
        kwargs.setdefault("initial", {"to": target})
        super().__init__(*args, **kwargs)
        self.target = target
        self.needs_reason = target in NEEDS_REASON
        self.target_label = ProjectStatus(target).label if target in ProjectStatus.values else target
        self.button_label = BUTTONS.get(target) or gettext("Auf „%(status)s“ setzen") % {
            "status": self.target_label
        }
        reason = self.fields["reason"]
        reason.required = self.needs_reason
        reason.error_messages["required"] = gettext(
            "Bitte begründen Sie, warum das Projekt zurückgestellt oder verworfen wird."
        )
        if target == ProjectStatus.DEFERRED:
            reason.label = _("Warum wird das Projekt zurückgestellt?")
        elif target == ProjectStatus.DISCARDED:
            reason.label = _("Warum wird das Projekt verworfen?")


class ProjectFilterForm(forms.Form):
    """The filters above a region's project list; unknown values are shown as errors and ignored."""

    q = forms.CharField(label=_("Suche"), max_length=200, required=False)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    municipality = forms.ChoiceField(label=_("Kommune"), required=False)
    status = forms.ChoiceField(label=_("Stand"), required=False)

    def __init__(self, *args: Any, region: Region, all_statuses: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "field").choices = [("", _("alle")), *fields_of(region).values_list("slug", "name")]
        _choice(self, "municipality").choices = [
            ("", _("alle")),
            *municipalities_of(region).values_list("slug", "name"),
        ]
        statuses = ProjectStatus if all_statuses else [ProjectStatus(s) for s in PUBLIC_STATUSES]
        _choice(self, "status").choices = [("", _("alle")), *((s.value, s.label) for s in statuses)]

    def filters(self) -> dict[str, str]:
        """The valid filters as keyword arguments for ``projects_for_region``."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "field": data.get("field", ""),
            "municipality": data.get("municipality", ""),
            "status": data.get("status", ""),
        }


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.order_by("name").values_list("slug", "name")
        _choice(self, "region").choices = [("", _("alle")), *regions]

    def filters(self) -> dict[str, str]:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q", ""), "region": data.get("region", "")}


# Adoption (Nachnutzung) ------------------------------------------------------------------


def may_adopt_into(user: Any, region: Region, municipality: Municipality | None) -> bool:
    """May this person create a linked copy for the municipality, or for the whole region?"""
    return bool(
        user.has_perm("portfolio.adopt_project", municipality if municipality is not None else region)
    )


@dataclass(frozen=True)
class AdoptionTarget:
    region: Region
    municipality: Municipality | None

    @property
    def value(self) -> str:
        return f"{self.region.slug}/{self.municipality.slug}" if self.municipality else self.region.slug

    @property
    def label(self) -> str:
        if self.municipality is None:
            return gettext("%(region)s (die ganze Region)") % {"region": self.region.name}
        return f"{self.municipality.name} ({self.region.name})"

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.region.pk, self.municipality.pk if self.municipality else None)


def adoption_targets(user: Any, project: Project) -> list[AdoptionTarget]:
    """Where this person may reuse the project: their regions (other than the project's) and the
    municipalities of their regions, each checked against the permission."""
    regions = [roles.region for roles in memberships_by_region(user).values()]
    candidates = [AdoptionTarget(r, None) for r in regions if r.pk != project.region_id]
    by_region = {r.pk: r for r in regions}
    municipalities = Municipality.objects.filter(region_id__in=by_region).order_by("name")
    candidates += [AdoptionTarget(by_region[m.region_id], m) for m in municipalities]
    # A copy is not offered again to the municipality it was made for.
    candidates = [
        t
        for t in candidates
        if t.municipality is None or t.municipality.pk != project.adopted_by_municipality_id
    ]
    return [t for t in candidates if may_adopt_into(user, t.region, t.municipality)]


class AdoptionForm(forms.Form):
    template_name = FORM_TEMPLATE

    target = forms.ChoiceField(
        label=_("Wer nutzt das Projekt nach?"),
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        error_messages={
            "required": _("Bitte wählen Sie, wer das Projekt nachnutzt."),
            "invalid_choice": _("Für diese Stelle dürfen Sie das Projekt nicht nachnutzen."),
        },
    )

    def __init__(
        self, *args: Any, targets: list[AdoptionTarget], adopted: set[tuple[int, int | None]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {t.value: t for t in targets}
        already = gettext("nutzt das Projekt bereits nach")
        _choice(self, "target").choices = [
            (t.value, f"{t.label} – {already}" if t.key in adopted else t.label) for t in targets
        ]

    def chosen(self) -> AdoptionTarget:
        return self.targets[self.cleaned_data["target"]]
