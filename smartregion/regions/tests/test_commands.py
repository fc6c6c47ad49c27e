"""create_region: the operator creates a region and invites its first coordinator."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from smartregion.accounts.models import Invitation, Role
from smartregion.core.models import AuditEvent
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db


def _create_region(*extra: str) -> str:
    out = StringIO()
    call_command(
        "create_region",
        "--name=Kreis Borken",
        "--state=NW",
        "--key=05554",
        "--coordinator=Koordination@Borken.example",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_create_region_creates_region_and_invites_coordinator(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = _create_region(f"--invited-by={coordinator.email}")

    region = Region.objects.get(slug="kreis-borken")
    invitation = Invitation.objects.get(region=region)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "koordination@borken.example",
        Role.COORDINATOR,
        coordinator,
    )
    assert mail.outbox[0].to == ["koordination@borken.example"]
    assert "/r/kreis-borken/" in out
    assert AuditEvent.objects.filter(action="region.created", actor=coordinator).exists()


def test_create_region_with_unknown_inviter_creates_nothing(db):
    with pytest.raises(CommandError, match="Kein Konto"):
        _create_region("--invited-by=niemand@example.org")

    assert not Region.objects.exists()


def test_create_region_with_taken_slug_creates_nothing(coordinator, django_capture_on_commit_callbacks):
    Region.objects.create(name="Borken", slug="kreis-borken", federal_state="NW")

    with (
        pytest.raises(CommandError, match="bereits vergeben"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _create_region(f"--invited-by={coordinator.email}")

    assert Region.objects.filter(slug="kreis-borken").count() == 1
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_create_region_with_malformed_key_creates_nothing(coordinator):
    with pytest.raises(CommandError):
        call_command(
            "create_region",
            "--name=Kreis Borken",
            "--state=NW",
            "--key=٠٥٥٥٤",
            "--coordinator=k@borken.example",
            f"--invited-by={coordinator.email}",
            stdout=StringIO(),
        )

    assert not Region.objects.filter(slug="kreis-borken").exists()
