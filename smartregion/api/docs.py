"""The API reference at /api/v1/docs: the OpenAPI description, rendered on the server as a page of the site.

Instead of django-ninja's Swagger UI (a script bundle without ``lang``, low contrast, controls nested in
controls): the site's own layout, readable without JavaScript, German first. ``reference()`` turns the
OpenAPI document into plain data; ``api/docs.html`` shows it: operations grouped by tag (method, path,
summary, authentication, parameters, request body, answers), then every data structure once, linked
from wherever it is used. The machine-readable description stays at /api/v1/openapi.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class TypePart:
    """A piece of a type: text, linked to a data structure when ``anchor`` is set."""

    text: str
    anchor: str = ""


@dataclass
class Field:
    name: str
    type: list[TypePart]
    required: bool
    description: SafeString
    location: str = ""  # parameters only: path, query, header or cookie, in words


@dataclass
class Answer:
    status: str
    meaning: str
    type: list[TypePart]


@dataclass
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: SafeString
    authentication: str
    parameters: list[Field]
    body: list[TypePart]
    answers: list[Answer]


@dataclass
class Group:
    name: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class DataStructure:
    name: str
    anchor: str
    description: SafeString
    fields: list[Field]
    values: list[str]


@dataclass
class Reference:
    title: str
    version: str
    description: SafeString
    groups: list[Group]
    structures: list[DataStructure]


def _status_meanings() -> dict[str, str]:
    return {
        "200": _("Erfolg"),
        "201": _("Angelegt"),
        "204": _("Erfolg, ohne Inhalt"),
        "400": _("Ungültige Eingabe"),
        "401": _("Nicht angemeldet"),
        "403": _("Nicht erlaubt"),
        "404": _("Nicht gefunden"),
        "409": _("Konflikt mit dem aktuellen Stand"),
        "413": _("Anfrage zu groß"),
        "422": _("Parameter oder Inhalt passen nicht zum Schema"),
        "429": _("Zu viele Anfragen"),
    }


def _authentication(operation: dict[str, Any]) -> str:
    schemes = [name for requirement in operation.get("security", []) for name in requirement]
    if not schemes:
        return _("Keine Anmeldung nötig")
    if schemes == ["SessionOrAnonymous"]:
        return _("Mit Anmeldung (Sitzung und CSRF-Token) oder ohne")
    if schemes == ["SessionAuth"]:
        return _("Anmeldung nötig (Sitzung und CSRF-Token)")
    return ", ".join(schemes)


def _location(where: str) -> str:
    labels = {"path": _("Pfad"), "query": _("Abfrage"), "header": _("Kopfzeile"), "cookie": _("Cookie")}
    return labels.get(where, where)


def text(value: str, *, in_cell: bool = False) -> SafeString:
    """Docstring text as HTML: paragraphs at blank lines, ````code```` as ``<code>``, everything escaped.

    In a table cell the paragraphs are lines, in the table's own type size.
    """
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", value.strip()) if part.strip()]
    rendered = []
    for paragraph in paragraphs:
        # One group in the pattern: every odd piece stood between double backquotes.
        pieces = re.split(r"``(.+?)``", paragraph)
        rendered.append(
            format_html_join(
                "",
                "{}",
                (
                    (format_html("<code>{}</code>", piece) if index % 2 else piece,)
                    for index, piece in enumerate(pieces)
                ),
            )
        )
    if in_cell:
        return format_html_join(mark_safe("<br>"), "{}", ((paragraph,) for paragraph in rendered))
    return format_html_join("", '<p class="kern-body">{}</p>', ((paragraph,) for paragraph in rendered))


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def type_of(schema: dict[str, Any]) -> list[TypePart]:
    """How a JSON schema reads: ``Liste von RegionOut``, ``string (date) oder null`` …"""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return [TypePart(name, schema_anchor(name))]
    for combinator, joiner in (("anyOf", _(" oder ")), ("oneOf", _(" oder ")), ("allOf", _(" und "))):
        if combinator in schema:
            parts: list[TypePart] = []
            for index, option in enumerate(schema[combinator]):
                if index:
                    parts.append(TypePart(joiner))
                parts += type_of(option)
            return parts
    kind = schema.get("type", "")
    if kind == "array":
        return [TypePart(_("Liste von") + " "), *type_of(schema.get("items", {}))]
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return [TypePart(_("Zuordnung Name → ")), *type_of(schema["additionalProperties"])]
    label = kind or _("beliebig")
    if "format" in schema:
        label += f" ({schema['format']})"
    if "enum" in schema:
        label += ": " + ", ".join(str(value) for value in schema["enum"])
    return [TypePart(label)]


def _constraints(schema: dict[str, Any]) -> str:
    words = []
    if "default" in schema and schema["default"] not in ("", None, {}, []):
        words.append(_("Vorgabe: %(value)s") % {"value": schema["default"]})
    if "minimum" in schema or "maximum" in schema:
        words.append(
            _("von %(minimum)s bis %(maximum)s")
            % {"minimum": schema.get("minimum", "…"), "maximum": schema.get("maximum", "…")}
        )
    if "maxLength" in schema:
        words.append(_("höchstens %(count)s Zeichen") % {"count": schema["maxLength"]})
    return "; ".join(words)


def _describe(description: str, schema: dict[str, Any]) -> SafeString:
    lines = [line for line in (description, _constraints(schema)) if line]
    return text("\n\n".join(lines), in_cell=True)


def _content_type(content: dict[str, Any]) -> list[TypePart]:
    for media in content.values():
        if "schema" in media:
            return type_of(media["schema"])
    return []


def _operation(path: str, method: str, operation: dict[str, Any]) -> Operation:
    meanings = _status_meanings()
    parameters = [
        Field(
            name=parameter["name"],
            type=type_of(parameter.get("schema", {})),
            required=bool(parameter.get("required")),
            description=_describe(parameter.get("description", ""), parameter.get("schema", {})),
            location=_location(parameter.get("in", "")),
        )
        for parameter in operation.get("parameters", [])
    ]
    responses = {str(code): answer for code, answer in operation.get("responses", {}).items()}
    answers = [
        Answer(
            status,
            meanings.get(status, answer.get("description", "")),
            _content_type(answer.get("content", {})),
        )
        for status, answer in sorted(responses.items())
    ]
    return Operation(
        anchor=operation.get("operationId") or slugify(f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=text(operation.get("description", "")),
        authentication=_authentication(operation),
        parameters=parameters,
        body=_content_type(operation.get("requestBody", {}).get("content", {})),
        answers=answers,
    )


def _structure(name: str, schema: dict[str, Any]) -> DataStructure:
    required = set(schema.get("required", []))
    fields = [
        Field(
            name=key,
            type=type_of(value),
            required=key in required,
            description=_describe(value.get("description", ""), value),
        )
        for key, value in schema.get("properties", {}).items()
    ]
    values = [str(value) for value in schema.get("enum", [])]
    return DataStructure(name, schema_anchor(name), text(schema.get("description", "")), fields, values)


def reference(document: dict[str, Any]) -> Reference:
    """The OpenAPI ``document`` as the page shows it: groups in the order their tags first appear."""
    groups: dict[str, Group] = {}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            for tag in operation.get("tags") or [_("Weitere")]:
                group = groups.setdefault(tag, Group(tag, f"tag-{slugify(tag)}"))
                group.operations.append(_operation(path, method, operation))
    info = document.get("info", {})
    structures = [
        _structure(name, schema) for name, schema in document.get("components", {}).get("schemas", {}).items()
    ]
    return Reference(
        title=info.get("title", ""),
        version=str(info.get("version", "")),
        description=text(info.get("description", "")),
        groups=list(groups.values()),
        structures=structures,
    )


class ReferencePage(DocsBase):
    """django-ninja's documentation page, replaced by ``api/docs.html``."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema(path_params=kwargs)
        context = {"reference": reference(document), "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)
