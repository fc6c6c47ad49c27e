"""The module registry: what each app contributes to the platform, declared in its ``AppConfig``.

An app becomes a module by setting ``platform = Module(...)`` on its ``AppConfig`` (``module`` is
taken: Django keeps the app's Python package there). The project's URL
configuration, the API, the main navigation, ``load_demo``, the strategy timeline's phase links,
the management page's exports, the to-do items (the management page and a person's workspace,
"Meine Aufgaben"), the version snapshots, the open data pages and
the footer of a region's pages collect what the installed modules declare; ``core`` itself
imports no feature app. Everything a module names is a dotted path, imported only when it is
used, so declaring a module costs nothing at start-up.

A region can switch a module off (``Region.switched_off_modules``): its navigation entry is not
shown, and its pages and API operations answer 404 for that region.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from graphlib import CycleError, TopologicalSorter
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.signals import setting_changed
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from smartregion.core import scoping

if TYPE_CHECKING:
    from smartregion.regions.models import Region

Label = str | Promise


@dataclass(frozen=True)
class NavigationStep:
    """The module's entry in a region's main navigation, in ``order`` (the strategy cycle's order).

    ``url_name`` takes the region's slug as its only argument. With ``roles`` set, only people who
    hold one of these roles in the region (and operators) see the entry; empty: everyone does.
    """

    label: Label
    url_name: str
    order: int
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ApiRouter:
    """A django-ninja router (``"package.module.router"``) mounted at ``prefix`` under /api/v1/.

    Its operations call ``smartregion.api.scoping`` where they find the region, so that a region
    that has switched the module off gets 404.
    """

    prefix: str
    router: str


@dataclass(frozen=True)
class DemoData:
    """The module's demo loader (a dotted path to a function without arguments that may return
    lines to print) and the modules whose demo data it needs first."""

    loader: str
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exporter:
    """A download of a region's data, offered on the management page."""

    label: Label
    url_name: str
    format: str


class SitePath(str):
    """A path on this site in a dataset's row (a project's page): downloads write it as an
    absolute URL, which only the request knows."""


@dataclass(frozen=True)
class OpenDataset:
    """A table of a region's public data, offered as CSV and JSON and listed in the region's
    DCAT-AP.de catalogue (the ``opendata`` module).

    ``key`` names the files (``projekte.csv``). ``rows`` is a dotted path to a function
    ``(region) -> (columns, rows)``: the column names and an iterable of rows of plain values
    (text, numbers, dates, times, ``SitePath``, None). It may be read lazily (a download streams
    it), reads a bounded number of queries however many rows there are, and holds only what the
    module shows everyone anyway: no drafts, nothing personal, nothing its pages keep back.
    """

    key: str
    title: Label
    description: Label
    rows: str
    keywords: tuple[Label, ...] = ()


@dataclass(frozen=True)
class FooterLink:
    """A link in the footer of a region's pages, beside the legal pages; ``url_name`` takes the
    region's slug as its only argument."""

    label: Label
    url_name: str


@dataclass(frozen=True)
class OverviewPanel:
    """A module's part of a region's start page: ``template`` rendered with ``context`` (and the
    page's own context), the panels in ``order``. Shown to everyone, so it holds public content
    only; anything per person goes on the dashboard."""

    template: str
    context: Mapping[str, Any]
    order: int = 50


@dataclass(frozen=True)
class ObjectLink:
    """A link another module adds to an object's page (a project's status page on its profile)."""

    label: str
    url: str


@dataclass(frozen=True)
class ObjectLinks:
    """For pages of ``model`` (``"portfolio.project"``): ``build``, a dotted path to a function
    ``(obj, user) -> Iterable[ObjectLink]``."""

    model: str
    build: str


