"""Confirmation of destructive actions: nothing is removed by one click.

A view that removes something (a record, a role, a registration, a key's validity) answers a GET,
and a POST without the confirmation field, with a confirmation page that names what goes and what
follows from it; only the POST that page sends (``bestaetigt=1``) carries out the removal::

    if not confirm.is_confirmed(request):
        return confirm.page(request, confirm.Removal(title=..., cancel_url=..., consequences=[...]))
    services.delete_thing(...)

The page works without JavaScript. A list page links to it instead of posting the removal itself;
a form that still posts straight to the removal lands on the same page and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import router
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CONFIRM_FIELD = "bestaetigt"


def is_confirmed(request: HttpRequest) -> bool:
    """True only for the POST sent by a confirmation page's button."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


@dataclass(frozen=True)
class Removal:
    """What a confirmation page says.

    ``title`` is the question the page asks (e.g. „Offenheit“ entfernen?), ``consequences`` what
    follows from the removal, one sentence each; ``cancel_url`` is where „Abbrechen“ leads (the
    page the person came from), ``back_label`` names it above the heading.
    """

    title: str
    cancel_url: str
    consequences: Sequence[str] = field(default_factory=tuple)
    back_label: str = ""
    button: str = ""


def page(request: HttpRequest, removal: Removal) -> HttpResponse:
    """The confirmation page; renders only, changes nothing."""
    context = {
        "removal": removal,
        "button": removal.button or _("Ja, entfernen"),
        "confirm_field": CONFIRM_FIELD,
    }
    response = render(request, "core/confirm.html", context)
    response["Cache-Control"] = "no-store"
    return response


def cascade_consequences(obj: Model) -> list[str]:
    """What else deleting ``obj`` takes along, as sentences: rows deleted with it, links to other
    rows that disappear and references that are emptied. Counts only, read without writing."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return []  # the removal itself will be refused, with the service's reason
    deleted: Counter[type[Model]] = Counter()
    for model, instances in collector.data.items():
        deleted[model] += len(instances) - (1 if model is type(obj) else 0)
    unlinked: Counter[type[Model]] = Counter()
    for rows in collector.fast_deletes:
        model, count = rows.model, _count(rows)
        owner = _linked_model(model, type(obj))
        if owner is not None:
            unlinked[owner] += count
        else:
            deleted[model] += count
    sentences: list[str] = []
    origin = type(obj)._meta.app_label
    if gone := _amounts(deleted, origin):
        sentences.append(_("Ebenfalls entfernt werden: %(list)s.") % {"list": gone})
    if loose := _amounts(unlinked, origin):
        sentences.append(_("Nicht mehr damit verbunden sind: %(list)s.") % {"list": loose})
    for (model_field, _value), batches in collector.field_updates.items():
        # A batch is a QuerySet or a list of instances (django-stubs say: instances only).
        count = sum(_count(rows) for rows in cast("list[Any]", batches))
        if count:
            sentences.append(
                _("Bei %(amount)s wird die Angabe „%(field)s“ geleert.")
                % {
                    "amount": _amounts(Counter({model_field.model: count}), origin),
                    "field": model_field.verbose_name,
                }
            )
    return sentences


def _count(rows: QuerySet[Any] | Sequence[Any]) -> int:
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def _linked_model(model: type[Model], removed: type[Model]) -> type[Model] | None:
    """For the hidden table of a many-to-many field: the model on the other side of the link."""
    if not model._meta.auto_created:
        return None
    others = [
        f.related_model
        for f in model._meta.fields
        if f.is_relation and isinstance(f.related_model, type) and f.related_model is not removed
    ]
    return others[0] if others else removed


def _amounts(counts: Counter[type[Model]], origin: str) -> str:
    named = [_amount(model, count, origin) for model, count in counts.items() if count and _named(model)]
    details = sum(count for model, count in counts.items() if not _named(model))
    if details:
        # A model without a German name is a detail of another one (e.g. a question's options).
        named.append(
            ngettext("%(count)d zugehöriger Eintrag", "%(count)d zugehörige Einträge", details)
            % {"count": details}
        )
    return ", ".join(named)


def _named(model: type[Model]) -> bool:
    return "verbose_name" in model._meta.original_attrs


def _amount(model: type[Model], count: int, origin: str) -> str:
    """„3 Ziele“, „1 Antwort“; a row of another module names it where the name alone is not clear:
    „27 Antworten (Bedarfsanalyse)“."""
    name = str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)
    module = model._meta.app_config
    where = str(module.verbose_name) if module else ""
    if (
        module is None
        or model._meta.app_label == origin
        or not module.name.startswith("smartregion.")
        or where in (name, str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
    ):
        return f"{count} {name}"
    return f"{count} {name} ({where})"
