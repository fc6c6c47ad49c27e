"""Template filters shared by every app."""

import datetime
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from smartregion.core.forms import error_summary as summary_of
from smartregion.core.forms import widget_class
from smartregion.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.filter(name="kern_widget")
def kern_widget(field: forms.BoundField) -> SafeString:
    """Render a field's widget with the KERN class for its kind."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {widget_class(field)}".strip()})


@register.filter(name="kern_choice")
def kern_choice(choice: BoundWidget) -> SafeString:
    """One checkbox or radio button of a choice group, with the KERN class for its kind."""
    kind = "radio" if choice.data.get("type") == "radio" else "checkbox"
    attrs = choice.data.setdefault("attrs", {})  # this option's own dict, made for this iteration
    classes = set(attrs.get("class", "").split())
    classes.add(f"kern-form-check__{kind}")
    if attrs.get("aria-invalid") == "true":  # set by Django on every option of a field with an error
        classes.add(f"kern-form-check__{kind}--error")
    attrs["class"] = " ".join(sorted(classes))
    return choice.tag()


@register.inclusion_tag("core/partials/error_summary.html")
def error_summary(*forms_: Any, heading: str = "") -> dict[str, Any]:
    """The error summary above a form: ``{% error_summary form %}``, or several forms and
    formsets of one page at once. Every form the renderer draws (``{{ form }}``) has it already;
    a page that draws its fields one by one puts this tag at the top of its form."""
    return {"errors": summary_of(*forms_), "heading": heading}


@register.filter(expects_localtime=True)
def time_of_day(value: datetime.datetime | datetime.time | None) -> str:
    """A time of day as people read it: "14:00 Uhr" in German, the English format in English."""
    if value is None or value == "":
        return ""
    # Translators: a time of day; in English only the time ("%(time)s").
    return _("%(time)s Uhr") % {"time": formats.time_format(value, "TIME_FORMAT")}


@register.filter(expects_localtime=True)
def date_and_time(value: datetime.datetime | None, date_format: str = "SHORT_DATE_FORMAT") -> str:
    """A moment with its date (``SHORT_DATE_FORMAT`` unless another format is named) and its
    time of day: "04.12.2026, 14:00 Uhr"."""
    if value is None or value == "":
        return ""
    # Translators: a date and a time of day; in English without "Uhr" ("%(date)s, %(time)s").
    return _("%(date)s, %(time)s Uhr") % {
        "date": formats.date_format(value, date_format),
        "time": formats.time_format(value, "TIME_FORMAT"),
    }
