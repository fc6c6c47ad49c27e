"""Idea pages over HTTP: who sees and may do what, bad input, and bounded queries."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from smartregion.ideas import services
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    administration_fixture,
    coesfeld_field_fixture,
    idea_fixture,
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
    png_bytes,
    state,
    upload,
)
from smartregion.portfolio.models import Project

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/ideen/"


def _html(response) -> str:
    return response.content.decode()


def assert_sound_html(response) -> None:
    """No id twice, one h1 first, and no heading level skipped."""
    html = _html(response)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def _form(mobility, greven, **overrides):
    data = {
        "title": "Freies WLAN am Bahnhof",
        "description": "Am Bahnhof Greven fehlt freies WLAN.",
        "field": mobility.pk,
        "municipality": greven.pk,
        "place": "Bahnhof",
        "author_name": "Erika Muster",
        "author_email": "erika@example.org",
    }
    return {**data, **overrides}


def _many_ideas(region, field, municipality, count):
    now = timezone.now()
    Idea.objects.bulk_create(
        Idea(
            region=region,
            title=f"Idee {n}",
            description="Text",
            field=field,
            municipality=municipality,
            status=IdeaStatus.PUBLISHED,
            published_at=now,
            author_name="Erika",
            author_email="erika@example.org",
            confirmation_token=f"token-{n}",
        )
        for n in range(count)
    )


# The public list


def test_list_shows_published_ideas_only(client, make_idea):
    make_idea(title="Öffentliche Idee")
    make_idea(status=IdeaStatus.SUBMITTED, title="Wartende Idee")
    make_idea(status=IdeaStatus.UNCONFIRMED, title="Unbestätigte Idee")
    make_idea(status=IdeaStatus.REJECTED, title="Abgelehnte Idee")

    response = client.get(BASE)

    assert response.status_code == 200
    html = _html(response)
    assert "Öffentliche Idee" in html
    assert "Wartende Idee" not in html
    assert "Unbestätigte Idee" not in html
    assert "Abgelehnte Idee" not in html
    assert_sound_html(response)


def test_list_filters_by_field_municipality_status_and_text(client, make_idea, administration, emsdetten):
    make_idea(title="Mitfahrbank Greven")
    make_idea(title="Digitales Rathaus", field=administration, municipality=emsdetten)
    make_idea(status=IdeaStatus.REJECTED, title="Abgelehnte Bank")

    def titles(query):
        return re.findall(r'kern-link--stretched" href="[^"]+">([^<]+)<', _html(client.get(BASE + query)))

    assert titles("?field=verwaltung") == ["Digitales Rathaus"]
    assert titles("?municipality=greven") == ["Mitfahrbank Greven"]
    assert titles("?status=rejected") == ["Abgelehnte Bank"]
    assert titles("?q=Rathaus") == ["Digitales Rathaus"]
    assert sorted(titles("?field=gibt-es-nicht")) == ["Digitales Rathaus", "Mitfahrbank Greven"]


def test_list_queries_are_bounded_and_pages_keep_filters(
    client, steinfurt, mobility, greven, django_assert_max_num_queries
):
    _many_ideas(steinfurt, mobility, greven, 45)

    with django_assert_max_num_queries(8):
        response = client.get(BASE + "?municipality=greven")

    assert _html(response).count("kern-link--stretched") == 20
    assert "?municipality=greven&amp;seite=2" in _html(response)
    with django_assert_max_num_queries(8):
        last = client.get(BASE + "?municipality=greven&seite=3")
    assert _html(last).count("kern-link--stretched") == 5


def test_unknown_region_is_404(client):
    assert client.get("/r/kreis-gibt-es-nicht/ideen/").status_code == 404
    assert client.get("/r/kreis-gibt-es-nicht/ideen/neu/").status_code == 404


# The idea page


def test_published_idea_page_renders(client, idea):
    response = client.get(f"{BASE}{idea.pk}/")

    assert response.status_code == 200
    assert idea.title in _html(response)
    assert "erika@example.org" not in _html(response)  # the author's address stays private
    assert_sound_html(response)


def test_idea_of_steinfurt_is_404_under_coesfeld(client, idea, coesfeld):
    assert client.get(f"/r/kreis-coesfeld/ideen/{idea.pk}/").status_code == 404


@pytest.mark.parametrize("status", [IdeaStatus.SUBMITTED, IdeaStatus.UNCONFIRMED])
def test_unpublished_idea_is_404_for_the_public(client, login, reader, make_idea, status):
    idea = make_idea(status=status)

    assert client.get(f"{BASE}{idea.pk}/").status_code == 404
    assert login(reader).get(f"{BASE}{idea.pk}/").status_code == 404


def test_waiting_idea_is_visible_to_its_author_and_the_coordinator(login, officer, coordinator, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED, author=officer)

    assert login(officer).get(f"{BASE}{idea.pk}/").status_code == 200
    response = login(coordinator).get(f"{BASE}{idea.pk}/")
    assert response.status_code == 200
    assert_sound_html(response)


def test_idea_page_queries_are_bounded(client, idea, django_assert_max_num_queries):
    for n in range(30):
        comment = services.comment_on_idea(idea=idea, text=f"Kommentar {n}", author_name="Max")
        IdeaComment.objects.filter(pk=comment.pk).update(status=CommentStatus.PUBLISHED)

    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}{idea.pk}/")

    assert _html(response).count("Kommentar ") >= 20
    assert "seite=2" in _html(response)


def test_merged_idea_links_to_its_target(client, make_idea, idea, coordinator):
    duplicate = make_idea(title="Doppelte Bank")
    services.merge_ideas(duplicate=duplicate, target=idea, actor=coordinator)

    response = client.get(f"{BASE}{duplicate.pk}/")

    assert f'href="{BASE}{idea.pk}/"' in _html(response)
    assert "zusammengeführt" in _html(response)


# Submitting


def test_form_renders_for_anonymous_with_name_and_email(client, mobility, greven):
    response = client.get(BASE + "neu/")

    assert response.status_code == 200
    html = _html(response)
    assert 'enctype="multipart/form-data"' in html
    assert 'name="author_email"' in html
    assert 'for="id_title"' in html
    assert_sound_html(response)


def test_form_for_signed_in_person_asks_no_name(login, officer, mobility, greven):
    html = _html(login(officer).get(BASE + "neu/"))

    assert 'name="author_email"' not in html


def test_anonymous_submission_waits_for_confirmation(
    client, mobility, greven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BASE + "neu/", _form(mobility, greven))

    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.UNCONFIRMED
    assert len(mailoutbox) == 1
    assert "erika@example.org" in _html(client.get(response["Location"]))


def test_signed_in_submission_with_image_goes_to_the_queue(login, officer, mobility, greven):
    form = _form(mobility, greven, image=upload(png_bytes()), image_alt="Der Bahnhof")

    response = login(officer).post(BASE + "neu/", form)

    idea = Idea.objects.get()
    assert response["Location"] == f"{BASE}{idea.pk}/"
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.author == officer
    assert idea.image.name.endswith(".png")


def test_field_of_another_region_is_refused(client, mobility, greven, coesfeld_field):
    before = state()

    response = client.post(BASE + "neu/", _form(mobility, greven, field=coesfeld_field.pk))

    assert response.status_code == 200
    assert "gültige Auswahl" in _html(response)
    assert state() == before


def test_municipality_of_another_region_is_refused(client, mobility, duelmen):
    before = state()

    response = client.post(BASE + "neu/", _form(mobility, duelmen))

    assert response.status_code == 200
    assert "gültige Auswahl" in _html(response)
    assert state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 kein Bild", "kein Bild im Format JPEG, PNG, GIF oder WebP"),
        (png_bytes(6001, 20), "höchstens 6000 × 6000 Pixel"),
    ],
)
def test_bad_image_is_refused_next_to_the_field(client, mobility, greven, settings, content, message):
    before = state()

    response = client.post(
        BASE + "neu/", _form(mobility, greven, image=upload(content, "foto.jpg"), image_alt="Ein Foto")
    )

    assert response.status_code == 200
    assert message in _html(response)
    assert state() == before
    assert not (settings.MEDIA_ROOT / "ideen").exists()
    assert_sound_html(response)


def test_too_large_image_is_refused(client, mobility, greven, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = state()

    response = client.post(
        BASE + "neu/",
        _form(mobility, greven, image=upload(png_bytes() + bytes(5 * 1024 * 1024)), image_alt="Ein Foto"),
    )

    assert "höchstens 5 MB" in _html(response)
    assert state() == before


# Confirmation links


def test_confirmation_link_asks_before_it_confirms(client, make_idea):
    idea = make_idea(status=IdeaStatus.UNCONFIRMED)
    url = f"{BASE}bestaetigen/{idea.confirmation_token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.UNCONFIRMED
    assert_sound_html(page)

    assert client.post(url).status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.SUBMITTED


def test_unknown_or_foreign_confirmation_link_is_404(client, make_idea, coesfeld):
    idea = make_idea(status=IdeaStatus.UNCONFIRMED)

    assert client.get(f"{BASE}bestaetigen/falsch/").status_code == 404
    assert client.get(f"{BASE}bestaetigen/falsch%00/").status_code == 404
    assert client.post(f"{BASE}unterstuetzung/falsch%00/").status_code == 404
    assert client.post(f"/r/kreis-coesfeld/ideen/bestaetigen/{idea.confirmation_token}/").status_code == 404
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.UNCONFIRMED


# Support


def test_signed_in_support_counts_and_a_second_is_refused(login, officer, idea):
    client = login(officer)

    first = client.post(f"{BASE}{idea.pk}/unterstuetzen/")
    assert first.status_code == 302
    before = state()
    second = client.post(f"{BASE}{idea.pk}/unterstuetzen/")

    assert second.status_code == 200
    assert "Sie unterstützen diese Idee bereits." in _html(second)
    assert state() == before
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_email_support_counts_after_the_link_is_confirmed(
    client, idea, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}{idea.pk}/unterstuetzen/", {"email": "max@example.org"})

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).support_count == 0
    token = IdeaSupport.objects.get().confirmation_token
    assert token in mailoutbox[0].body
    page = client.get(f"{BASE}unterstuetzung/{token}/")
    assert page.status_code == 200
    assert_sound_html(page)
    client.post(f"{BASE}unterstuetzung/{token}/")
    client.post(f"{BASE}unterstuetzung/{token}/")
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_support_without_email_shows_the_error_next_to_the_field(client, idea):
    response = client.post(f"{BASE}{idea.pk}/unterstuetzen/", {"email": "kein-at"})

    assert response.status_code == 200
    assert "kern-form-input--error" in _html(response)
    assert not IdeaSupport.objects.exists()
    assert_sound_html(response)


def test_support_of_a_waiting_idea_is_404(client, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    assert client.post(f"{BASE}{idea.pk}/unterstuetzen/", {"email": "max@example.org"}).status_code == 404
    assert not IdeaSupport.objects.exists()


def test_support_of_a_rejected_idea_is_refused(client, make_idea):
    idea = make_idea(status=IdeaStatus.REJECTED)
    before = state()

    response = client.post(f"{BASE}{idea.pk}/unterstuetzen/", {"email": "max@example.org"})

    assert response.status_code == 200
    assert "Nur veröffentlichte Ideen können unterstützt werden." in _html(response)
    assert state() == before


def test_support_needs_post(client, idea):
    assert client.get(f"{BASE}{idea.pk}/unterstuetzen/").status_code == 405


# Comments


def test_comment_waits_for_moderation(client, idea):
    response = client.post(f"{BASE}{idea.pk}/kommentare/", {"author_name": "Max", "text": "Gute Idee!"})

    assert response.status_code == 302
    assert IdeaComment.objects.get().status == CommentStatus.PENDING
    assert "Gute Idee!" not in _html(client.get(f"{BASE}{idea.pk}/"))


def test_comment_on_rejected_idea_is_refused(client, make_idea):
    idea = make_idea(status=IdeaStatus.REJECTED)
    before = state()

    response = client.post(f"{BASE}{idea.pk}/kommentare/", {"author_name": "Max", "text": "Schade!"})

    assert response.status_code == 200
    assert "Kommentare sind nur zu veröffentlichten Ideen möglich." in _html(response)
    assert state() == before


# Moderation


MODERATION_PAGES = ["moderation/", "{pk}/moderation/"]


@pytest.mark.parametrize("path", MODERATION_PAGES)
def test_anonymous_is_sent_to_login(client, idea, path):
    response = client.get(BASE + path.format(pk=idea.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["officer", "reader", "coesfeld_coordinator"])
@pytest.mark.parametrize("path", MODERATION_PAGES)
def test_non_coordinator_cannot_moderate(request, login, make_idea, person, path):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    client = login(request.getfixturevalue(person))
    before = state()

    assert client.get(BASE + path.format(pk=idea.pk)).status_code == 403
    assert client.post(f"{BASE}{idea.pk}/moderation/", {"action": "publish"}).status_code == 403
    assert client.post(f"{BASE}{idea.pk}/steckbrief/").status_code == 403
    assert state() == before


def test_non_coordinator_cannot_moderate_comments(login, officer, idea):
    comment = services.comment_on_idea(idea=idea, text="Hallo", author_name="Max")

    response = login(officer).post(f"{BASE}kommentare/{comment.pk}/moderation/", {"action": "publish"})

    assert response.status_code == 403
    assert IdeaComment.objects.get().status == CommentStatus.PENDING


def test_queue_lists_waiting_ideas_and_comments_with_bounded_queries(
    login, coordinator, steinfurt, mobility, greven, idea, django_assert_max_num_queries
):
    _many_ideas(steinfurt, mobility, greven, 25)
    Idea.objects.filter(title__startswith="Idee ").update(status=IdeaStatus.SUBMITTED)
    for n in range(25):
        services.comment_on_idea(idea=idea, text=f"Kommentar {n}", author_name="Max")
    client = login(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(BASE + "moderation/")

    html = _html(response)
    assert "25 Ideen warten auf Freigabe" in html
    assert "25 Kommentare warten auf Freigabe" in html
    assert_sound_html(response)


def test_coordinator_publishes_an_idea(login, coordinator, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    client = login(coordinator)
    page = client.get(f"{BASE}{idea.pk}/moderation/")
    assert_sound_html(page)

    response = client.post(f"{BASE}{idea.pk}/moderation/", {"action": "publish"})

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.PUBLISHED


def test_coordinator_rejects_with_reason_mailed_to_the_author(
    login, coordinator, make_idea, mailoutbox, django_capture_on_commit_callbacks
):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(
            f"{BASE}{idea.pk}/moderation/", {"action": "reject", "reason": "Gibt es schon."}
        )

    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.REJECTED
    assert "Gibt es schon." in mailoutbox[0].body


def test_rejection_without_reason_is_refused(login, coordinator, make_idea, mailoutbox):
    idea = make_idea(status=IdeaStatus.SUBMITTED)
    before = state()

    response = login(coordinator).post(f"{BASE}{idea.pk}/moderation/", {"action": "reject", "reason": ""})

    assert response.status_code == 200
    assert "kern-form-input--error" in _html(response)
    assert state() == before
    assert mailoutbox == []


def test_coordinator_merges_a_duplicate(login, coordinator, make_idea, idea):
    duplicate = make_idea(status=IdeaStatus.SUBMITTED, title="Bank zum Mitfahren")
    client = login(coordinator)
    assert f'value="{idea.pk}"' in _html(client.get(f"{BASE}{duplicate.pk}/moderation/?suche=Mitfahrbänke"))
    assert client.get(f"{BASE}{duplicate.pk}/moderation/?suche=%00").status_code == 200

    response = client.post(f"{BASE}{duplicate.pk}/moderation/", {"action": "merge", "target": idea.pk})

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == IdeaStatus.MERGED
    assert duplicate.merged_into_id == idea.pk


def test_merge_into_an_idea_of_another_region_is_refused(
    login, coordinator, make_idea, coesfeld_coordinator, coesfeld
):
    duplicate = make_idea(status=IdeaStatus.SUBMITTED)
    other = services.submit_idea(
        region=coesfeld, author=coesfeld_coordinator, title="Fremd", description="Text"
    )
    other = services.publish_idea(idea=other, actor=coesfeld_coordinator)
    before = state()

    response = login(coordinator).post(
        f"{BASE}{duplicate.pk}/moderation/", {"action": "merge", "target": other.pk}
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie eine veröffentlichte Idee dieser Region." in _html(response)
    assert state() == before


def test_unknown_moderation_action_is_400(login, coordinator, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    response = login(coordinator).post(f"{BASE}{idea.pk}/moderation/", {"action": "loeschen"})

    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.SUBMITTED


def test_coordinator_publishes_and_hides_comments(login, coordinator, idea):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")
    client = login(coordinator)

    client.post(f"{BASE}kommentare/{comment.pk}/moderation/", {"action": "publish"})
    assert "Gute Idee!" in _html(client.get(f"{BASE}{idea.pk}/"))
    response = client.post(
        f"{BASE}kommentare/{comment.pk}/moderation/",
        {"action": "hide", "next": f"{BASE}{idea.pk}/#kommentare"},
    )

    assert response["Location"] == f"{BASE}{idea.pk}/#kommentare"
    assert IdeaComment.objects.get().status == CommentStatus.HIDDEN


def test_comment_of_another_region_is_404_for_the_coordinator(login, coordinator, coesfeld_coordinator, idea):
    comment = services.comment_on_idea(idea=idea, text="Hallo", author_name="Max")

    response = login(coesfeld_coordinator).post(
        f"/r/kreis-coesfeld/ideen/kommentare/{comment.pk}/moderation/", {"action": "publish"}
    )

    assert response.status_code == 404
    assert IdeaComment.objects.get().status == CommentStatus.PENDING


# From idea to project profile


def test_coordinator_turns_an_idea_into_a_project_profile(login, coordinator, idea):
    client = login(coordinator)
    assert "Zum Steckbrief machen" in _html(client.get(f"{BASE}{idea.pk}/"))

    response = client.post(f"{BASE}{idea.pk}/steckbrief/")
    again = client.post(f"{BASE}{idea.pk}/steckbrief/")

    project = Project.objects.get()
    assert list(project.source_ideas.all()) == [idea]
    try:
        expected = reverse(
            "portfolio:project", kwargs={"region_slug": "kreis-steinfurt", "project_slug": project.slug}
        )
    except NoReverseMatch:
        expected = f"{BASE}{idea.pk}/"
    assert response["Location"] == again["Location"] == expected


def test_waiting_idea_cannot_become_a_project_profile(login, coordinator, make_idea):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    response = login(coordinator).post(f"{BASE}{idea.pk}/steckbrief/")

    assert response.status_code == 302
    assert not Project.objects.exists()
