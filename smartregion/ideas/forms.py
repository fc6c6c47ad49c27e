"""Forms of the idea pages; choices are limited to the region, and the services validate again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartregion.core.validators import validate_single_line
from smartregion.ideas.images import ACCEPT, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, checked_image
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.regions.models import Municipality, Region
from smartregion.regions.selectors import municipalities_of
from smartregion.strategy.models import FieldOfAction

LIST_STATUSES = (IdeaStatus.PUBLISHED, IdeaStatus.REJECTED, IdeaStatus.MERGED)


def fields_of(region: Region) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.filter(strategy__region=region).order_by("order", "pk")


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class IdeaForm(forms.Form):
    """A new idea; without an account the person also gives a name and an e-mail address."""

    title = forms.CharField(label=_("Titel Ihrer Idee"), max_length=200, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was möchten Sie verbessern, und wem hilft es? Höchstens 5000 Zeichen."),
    )
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=FieldOfAction.objects.none(), empty_label=_("Bitte wählen")
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.none(), empty_label=_("Bitte wählen")
    )
    place = forms.CharField(
        label=_("Ort"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel eine Straße, ein Platz oder ein Gebäude."),
    )
    image = forms.FileField(
        label=_("Bild"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("JPEG, PNG, GIF oder WebP, höchstens %(mb)d MB und %(px)d × %(px)d Pixel.")
        % {"mb": MAX_IMAGE_BYTES // (1024 * 1024), "px": MAX_IMAGE_SIDE},
    )
    image_alt = forms.CharField(
        label=_("Was ist auf dem Bild zu sehen?"),
        max_length=250,
        required=False,
        help_text=_(
            "Nötig, wenn Sie ein Bild hochladen: Die Beschreibung hilft Menschen, die es nicht sehen."
        ),
    )
    author_name = forms.CharField(label=_("Ihr Name"), max_length=200)
    author_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_(
            "Wir schicken Ihnen einen Link, mit dem Sie die Adresse bestätigen. Erst dann wird die Idee "
            "geprüft. Name und Adresse werden nicht veröffentlicht."
        ),
    )

    def __init__(self, *args: Any, region: Region, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "field").queryset = fields_of(region)
        _model_choice(self, "municipality").queryset = municipalities_of(region)
        if signed_in:
            del self.fields["author_name"], self.fields["author_email"]

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image:
            # Checked here too, so a bad file shows next to the field before anything else runs.
            checked_image(image)
            image.seek(0)
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist."))
        return data


class IdeaFilterForm(forms.Form):
    """The filters above the public idea list; unknown values are ignored."""

    q = forms.CharField(label=_("Suche"), max_length=200, required=False)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    municipality = forms.ChoiceField(label=_("Kommune"), required=False)
    status = forms.ChoiceField(label=_("Stand"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "field").choices = [("", _("alle")), *fields_of(region).values_list("slug", "name")]
        _choice(self, "municipality").choices = [
            ("", _("alle")),
            *municipalities_of(region).values_list("slug", "name"),
        ]
        _choice(self, "status").choices = [(s.value, s.label) for s in LIST_STATUSES]

    def filters(self) -> dict[str, str]:
        """The valid filters as keyword arguments for ``ideas_for_region``."""
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


class SupportForm(forms.Form):
    """Support without an account: by an e-mail address, confirmed by a link."""

    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Ihre Unterstützung zählt, sobald Sie den Link in unserer E-Mail geöffnet haben."),
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "support_%s")
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=_("Ihr Name"), max_length=200, help_text=_("Wird mit dem Kommentar veröffentlicht.")
    )
    text = forms.CharField(
        label=_("Ihr Kommentar"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["author_name"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die Begründung wird der einreichenden Person geschickt und bei der Idee angezeigt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reject_%s")
        super().__init__(*args, **kwargs)


class CommentDecisionForm(forms.Form):
    """The moderator's decision about a waiting comment. Nothing is chosen beforehand: a comment is
    published only when someone chose to."""

    action = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("publish", _("Freigeben")), ("hide", _("Ausblenden"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie, ob der Kommentar freigegeben oder ausgeblendet wird."),
            "invalid_choice": _("Bitte wählen Sie „Freigeben“ oder „Ausblenden“."),
        },
    )

    def __init__(self, *args: Any, comment_id: int, author: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"kommentar-{comment_id}-%s")
        super().__init__(*args, **kwargs)
        self.fields["action"].label = gettext("Entscheidung zum Kommentar von %(name)s") % {"name": author}


class NumberedIdeaField(forms.ModelChoiceField[Idea]):
    def label_from_instance(self, obj: Idea) -> str:
        return gettext("%(title)s (Nr. %(number)d)") % {"title": obj.title, "number": obj.pk}


class MergeForm(forms.Form):
    """Choose the published idea a duplicate is merged into."""

    target = NumberedIdeaField(
        label=_("Zusammenführen mit"),
        queryset=Idea.objects.none(),
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        empty_label=None,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine veröffentlichte Idee dieser Region.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Idea], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "merge_%s")
        super().__init__(*args, **kwargs)
        self.set_candidates(candidates)

    def set_candidates(self, candidates: QuerySet[Idea]) -> None:
        """What the form accepts, or (after validating) what it shows."""
        _model_choice(self, "target").queryset = candidates
