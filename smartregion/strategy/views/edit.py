"""The coordinators' strategy editor. Every form also works without JavaScript;
with htmx, moving and deleting swap only the changed list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartregion.accounts.http import AuthenticatedHttpRequest
from smartregion.core import confirm
from smartregion.core.forms import add_service_errors, save_valid
from smartregion.core.permissions import authorize
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Municipality, Region
from smartregion.strategy import selectors, services
from smartregion.strategy.forms import (
    FieldForm,
    FixVersionForm,
    GoalForm,
    MunicipalGoalForm,
    MunicipalStrategyForm,
    PhaseForm,
    StrategyForm,
    ValueForm,
)
from smartregion.strategy.models import FieldOfAction, Goal, Phase, Strategy, StrategyVersion, Value

Request = AuthenticatedHttpRequest


def _editable_strategy(request: Request, region: Region) -> Strategy:
    authorize(request, "strategy.change_strategy", region)
    strategy = selectors.strategy_of(region)
    if strategy is None:
        raise Http404
    return strategy


def _to_editor(region: Region, anchor: str = "") -> HttpResponse:
    response = redirect("strategy:edit", region_slug=region.slug)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _form_page(
    request: Request,
    region: Region,
    form: Form,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST call ``save`` and go back to the editor."""
    if save_valid(request, form, save, data_as="data") is not None:
        messages.success(request, success)
        return _to_editor(region, anchor)
    context = {"region": region, "form": form, "title": title, **(extra or {})}
    return render(request, "strategy/edit_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def create(request: Request, region: Region) -> HttpResponse:
    authorize(request, "strategy.change_strategy", region)
    if selectors.strategy_of(region) is not None:
        return _to_editor(region)
    form = StrategyForm(
        request.POST or None,
        initial={"title": _("Digitalisierungsstrategie %(region)s") % {"region": region.name}},
    )

    def save(data: dict[str, Any]) -> object:
        return services.create_strategy(region=region, actor=request.user, **data)

    return _form_page(request, region, form, _("Strategie anlegen"), save, _("Die Strategie wurde angelegt."))


@login_required
@require_http_methods(["GET"])
@region_view
def edit(request: Request, region: Region) -> HttpResponse:
    authorize(request, "strategy.change_strategy", region)
    strategy = selectors.strategy_of(region)
    if strategy is None:
        return redirect("strategy:create", region_slug=region.slug)
    context = {
        "region": region,
        "strategy": strategy,
        "vision_form": StrategyForm(initial={"title": strategy.title, "vision": strategy.vision}),
        # Own ids, so a value form opened inline (htmx) never repeats an id of this one.
        "value_form": ValueForm(auto_id="neu-wert-%s"),
    }
    return render(request, "strategy/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def edit_vision(request: Request, region: Region) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    form = StrategyForm(request.POST or None, initial={"title": strategy.title, "vision": strategy.vision})

    def save(data: dict[str, Any]) -> object:
        return services.update_vision(strategy=strategy, actor=request.user, **data)

    return _form_page(
        request,
        region,
        form,
        _("Leitbild bearbeiten"),
        save,
        _("Das Leitbild wurde gespeichert."),
        "leitbild",
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def value_form(request: Request, region: Region, value_id: int | None = None) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    value = get_object_or_404(Value, pk=value_id, strategy=strategy) if value_id else None
    initial = {"name": value.name, "description": value.description} if value else None
    form = ValueForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> object:
        if value is None:
            return services.add_value(strategy=strategy, actor=request.user, **data)
        return services.update_value(value=value, actor=request.user, **data)

    title = _("Wert bearbeiten") if value else _("Wert hinzufügen")
    return _form_page(request, region, form, title, save, _("Der Wert wurde gespeichert."), "werte")


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def field_form(request: Request, region: Region, field_id: int | None = None) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    field = get_object_or_404(FieldOfAction, pk=field_id, strategy=strategy) if field_id else None
    initial = None
    if field:
        initial = {name: getattr(field, name) for name in FieldForm.base_fields}
    form = FieldForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> object:
        if field is None:
            return services.add_field(strategy=strategy, actor=request.user, **data)
        return services.update_field(field=field, actor=request.user, data=data)

    title = (
        _("Handlungsfeld „%(name)s“ bearbeiten") % {"name": field.name}
        if field
        else _("Handlungsfeld hinzufügen")
    )
    extra = {"field": field, "goal_form": GoalForm()} if field else None
    return _form_page(
        request,
        region,
        form,
        title,
        save,
        _("Das Handlungsfeld wurde gespeichert."),
        "handlungsfelder",
        extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def goal_form(request: Request, region: Region, field_id: int, goal_id: int | None = None) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    # The field is looked up inside this region's strategy: another region's field is a 404.
    field = get_object_or_404(FieldOfAction, pk=field_id, strategy=strategy)
    goal = get_object_or_404(Goal, pk=goal_id, field=field) if goal_id else None
    initial = {"text": goal.text, "target_date": goal.target_date} if goal else None
    form = GoalForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> object:
        if goal is None:
            return services.add_goal(strategy=strategy, field=field, actor=request.user, **data)
        return services.update_goal(goal=goal, actor=request.user, **data)

    title = _("Ziel im Handlungsfeld „%(field)s“") % {"field": field.name}
    return _form_page(
        request, region, form, title, save, _("Das Ziel wurde gespeichert."), f"feld-{field.pk}"
    )


def _item(strategy: Strategy, kind: str, item_id: int) -> Value | FieldOfAction | Goal:
    """A value, field or goal of this strategy by the kind named in the URL, or 404."""
    if kind == "werte":
        return get_object_or_404(Value, pk=item_id, strategy=strategy)
    if kind == "handlungsfelder":
        return get_object_or_404(FieldOfAction, pk=item_id, strategy=strategy)
    if kind == "ziele":
        return get_object_or_404(Goal, pk=item_id, field__strategy=strategy)
    raise Http404


_LIST_IDS = {"werte": "werte-liste", "handlungsfelder": "felder-liste", "ziele": "ziele-liste"}


def _back_to_list(region: Region, item: Value | FieldOfAction | Goal, kind: str) -> HttpResponse:
    """Without JavaScript, go back to the page that lists the item: goals are listed on their field's page."""
    if isinstance(item, Goal):
        response = redirect("strategy:field_edit", region_slug=region.slug, field_id=item.field_id)
        response["Location"] += "#ziele"
        return response
    return _to_editor(region, kind)


def _item_list(
    request: Request, region: Region, strategy: Strategy, item: Value | FieldOfAction | Goal, kind: str
) -> HttpResponse:
    """The item's list as it is now, for htmx to swap in (the prefetched strategy holds the old order)."""
    items: QuerySet[Value] | QuerySet[FieldOfAction] | QuerySet[Goal]
    if isinstance(item, Goal):
        items = Goal.objects.filter(field_id=item.field_id)
    elif isinstance(item, FieldOfAction):
        items = FieldOfAction.objects.filter(strategy=strategy)
    else:
        items = Value.objects.filter(strategy=strategy)
    context = {"region": region, "items": items, "kind": kind, "list_id": _LIST_IDS[kind]}
    return render(request, "strategy/partials/item_list.html", context)


@login_required
@require_POST
@region_view
def move(request: Request, region: Region, kind: str, item_id: int) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    item = _item(strategy, kind, item_id)
    try:
        services.move(item=item, actor=request.user, direction=request.POST.get("richtung", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return _item_list(request, region, strategy, item, kind)
    return _back_to_list(region, item, kind)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def delete(request: Request, region: Region, kind: str, item_id: int) -> HttpResponse:
    """GET (or a POST without confirmation) asks first; the confirmed POST removes the item."""
    strategy = _editable_strategy(request, region)
    item = _item(strategy, kind, item_id)
    if not confirm.is_confirmed(request):
        return confirm.page(request, _removal(region, item, kind))
    if isinstance(item, Goal):
        services.delete_goal(goal=item, actor=request.user)
    elif isinstance(item, FieldOfAction):
        services.delete_field(field=item, actor=request.user)
    else:
        services.delete_value(value=item, actor=request.user)
    messages.success(request, _("„%(name)s“ wurde entfernt.") % {"name": str(item)})
    return _back_to_list(region, item, kind)


def _removal(region: Region, item: Value | FieldOfAction | Goal, kind: str) -> confirm.Removal:
    back = _back_to_list(region, item, kind)["Location"]
    if isinstance(item, Goal):
        title = _("Ziel „%(text)s“ entfernen?") % {"text": Truncator(item.text).chars(80)}
        label = _("Handlungsfeld „%(name)s“ bearbeiten") % {"name": item.field.name}
    elif isinstance(item, FieldOfAction):
        title = _("Handlungsfeld „%(name)s“ entfernen?") % {"name": item.name}
        label = _("Strategie bearbeiten")
    else:
        title = _("Wert „%(name)s“ entfernen?") % {"name": item.name}
        label = _("Strategie bearbeiten")
    consequences = [
        _("Der Eintrag verschwindet aus der Strategie."),
        *confirm.cascade_consequences(item),
        _("Frühere Fassungen der Strategie behalten ihn; sie bleiben unter „Fassungen“ nachlesbar."),
    ]
    return confirm.Removal(title=title, cancel_url=back, back_label=label, consequences=consequences)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def phase_form(request: Request, region: Region, phase_id: int) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    phase = get_object_or_404(Phase, pk=phase_id, strategy=strategy)
    initial = {name: getattr(phase, name) for name in PhaseForm.base_fields}
    form = PhaseForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> object:
        return services.update_phase(phase=phase, actor=request.user, **data)

    return _form_page(
        request,
        region,
        form,
        _("Phase „%(name)s“ bearbeiten") % {"name": phase.name},
        save,
        _("Die Phase wurde gespeichert."),
        "prozess",
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def fix_version(request: Request, region: Region, number: int) -> HttpResponse:
    strategy = _editable_strategy(request, region)
    version = get_object_or_404(StrategyVersion.objects.defer("snapshot"), strategy=strategy, number=number)
    if version.is_fixed:
        # Said on the list of versions: an unbound form (GET) cannot carry an error.
        messages.error(
            request, _("Diese Fassung ist bereits festgeschrieben und kann nicht mehr geändert werden.")
        )
        return redirect("strategy:versions", region_slug=region.slug)
    form = FixVersionForm(request.POST or None)
    if save_valid(request, form, services.fix_version, version=version, actor=request.user) is not None:
        messages.success(request, _("Die Fassung %(number)s wurde festgeschrieben.") % {"number": number})
        return redirect("strategy:versions", region_slug=region.slug)
    title = _("Fassung %(number)s festschreiben") % {"number": number}
    status = 400 if form.errors else 200
    return render(
        request,
        "strategy/edit_form.html",
        {"region": region, "form": form, "title": title, "version": version},
        status=status,
    )


# Municipal strategies ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def municipal_form(request: Request, region: Region, municipality_slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, region=region, slug=municipality_slug)
    strategy = selectors.strategy_of(region)
    if strategy is None:
        raise Http404
    derived = selectors.municipal_strategy_of(municipality)
    if derived is None:
        authorize(request, "strategy.derive_strategy", municipality)
        initial = None
    else:
        authorize(request, "strategy.change_municipal_strategy", derived)
        initial = {"chosen_fields": list(derived.fields.all()), "introduction": derived.introduction}
    form = MunicipalStrategyForm(request.POST or None, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            "fields": list(form.cleaned_data["chosen_fields"]),
            "introduction": form.cleaned_data["introduction"],
        }
        try:
            if derived is None:
                services.derive_municipal_strategy(municipality=municipality, actor=request.user, **data)
            else:
                services.update_municipal_strategy(municipal_strategy=derived, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Die Strategie von %(name)s wurde gespeichert.") % {"name": municipality.name}
            )
            return redirect(
                "strategy:municipal", region_slug=region.slug, municipality_slug=municipality.slug
            )
    title = _("Strategie von %(name)s") % {"name": municipality.name}
    return render(
        request,
        "strategy/edit_form.html",
        {"region": region, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


def _editable_municipal(request: Request, region: Region, municipality_slug: str) -> Any:
    municipality = get_object_or_404(Municipality, region=region, slug=municipality_slug)
    derived = selectors.municipal_strategy_of(municipality)
    if derived is None:
        raise Http404
    authorize(request, "strategy.change_municipal_strategy", derived)
    return derived


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def municipal_goal_form(request: Request, region: Region, municipality_slug: str) -> HttpResponse:
    derived = _editable_municipal(request, region, municipality_slug)
    form = MunicipalGoalForm(request.POST or None, fields_qs=derived.fields.all())
    saved = save_valid(
        request,
        form,
        services.add_municipal_goal,
        municipal_strategy=derived,
        actor=request.user,
    )
    if saved is not None:
        messages.success(request, _("Das Ziel wurde gespeichert."))
        return redirect("strategy:municipal", region_slug=region.slug, municipality_slug=municipality_slug)
    title = _("Eigenes Ziel von %(name)s") % {"name": derived.municipality.name}
    return render(
        request,
        "strategy/edit_form.html",
        {"region": region, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@region_view
def municipal_accept_upstream(request: Request, region: Region, municipality_slug: str) -> HttpResponse:
    derived = _editable_municipal(request, region, municipality_slug)
    services.accept_upstream_changes(municipal_strategy=derived, actor=request.user)
    messages.success(request, _("Die aktuelle Fassung der Kreisstrategie ist nun die Grundlage."))
    return redirect("strategy:municipal", region_slug=region.slug, municipality_slug=municipality_slug)
