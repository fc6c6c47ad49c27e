"""The portfolio demo: projects, ideas in every region, one adoption across regions; loaded twice alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus
from smartregion.portfolio import demo as portfolio_demo
from smartregion.portfolio.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_module: None, db: None, settings: Any) -> None:
    """The demo, loaded once for this module: every test here uses it."""
    settings.DEBUG = True


REGIONS = ("kreis-steinfurt", "kreis-coesfeld", "kreis-dithmarschen")


def _state() -> dict[str, object]:
    return {
        "projects": sorted(Project.objects.values_list("region__slug", "title", "status", "version")),
        "ideas": sorted(Idea.objects.values_list("region__slug", "title", "status", "support_count")),
        "comments": sorted(IdeaComment.objects.values_list("idea__title", "status")),
    }


def test_ideas_in_every_region_in_every_moderation_state(demo):
    for slug in REGIONS:
        ideas = Idea.objects.filter(region__slug=slug)
        published = ideas.filter(status=IdeaStatus.PUBLISHED)
        assert published.exists(), slug
        assert published.filter(support_count__gt=0).exists(), slug
        assert ideas.filter(status=IdeaStatus.SUBMITTED).count() == 1, slug
        assert IdeaComment.objects.filter(idea__region__slug=slug, status=CommentStatus.PUBLISHED).exists(), (
            slug
        )
    rejected = Idea.objects.get(status=IdeaStatus.REJECTED)
    assert rejected.rejection_reason.startswith("Die Ideenplattform ist für Vorschläge")
    assert not Idea.objects.filter(status=IdeaStatus.UNCONFIRMED).exists()


def test_supports_count_confirmed_supports(demo):
    for idea in Idea.objects.filter(status=IdeaStatus.PUBLISHED):
        assert idea.support_count == idea.supports.filter(confirmed_at__isnull=False).count()


def test_a_dithmarschen_idea_became_a_steckbrief(demo):
    project = Project.objects.get(region__slug="kreis-dithmarschen", source_ideas__isnull=False)

    assert project.title == "Telemedizin-Sprechstunde in den Dörfern"
    assert project.status == ProjectStatus.DRAFTING


def test_one_adoption_across_regions(demo):
    (copy,) = Project.objects.filter(adopted_from__isnull=False)

    assert copy.adopted_from.region.slug == "kreis-coesfeld"
    assert copy.region.slug == "kreis-dithmarschen"
    assert copy.adopted_by_municipality.name == "Heide"


def test_steinfurt_keeps_its_31_projects(demo):
    assert Project.objects.filter(region__slug="kreis-steinfurt").count() == 31


def test_loading_again_changes_nothing_and_sends_no_mail(demo):
    before = _state()
    mail.outbox.clear()

    portfolio_demo.load()

    assert _state() == before
    assert mail.outbox == []
