"""The module registry: every app's pages, API, navigation and demo data come through it, and a
region that switches a module off gets 404 from its pages and its API."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver
from django.utils.module_loading import import_string

from smartregion.core import modules
from smartregion.core.models import AuditEvent
from smartregion.regions import services
from smartregion.regions.models import Region

SMARTREGION = Path(__file__).resolve().parents[2]


def _patterns_under(resolver: URLResolver) -> set[int]:
    found: set[int] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found |= _patterns_under(entry)
        else:
            found.add(id(entry))
    return found


def _reachable_through(url_modules: set[str]) -> set[int]:
    """The URL patterns the project serves through includes of these URL modules."""
    found: set[int] = set()
    for entry in get_resolver().url_patterns:
        if not isinstance(entry, URLResolver):
            continue
        name = entry.urlconf_name
        name = name if isinstance(name, str) else getattr(name, "__name__", "")
        if name in url_modules:
            found |= _patterns_under(entry)
    return found


def _url_modules_of_apps() -> list[str]:
    """Every URL module of our apps: ``urls.py``, or each module of a ``urls/`` package."""
    found = []
    for path in sorted([*SMARTREGION.glob("*/urls.py"), *SMARTREGION.glob("*/urls/*.py")]):
        app = path.relative_to(SMARTREGION).parts[0]
        if app == "api":
            continue
        dotted = ".".join(path.relative_to(SMARTREGION).with_suffix("").parts)
        found.append("smartregion." + dotted.removesuffix(".__init__"))
    return found


def test_every_url_module_of_an_app_is_reachable_through_the_registry():
    declared = {*modules.region_url_modules(), *modules.site_url_modules(), "smartregion.core.urls"}
    served = _reachable_through(declared)

    for name in _url_modules_of_apps():
        patterns = importlib.import_module(name).urlpatterns
        assert patterns, f"{name} has no URL patterns"
        missing = [str(p.pattern) for p in patterns if id(p) not in served]
        assert not missing, f"{name}: {missing} are not served through the module registry"


def test_every_app_with_pages_or_an_api_declares_a_module():
    with_module = {m.key for m in modules.modules()}
    for path in sorted(SMARTREGION.glob("*/apps.py")):
        app = path.parent.name
        has_pages = any((path.parent / name).exists() for name in ("urls.py", "urls", "api.py", "api"))
        if app in {"core", "api"} or not has_pages:
            continue
        assert app in with_module, f"smartregion.{app} has pages or an API but declares no Module"


def test_core_imports_no_feature_app():
    pattern = re.compile(r"from smartregion\.(strategy|portfolio|ideas|surveys|events|analysis)")
    for path in (SMARTREGION / "core").rglob("*.py"):
        assert not pattern.search(path.read_text()), f"{path} imports a feature app"


def test_every_declared_dotted_path_can_be_imported():
    for module in modules.modules():
        for mount in module.api:
            import_string(mount.router)
        for path in filter(None, (module.region_urls, module.site_urls)):
            importlib.import_module(path)
        for path in filter(None, (module.phase_links, module.dashboard)):
            import_string(path)
        if module.demo:
            import_string(module.demo.loader)
        for dataset in module.datasets:
            import_string(dataset.rows)


def test_demo_loaders_run_after_what_they_need():
    order = [module.key for module, _load in modules.demo_loaders()]

    assert order.index("regions") < order.index("accounts") < order.index("portfolio")
    assert order.index("strategy") < order.index("surveys")
    assert set(order) == {m.key for m in modules.modules() if m.demo}


def _with_demo(*declared: modules.Module):
    return mock.patch.object(modules, "modules", return_value=declared)


def test_a_demo_dependency_cycle_or_a_missing_dependency_is_refused():
    a = modules.Module(key="a", label="A", demo=modules.DemoData("x.load", after=("b",)))
    b = modules.Module(key="b", label="B", demo=modules.DemoData("x.load", after=("a",)))
    lonely = modules.Module(key="c", label="C", demo=modules.DemoData("x.load", after=("nirgends",)))

    with _with_demo(a, b), pytest.raises(ValueError, match="cycle"):
        modules.demo_loaders()
    with _with_demo(lonely), pytest.raises(ValueError, match="nirgends"):
        modules.demo_loaders()


@pytest.mark.django_db
def test_switching_modules_keeps_what_cannot_be_switched_off(steinfurt: Region, coordinator):
    services.set_modules_in_use(region=steinfurt, actor=coordinator, in_use=["portfolio"])
    steinfurt.refresh_from_db()

    assert not modules.is_on(steinfurt, "surveys")
    assert modules.is_on(steinfurt, "portfolio")
    assert modules.is_on(steinfurt, "strategy"), "the strategy cannot be switched off"
    assert "strategy" not in steinfurt.switched_off_modules
    event = AuditEvent.objects.get(action="region.modules_changed")
    assert "surveys" in event.details["switched_off"]


@pytest.mark.django_db
def test_an_unknown_module_is_refused_in_german_and_nothing_changes(steinfurt: Region, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.set_modules_in_use(region=steinfurt, actor=coordinator, in_use=["portfolio", "wetter"])

    assert "Diese Module gibt es nicht: wetter." in str(refused.value)
    steinfurt.refresh_from_db()
    assert steinfurt.switched_off_modules == []
    assert not AuditEvent.objects.filter(action="region.modules_changed").exists()


def test_views_forms_and_urls_of_an_app_live_in_subpackages_not_prefixed_files():
    prefixed = [
        str(path.relative_to(SMARTREGION))
        for pattern in ("*/*_views.py", "*/*_forms.py", "*/*_urls.py")
        for path in SMARTREGION.glob(pattern)
    ]

    assert prefixed == []
