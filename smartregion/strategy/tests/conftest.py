"""Strategies shaped like the demo, built through the services, and a reading of their whole state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smartregion.core.models import AuditEvent
from smartregion.regions.models import Region
from smartregion.strategy.models import Phase, Strategy, StrategyVersion
from smartregion.strategy.snapshots import snapshot_of
from smartregion.strategy.tests.factories import FieldFactory, GoalFactory, StrategyFactory, ValueFactory

StateOf = Callable[[Strategy], dict[str, Any]]


@pytest.fixture(autouse=True)
def _coordinators_without_mfa(settings: Any) -> None:
    """Two-factor set-up is the accounts app's concern; these tests act as coordinators directly."""
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


@pytest.fixture
def strategy(steinfurt: Region) -> Strategy:
    """Kreis Steinfurt: two values, Verwaltung (two goals), Mobilität (priority II, one goal); version 8."""
    strategy = StrategyFactory(region=steinfurt, title="#Zukunft ST", vision="Wir gestalten die Zukunft.")
    ValueFactory(strategy=strategy, name="Gemeinschaft", description="Mit allen Menschen im Kreis.")
    ValueFactory(strategy=strategy, name="Teilhabe")
    administration = FieldFactory(strategy=strategy, name="Verwaltung")
    GoalFactory(field=administration, text="Interne Prozesse digitalisieren.")
    GoalFactory(field=administration, text="Dienstleistungen digital anbieten.")
    mobility = FieldFactory(
        strategy=strategy, name="Mobilität", priority="II", priority_source="Bürgermeisterkonferenz 2019"
    )
    GoalFactory(field=mobility, text="Mobilstationen smart betreiben.")
    return Strategy.objects.get(pk=strategy.pk)


@pytest.fixture
def coesfeld_strategy(coesfeld: Region) -> Strategy:
    """Kreis Coesfeld also has a field „Verwaltung“ (same slug, other region) with one goal."""
    strategy = StrategyFactory(region=coesfeld, title="Coesfeld 12.0")
    GoalFactory(field=FieldFactory(strategy=strategy, name="Verwaltung", priority="I"))
    return Strategy.objects.get(pk=strategy.pk)


@pytest.fixture
def state_of() -> StateOf:
    """Everything a write could touch, to show that refused input changed nothing."""

    def _state_of(strategy: Strategy) -> dict[str, Any]:
        fresh = Strategy.objects.get(pk=strategy.pk)
        return {
            "text": snapshot_of(fresh),
            "current_version": fresh.current_version,
            "versions": list(
                StrategyVersion.objects.filter(strategy=fresh).values_list(
                    "number", "fixed_name", "fixed_note", "fixed_on"
                )
            ),
            "phases": list(
                Phase.objects.filter(strategy=fresh).values("name", "status", "start", "end", "description")
            ),
            "audit_events": AuditEvent.objects.count(),
        }

    return _state_of
