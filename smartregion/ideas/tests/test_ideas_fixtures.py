"""Fixtures of the idea tests (no tests here): fields of action, ideas in each state, images.

The test_ideas_* modules import the ``*_fixture`` functions (pytest registers them under their
``name``); they could move to a conftest.py of this package.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartregion.accounts.models import User
from smartregion.ideas import services
from smartregion.ideas.models import Idea, IdeaStatus, IdeaSupport
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction
from smartregion.strategy.tests.factories import FieldFactory, StrategyFactory

MakeIdea = Callable[..., Idea]


@pytest.fixture(autouse=True)
def idea_test_settings(settings: Any, tmp_path: Path) -> None:
    """Coordinators act without two-factor set-up here; uploads land in a temporary MEDIA_ROOT."""
    settings.REQUIRE_MFA_FOR_COORDINATORS = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://smartregion.example"


@pytest.fixture(name="mobility")
def mobility_fixture(steinfurt: Region) -> FieldOfAction:
    strategy = StrategyFactory(region=steinfurt, title="#Zukunft ST")
    FieldFactory(strategy=strategy, name="Verwaltung", slug="verwaltung")
    return FieldFactory(strategy=strategy, name="Mobilität", slug="mobilitaet")


@pytest.fixture(name="administration")
def administration_fixture(mobility: FieldOfAction) -> FieldOfAction:
    return FieldOfAction.objects.get(strategy=mobility.strategy, slug="verwaltung")


@pytest.fixture(name="coesfeld_field")
def coesfeld_field_fixture(coesfeld: Region) -> FieldOfAction:
    """Kreis Coesfeld's own field „Mobilität“: same name and slug, other region."""
    return FieldFactory(strategy=StrategyFactory(region=coesfeld), name="Mobilität", slug="mobilitaet")


@pytest.fixture(name="make_idea")
def make_idea_fixture(steinfurt: Region, mobility: FieldOfAction, greven: Municipality) -> MakeIdea:
    """An idea of Kreis Steinfurt in the wanted status, written through the services."""

    def _make(
        status: str = IdeaStatus.PUBLISHED,
        title: str = "Mitfahrbänke mit Anzeige",
        author: User | None = None,
        **fields: Any,
    ) -> Idea:
        data: dict[str, Any] = {
            "region": steinfurt,
            "title": title,
            "description": "Eine Bank, auf der man sich mitnehmen lassen kann.",
            "field": mobility,
            "municipality": greven,
            **fields,
        }
        if author is None:
            data.setdefault("author_name", "Erika Muster")
            data.setdefault("author_email", "erika@example.org")
        idea = services.submit_idea(author=author, **data)
        if status == IdeaStatus.UNCONFIRMED:
            return idea
        idea = services.confirm_idea_email(region=steinfurt, token=idea.confirmation_token)
        if status == IdeaStatus.PUBLISHED:
            idea = services.publish_idea(idea=idea, actor=None)
        elif status == IdeaStatus.REJECTED:
            idea = services.reject_idea(idea=idea, actor=None, reason="Passt nicht.")
        return Idea.objects.get(pk=idea.pk)

    return _make


@pytest.fixture(name="idea")
def idea_fixture(make_idea: MakeIdea) -> Idea:
    """A published idea of Kreis Steinfurt (Mobilität, Greven)."""
    return make_idea()


def png_bytes(width: int = 40, height: int = 30, image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 79, 145)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(content: bytes, name: str = "foto.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def counted_supports(idea: Idea) -> int:
    """What ``support_count`` must equal: the confirmed supports."""
    return IdeaSupport.objects.filter(idea=idea, confirmed_at__isnull=False).count()


def state() -> dict[str, Any]:
    """Everything the idea services write, to show that refused input changed nothing."""
    from smartregion.core.models import AuditEvent
    from smartregion.ideas.models import IdeaComment

    return {
        "ideas": list(
            Idea.objects.order_by("pk").values_list(
                "pk", "status", "support_count", "merged_into", "rejection_reason", "image"
            )
        ),
        "supports": list(IdeaSupport.objects.order_by("pk").values_list("pk", "idea", "confirmed_at")),
        "comments": list(IdeaComment.objects.order_by("pk").values_list("pk", "idea", "status")),
        "events": AuditEvent.objects.count(),
    }
