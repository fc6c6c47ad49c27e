"""load_demo: the demo regions and people, loaded once however often it runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from smartregion.accounts.models import Membership, User
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("load_demo", stdout=StringIO())

    assert not Region.objects.exists()
    assert not User.objects.exists()


def test_load_demo_with_force_loads_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = False
    out = StringIO()

    call_command("load_demo", "--force", stdout=out)
    first = _counts()
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    assert _counts() == first
    assert Region.objects.count() == 3
    per_region = {region.slug: region.municipalities.count() for region in Region.objects.all()}
    assert per_region["kreis-steinfurt"] == 24
    assert per_region["kreis-coesfeld"] == 11
    assert per_region["kreis-dithmarschen"] >= 5
    assert User.objects.count() == 16
    assert Membership.objects.count() == 15
    assert "Kreis Steinfurt: 24 Kommunen" in out.getvalue()
    assert "smartregion-demo" in out.getvalue()

    officer = Membership.objects.select_related("municipality").get(
        user__email="kommune.steinfurt@demo.smartregion.example"
    )
    assert (officer.municipality.name, officer.municipality.ags) == ("Greven", "05566012")