@dataclass(frozen=True)
class DashboardItem:
    """Something that needs doing in a region: a label, how many, and where to do it.

    ``count`` is exact (the number the linked page shows, not an estimate); an item with a count
    of 0 is left out. ``due`` is the date by which it needs doing, where it has one (the earliest,
    for several things); ``detail`` a short line that says more (which municipality, what kind).
    """

    label: str
    count: int
    url: str
    due: datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class PersonalRecord:
    """One thing held about a person (an idea they wrote), as "Meine Daten" lists it."""

    title: str
    region: str
    when: Any  # a date or datetime
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class PersonalData:
    """What a module holds about a person, for "Meine Daten": a label, how many (exact), the most
    recent of them, and a note (e.g. that survey answers cannot be linked to anyone)."""

    label: str
    count: int
    records: tuple[PersonalRecord, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PersonalExport:
    """One kind of record a module holds about a person, in full, for the download of "Meine Daten"
    (Art. 15 and 20 DSGVO). ``fields`` name the columns (key, German label); each row maps the keys to
    text, numbers, dates or lists of them."""

    key: str
    label: str
    fields: tuple[tuple[str, str], ...]
    rows: tuple[dict[str, Any], ...]
    note: str = ""


@dataclass(frozen=True)
class Erased:
    """What a module did with a person's records when their account was deleted."""

    label: str
    anonymised: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Retained:
    """What one retention rule deleted or anonymised in a sweep (``retention``)."""

    label: str
    count: int


@dataclass(frozen=True)
class SnapshotPart:
    """A part that a module adds to another module's version snapshot.

    ``model`` is the snapshotted model's label (``"portfolio.project"``); ``build`` a dotted path
    to a function that gets the object and returns the part as text. The object's page and
    documents show the part too (``shown_parts``); ``page`` names the URL where it is worked on
    (taking ``region_slug`` and ``project_slug``, the object's slug), with ``page_label`` as the link's text.
    """

    model: str
    key: str
    label: Label
    build: str
    page: str = ""
    page_label: Label = ""


@dataclass(frozen=True)
class ShownPart:
    """A part another module adds to an object, as the object's page and documents show it."""

    key: str
    label: str
    text: str
    url: str
    url_label: str


@dataclass(frozen=True)
class TransitionGuard:
    """A check another module puts on a status change of a model (``"portfolio.project"``).

    ``guard`` is a dotted path to a function ``(obj, to, actor) -> str | None`` that returns the
    German reason for refusing the change, or None to allow it. ``to`` lists the target statuses
    it guards (empty: all).
    """

    model: str
    guard: str
    to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    """What one app contributes. ``key`` is how regions switch it on and off."""

    key: str
    label: Label
    region_urls: str = ""  # a URL module with ``app_name``, mounted under /r/<region>/
    site_urls: str = ""  # a URL module mounted at the site root (short links, catalogues)
    api: tuple[ApiRouter, ...] = ()
    navigation: NavigationStep | None = None
    demo: DemoData | None = None
    phase_links: str = ""  # a ``core.phase_links.Provider``
    exporters: tuple[Exporter, ...] = ()
    dashboard: str = ""  # a function (region, user) -> Iterable[DashboardItem]
    snapshot_parts: tuple[SnapshotPart, ...] = ()
    transition_guards: tuple[TransitionGuard, ...] = ()
    datasets: tuple[OpenDataset, ...] = ()
    footer_links: tuple[FooterLink, ...] = ()
    overview: str = ""  # a function (region) -> OverviewPanel | None, for the region's start page
    # A function (user, emails) -> Iterable[PersonalData]: what the module holds about the person with
    # this account and these verified e-mail addresses, across every region ("Meine Daten").
    personal_data: str = ""
    # A function (legal details) -> Iterable[Processing] (``core.privacy``): what the module processes, for
    # the privacy notice and the record of processing activities of each region that uses it.
    privacy: str = ""
    # A function (user, emails) -> Iterable[PersonalExport]: the same records in full, for the download.
    personal_export: str = ""
    # A function (user, emails, removes) -> Iterable[Erased], called when the person deletes their account:
    # ``removes(region_id)`` is True where the region removes contributions, else they are kept anonymised.
    personal_erase: str = ""
    # A function (now) -> Iterable[Retained]: the module's retention rules, run daily in the background.
    retention: str = ""
    object_links: tuple[ObjectLinks, ...] = ()
    can_switch_off: bool = True
    namespaces: tuple[str, ...] = field(default=())  # further URL namespaces of the module's pages


@cache
def modules() -> tuple[Module, ...]:
    """The modules of the installed apps, in the order of ``INSTALLED_APPS``."""
    found: list[Module] = []
    for config in apps.get_app_configs():
        module = getattr(config, "platform", None)
        if isinstance(module, Module):
            found.append(module)
    keys = [module.key for module in found]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"module keys must be unique: {sorted(duplicates)}")
    return tuple(found)


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        modules.cache_clear()
        _by_namespace.cache_clear()


