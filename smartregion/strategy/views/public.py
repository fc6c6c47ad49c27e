"""Public strategy pages: the current text, fields, versions, comparison, municipal strategies."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from smartregion.core.params import query_int
from smartregion.core.versioning import CompareForm, no_such_version
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Municipality, Region
from smartregion.strategy import selectors
from smartregion.strategy.models import Strategy


def _strategy_or_404(region: Region) -> Strategy:
    strategy = selectors.strategy_of(region)
    if strategy is None:
        raise Http404
    return strategy


@require_GET
@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    strategy = selectors.strategy_of(region)
    can_edit = request.user.has_perm("strategy.change_strategy", region)
    if strategy is None:
        return render(request, "strategy/empty.html", {"region": region, "can_edit": can_edit})
    number = query_int(request, "fassung", minimum=1, invalid_is_404=True)
    if number is not None:
        return _render_version(request, region, strategy, number)
    context = {
        "region": region,
        "strategy": strategy,
        "fixed_versions": list(selectors.fixed_versions_of(strategy)),
        "timeline": selectors.timeline_of(strategy, request.user),
        "can_edit": can_edit,
    }
    return render(request, "strategy/overview.html", context)


@require_GET
@region_view
def field_detail(request: HttpRequest, region: Region, field_slug: str) -> HttpResponse:
    strategy = _strategy_or_404(region)
    field = next((f for f in strategy.fields.all() if f.slug == field_slug), None)
    if field is None:
        raise Http404
    return render(
        request, "strategy/field_detail.html", {"region": region, "strategy": strategy, "field": field}
    )


@require_GET
@region_view
def versions(request: HttpRequest, region: Region) -> HttpResponse:
    strategy = _strategy_or_404(region)
    all_versions = list(selectors.versions_of(strategy)[:200])
    form = CompareForm(initial={"von": max(strategy.current_version - 1, 1), "bis": strategy.current_version})
    context = {
        "region": region,
        "strategy": strategy,
        "versions": all_versions,
        "form": form,
        "can_edit": request.user.has_perm("strategy.change_strategy", region),
    }
    return render(request, "strategy/versions.html", context)


@require_GET
@region_view
def version_detail(request: HttpRequest, region: Region, number: int) -> HttpResponse:
    return _render_version(request, region, _strategy_or_404(region), number)


def _render_version(request: HttpRequest, region: Region, strategy: Strategy, number: int) -> HttpResponse:
    shown = selectors.version(strategy, number)
    context = {"region": region, "strategy": strategy, "version": shown, "snapshot": shown.snapshot}
    return render(request, "strategy/version_detail.html", context)


@require_GET
@region_view
def compare(request: HttpRequest, region: Region) -> HttpResponse:
    strategy = _strategy_or_404(region)
    form = CompareForm(request.GET)
    comparison = None
    status = 200
    if form.is_valid():
        old, new = sorted((form.cleaned_data["von"], form.cleaned_data["bis"]))
        try:
            comparison = selectors.compare_versions(strategy, old, new)
        except Http404:
            form.add_error(None, no_such_version(strategy.current_version))
            status = 404
    else:
        status = 400
    context = {"region": region, "strategy": strategy, "form": form, "comparison": comparison}
    if comparison is not None:
        show_all = request.GET.get("alle") == "1"
        context.update(
            old_version=old,
            new_version=new,
            show_all=show_all,
            sections=comparison.sections(show_unchanged=show_all),
        )
    return render(request, "strategy/compare.html", context, status=status)


@require_GET
@region_view
def municipal_strategy(request: HttpRequest, region: Region, municipality_slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, region=region, slug=municipality_slug)
    derived = selectors.municipal_strategy_of(municipality)
    context = {
        "region": region,
        "municipality": municipality,
        "derived": derived,
        "upstream": selectors.upstream_changes(derived) if derived else None,
        "orphaned_goals": [goal for goal in derived.goals.all() if goal.field_id is None] if derived else [],
        "can_derive": request.user.has_perm("strategy.derive_strategy", municipality),
        "can_edit": derived is not None
        and request.user.has_perm("strategy.change_municipal_strategy", derived),
    }
    return render(request, "strategy/municipal.html", context)
