"""Factories for strategies; they write through the services, so every row comes with its version."""

from __future__ import annotations

from typing import Any

import factory

from smartregion.regions.tests.factories import RegionFactory
from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, Goal, Strategy, Value


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Digitalisierungsstrategie {n}")
    vision = "Wir gestalten die Zukunft mit allen Menschen."

    @classmethod
    def _create(cls, model_class: type[Strategy], *args: Any, **kwargs: Any) -> Strategy:
        return services.create_strategy(actor=kwargs.pop("actor", None), **kwargs)


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Value

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Wert {n}")
    description = ""

    @classmethod
    def _create(cls, model_class: type[Value], *args: Any, **kwargs: Any) -> Value:
        return services.add_value(actor=kwargs.pop("actor", None), **kwargs)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    colour = "#1d4f91"
    priority = ""
    priority_source = ""

    @classmethod
    def _create(cls, model_class: type[FieldOfAction], *args: Any, **kwargs: Any) -> FieldOfAction:
        return services.add_field(actor=kwargs.pop("actor", None), **kwargs)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    field = factory.SubFactory(FieldFactory)
    text = factory.Sequence(lambda n: f"Ziel {n} erreichen.")
    target_date = None

    @classmethod
    def _create(cls, model_class: type[Goal], *args: Any, **kwargs: Any) -> Goal:
        field = kwargs["field"]
        return services.add_goal(strategy=field.strategy, actor=kwargs.pop("actor", None), **kwargs)