setting_changed.connect(_forget)


def get(key: str) -> Module | None:
    return next((module for module in modules() if module.key == key), None)


def switchable() -> list[Module]:
    """The modules a region may switch off, in the order of ``INSTALLED_APPS``."""
    return [module for module in modules() if module.can_switch_off]


def _url_namespace(module: Module) -> str:
    if not module.region_urls:
        return ""
    return str(getattr(import_module(module.region_urls), "app_name", ""))


@cache
def _by_namespace() -> dict[str, Module]:
    mapping: dict[str, Module] = {}
    for module in modules():
        for namespace in (_url_namespace(module), *module.namespaces):
            if namespace:
                mapping[namespace] = module
    return mapping


def module_of_namespace(namespace: str) -> Module | None:
    return _by_namespace().get(namespace)


def is_on(region: Region, key: str) -> bool:
    """Whether the region uses the module; a module that cannot be switched off always is."""
    module = get(key)
    if module is None:
        return False
    return not module.can_switch_off or key not in (region.switched_off_modules or ())


def ensure_on(region: Region, key: str) -> None:
    """Raise Http404 when the region has switched the module off (pages and API alike)."""
    if not is_on(region, key):
        raise Http404


def ensure_page_on(region: Region, namespaces: Sequence[str]) -> None:
    """404 for a page of a module that the region has switched off (used by ``region_view``)."""
    for namespace in namespaces:
        module = module_of_namespace(namespace)
        if module is not None:
            ensure_on(region, module.key)


# ---- what the project's wiring collects -------------------------------------------------------


def region_url_modules() -> list[str]:
    return [module.region_urls for module in modules() if module.region_urls]


def site_url_modules() -> list[str]:
    return [module.site_urls for module in modules() if module.site_urls]


def api_routers() -> Iterator[tuple[Module, ApiRouter]]:
    for module in modules():
        for router in module.api:
            yield module, router


def navigation_steps() -> list[tuple[Module, NavigationStep]]:
    steps = [(module, module.navigation) for module in modules() if module.navigation is not None]
    return sorted(steps, key=lambda pair: pair[1].order)


def demo_loaders() -> list[tuple[Module, Callable[[], Iterable[str] | None]]]:
    """The demo loaders in an order that loads every module's dependencies before it."""
    declared = {module.key: (module, module.demo) for module in modules() if module.demo is not None}
    graph: dict[str, set[str]] = {}
    for key, (_module, demo) in declared.items():
        missing = [dependency for dependency in demo.after if dependency not in declared]
        if missing:
            raise ValueError(f"demo data of {key} needs {missing}, which no installed module loads")
        graph[key] = set(demo.after)
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise ValueError(f"demo data dependencies form a cycle: {error.args[1]}") from error
    return [(declared[key][0], import_string(declared[key][1].loader)) for key in order]


def phase_link_providers() -> list[tuple[Module, Callable[..., Any]]]:
    return [(module, import_string(module.phase_links)) for module in modules() if module.phase_links]


def exporters(region: Region) -> list[tuple[Module, Exporter]]:
    return [
        (module, exporter)
        for module in modules()
        if is_on(region, module.key)
        for exporter in module.exporters
    ]


def open_datasets(region: Region) -> list[tuple[Module, OpenDataset]]:
    """The datasets of the modules the region uses, in the order of ``INSTALLED_APPS``."""
    return [
        (module, dataset) for module in modules() if is_on(region, module.key) for dataset in module.datasets
    ]


def footer_links(region: Region) -> list[FooterLink]:
    """The footer links of the modules the region uses."""
    return [link for module in modules() if is_on(region, module.key) for link in module.footer_links]


