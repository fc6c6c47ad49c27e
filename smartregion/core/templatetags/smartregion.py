"""Template filters shared by every app."""

from django import forms, template
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
