"""Markdown to safe HTML: rendered with Python-Markdown, sanitised with nh3."""

import markdown as md  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The help text of every field whose text is rendered with render_markdown, in words a citizen
# understands.
FORMATTING_HELP = _(
    "Sie können Text formatieren: **fett**, *kursiv*, Listen mit „-“, Links als [Text](Adresse)."
)

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> SafeString:
    """Render Markdown; scripts, event handlers and foreign tags are removed."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above