def overview_panels(region: Region) -> list[OverviewPanel]:
    """The start page's panels of the modules the region uses, in their order."""
    panels = []
    for module in modules():
        if module.overview and is_on(region, module.key):
            panel = import_string(module.overview)(region)
            if panel is not None:
                panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)


def object_links(obj: Any, region: Region, user: Any) -> list[ObjectLink]:
    """The links the modules the region uses add to the page of ``obj``."""
    label = obj._meta.label_lower
    return [
        link
        for module in modules()
        if is_on(region, module.key)
        for links in module.object_links
        if links.model == label
        for link in import_string(links.build)(obj, user)
    ]


def dashboard(region: Region, user: Any) -> list[tuple[Module, list[DashboardItem]]]:
    """What needs doing in the region for this person, per module the region uses, leaving out
    modules with nothing to do; in the order of the strategy cycle (the navigation's), modules
    without a navigation step after them.

    Read within the region's scope, so a page that is not a region's own (the person's workspace)
    may ask for several regions. Each module reads a bounded number of queries.
    """
    found: list[tuple[Module, list[DashboardItem]]] = []
    with scoping.scope(region):
        for module in modules():
            if module.dashboard and is_on(region, module.key):
                items = [item for item in import_string(module.dashboard)(region, user) if item.count]
                if items:
                    found.append((module, items))
    return sorted(found, key=lambda pair: pair[0].navigation.order if pair[0].navigation else 1000)


def personal_data(user: Any, emails: frozenset[str]) -> list[PersonalData]:
    """What every installed module holds about the person, whichever region it belongs to."""
    return [
        item
        for module in modules()
        if module.personal_data
        for item in import_string(module.personal_data)(user, emails)
        if item.count or item.note
    ]


def personal_export(user: Any, emails: frozenset[str]) -> list[PersonalExport]:
    """Everything every installed module holds about the person, in full, for the download."""
    return [
        part
        for module in modules()
        if module.personal_export
        for part in import_string(module.personal_export)(user, emails)
    ]


def personal_erase(user: Any, emails: frozenset[str], removes: Callable[[int], bool]) -> list[Erased]:
    """Let every installed module remove or anonymise what it holds about the person."""
    return [
        erased
        for module in modules()
        if module.personal_erase
        for erased in import_string(module.personal_erase)(user, emails, removes)
    ]


def retention_rules() -> list[tuple[Module, str]]:
    """The modules with retention rules and the dotted path of each rule."""
    return [(module, module.retention) for module in modules() if module.retention]


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """What needs doing in the region for this person, from every module the region uses."""
    return [item for _module, items in dashboard(region, user) for item in items]


def snapshot_parts(model_label: str) -> list[SnapshotPart]:
    return [part for module in modules() for part in module.snapshot_parts if part.model == model_label]


def build_snapshot_parts(obj: Any) -> dict[str, str]:
    """The parts other modules add to the snapshot of ``obj``."""
    return {part.key: str(import_string(part.build)(obj)) for part in snapshot_parts(obj._meta.label_lower)}


def shown_parts(obj: Any, region: Region) -> list[ShownPart]:
    """The parts the modules the region uses add to ``obj`` (empty ones too, for their links)."""
    shown = []
    for module in modules():
        if not is_on(region, module.key):
            continue
        for part in module.snapshot_parts:
            if part.model != obj._meta.label_lower:
                continue
            url = ""
            if part.page:
                url = reverse(part.page, kwargs={"region_slug": region.slug, "project_slug": obj.slug})
            text = str(import_string(part.build)(obj))
            shown.append(ShownPart(part.key, str(part.label), text, url, str(part.page_label)))
    return shown


def transition_refusals(obj: Any, to: str, actor: Any, region: Region) -> list[str]:
    """Why the modules the region uses refuse to move ``obj`` to status ``to`` (empty: allowed)."""
    label = obj._meta.label_lower
    refusals = []
    for module in modules():
        if not is_on(region, module.key):
            continue
        for guard in module.transition_guards:
            if guard.model == label and (not guard.to or to in guard.to):
                reason = import_string(guard.guard)(obj, to, actor)
                if reason:
                    refusals.append(str(reason))
    return refusals
