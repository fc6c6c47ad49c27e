"""Template filters shared by every app."""

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.utils.safestring import SafeString

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
    attrs["class"] = " ".join(sorted(classes))
    return choice.tag()
