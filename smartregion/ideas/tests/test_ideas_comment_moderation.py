"""Comment moderation: a decision is chosen, never preset; hiding a published comment asks first."""

from __future__ import annotations

import pytest

from smartregion.ideas import services
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    idea_fixture,
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
)
from smartregion.ideas.tests.test_ideas_views import assert_sound_html

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/ideen/"


def _status(comment: IdeaComment) -> str:
    return IdeaComment.objects.get(pk=comment.pk).status


def test_the_queue_presets_no_decision(login, coordinator, idea):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")

    page = login(coordinator).get(f"{BASE}moderation/")

    html = page.content.decode()
    assert f'id="kommentar-{comment.pk}-action_0"' in html
    assert 'value="publish"' in html
    assert 'value="hide"' in html
    assert "checked" not in html
    assert "Entscheidung zum Kommentar von Max" in html
    assert_sound_html(page)


@pytest.mark.parametrize("data", [{}, {"action": ""}, {"action": "loeschen"}])
def test_a_missing_decision_changes_nothing_and_says_why(login, coordinator, idea, data):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")

    response = login(coordinator).post(f"{BASE}kommentare/{comment.pk}/moderation/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nichts wurde geändert. Bitte wählen Sie eine Entscheidung." in html
    assert (
        "Bitte wählen Sie, ob der Kommentar freigegeben oder ausgeblendet wird." in html
        or "Bitte wählen Sie „Freigeben“ oder „Ausblenden“." in html
    )
    assert _status(comment) == CommentStatus.PENDING


@pytest.mark.parametrize(
    ("action", "status"), [("publish", CommentStatus.PUBLISHED), ("hide", CommentStatus.HIDDEN)]
)
def test_the_chosen_decision_is_carried_out(login, coordinator, idea, action, status):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")

    response = login(coordinator).post(f"{BASE}kommentare/{comment.pk}/moderation/", {"action": action})

    assert response.status_code == 302
    assert _status(comment) == status


def test_hiding_a_published_comment_asks_first(login, coordinator, idea):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max", publish=True)
    client = login(coordinator)
    url = f"{BASE}kommentare/{comment.pk}/ausblenden/"

    detail = client.get(f"{BASE}{idea.pk}/").content.decode()
    asked = client.get(url)
    one_click = client.post(url)

    assert f'href="{url}"' in detail
    assert "Kommentar von Max ausblenden?" in asked.content.decode()
    assert one_click.status_code == 200
    assert _status(comment) == CommentStatus.PUBLISHED

    done = client.post(url, {"bestaetigt": "1"})

    assert done["Location"] == f"{BASE}{idea.pk}/#kommentare"
    assert _status(comment) == CommentStatus.HIDDEN


def test_a_comment_of_another_region_cannot_be_hidden(login, coesfeld_coordinator, idea):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max", publish=True)
    url = f"/r/kreis-coesfeld/ideen/kommentare/{comment.pk}/ausblenden/"
    client = login(coesfeld_coordinator)

    assert client.get(url).status_code == 404
    assert client.post(url, {"bestaetigt": "1"}).status_code == 404
    assert _status(comment) == CommentStatus.PUBLISHED


def test_an_idea_moderation_without_a_decision_changes_nothing(login, coordinator, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    response = login(coordinator).post(f"{BASE}{idea.pk}/moderation/", {})

    assert response.status_code == 400
    assert "Bitte wählen Sie: veröffentlichen, ablehnen oder zusammenführen." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.SUBMITTED
