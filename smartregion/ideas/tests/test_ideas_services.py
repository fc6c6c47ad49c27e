"""The idea services: what they save, what they refuse, and that refused input changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregion.accounts.tests.factories import UserFactory
from smartregion.core.models import AuditEvent
from smartregion.ideas import services
from smartregion.ideas.images import MAX_IMAGE_BYTES
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    coesfeld_field_fixture,
    counted_supports,
    idea_fixture,
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
    png_bytes,
    state,
    upload,
)

pytestmark = pytest.mark.django_db


def _submit(region, field, municipality, **overrides):
    data = {
        "region": region,
        "author": None,
        "title": "Freies WLAN am Bahnhof",
        "description": "Am Bahnhof Greven fehlt freies WLAN.",
        "field": field,
        "municipality": municipality,
        "author_name": "Erika Muster",
        "author_email": "Erika@Example.org ",
    }
    return services.submit_idea(**{**data, **overrides})


def _refused(call, *messages):
    before = state()
    with pytest.raises(ValidationError) as caught:
        call()
    text = " ".join(caught.value.messages)
    for message in messages:
        assert message in text
    assert state() == before
    return caught.value


# Submitting and confirming


def test_anonymous_idea_waits_for_email_confirmation_and_mails_the_link(
    steinfurt, mobility, greven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = _submit(steinfurt, mobility, greven)

    assert idea.status == IdeaStatus.UNCONFIRMED
    assert idea.author is None
    assert idea.author_email == "erika@example.org"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@example.org"]
    assert f"/r/kreis-steinfurt/ideen/bestaetigen/{idea.confirmation_token}/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="idea.submitted", object_id=str(idea.pk)).exists()


def test_confirming_the_email_moves_the_idea_to_the_queue_once(steinfurt, mobility, greven):
    idea = _submit(steinfurt, mobility, greven)

    confirmed = services.confirm_idea_email(region=steinfurt, token=idea.confirmation_token)
    again = services.confirm_idea_email(region=steinfurt, token=idea.confirmation_token)

    assert confirmed.status == again.status == IdeaStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="idea.email_confirmed").count() == 1


def test_confirmation_token_of_another_region_is_refused(steinfurt, coesfeld, mobility, greven):
    idea = _submit(steinfurt, mobility, greven)

    _refused(lambda: services.confirm_idea_email(region=coesfeld, token=idea.confirmation_token), "ungültig")


def test_expired_confirmation_link_is_refused(steinfurt, mobility, greven):
    idea = _submit(steinfurt, mobility, greven)
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=8))

    _refused(
        lambda: services.confirm_idea_email(region=steinfurt, token=idea.confirmation_token), "abgelaufen"
    )


def test_signed_in_idea_goes_straight_to_the_queue_without_mail(
    steinfurt, mobility, greven, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = _submit(steinfurt, mobility, greven, author=officer, author_email="", author_name="")

    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.author == officer
    assert mailoutbox == []


def test_anonymous_idea_needs_name_and_valid_email(steinfurt, mobility, greven):
    error = _refused(lambda: _submit(steinfurt, mobility, greven, author_name=" ", author_email="kein-at"))

    assert set(error.message_dict) == {"author_name", "author_email"}
    assert "gültige E-Mail-Adresse" in error.message_dict["author_email"][0]


def test_empty_title_and_description_are_refused_in_german(steinfurt, mobility, greven):
    error = _refused(lambda: _submit(steinfurt, mobility, greven, title="  ", description=""))

    assert set(error.message_dict) == {"title", "description"}


def test_field_of_another_region_is_refused(steinfurt, greven, mobility, coesfeld_field):
    error = _refused(lambda: _submit(steinfurt, coesfeld_field, greven), "Handlungsfeld dieser Region")

    assert list(error.message_dict) == ["field"]


def test_municipality_of_another_region_is_refused(steinfurt, mobility, duelmen):
    error = _refused(lambda: _submit(steinfurt, mobility, duelmen), "Kommune dieser Region")

    assert list(error.message_dict) == ["municipality"]


def test_field_and_municipality_are_required_where_the_region_has_them(steinfurt, mobility, greven):
    error = _refused(lambda: _submit(steinfurt, None, None))

    assert set(error.message_dict) == {"field", "municipality"}


# Images


def test_image_is_stored_under_the_extension_of_its_content(steinfurt, mobility, greven):
    content = png_bytes()

    idea = _submit(steinfurt, mobility, greven, image=upload(content, "bild.txt"), image_alt="Ein Bahnhof")

    assert idea.image.name.startswith("ideen/")
    assert idea.image.name.endswith(".png")
    assert "bild" not in idea.image.name
    with idea.image.open("rb") as stored:
        assert stored.read() == content


def test_jpeg_named_png_is_stored_as_jpeg(steinfurt, mobility, greven):
    idea = _submit(
        steinfurt, mobility, greven, image=upload(png_bytes(image_format="JPEG")), image_alt="Ein Bahnhof"
    )

    assert idea.image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<?php echo 'hallo'; ?>", "bild.jpg", "kein Bild"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "bild.svg", "kein Bild"),
        (b"%PDF-1.7\n1 0 obj", "bild.png", "kein Bild"),
        (png_bytes()[:60], "abgeschnitten.png", "beschädigt"),
        (png_bytes(6001, 10), "breit.png", "höchstens 6000 × 6000 Pixel"),
        (png_bytes(10, 6001), "hoch.png", "höchstens 6000 × 6000 Pixel"),
        (b"\x89PNG" + bytes(MAX_IMAGE_BYTES), "gross.png", "höchstens 5 MB"),
    ],
)
def test_bad_image_is_refused_and_nothing_is_stored(
    steinfurt, mobility, greven, settings, content, name, message
):
    error = _refused(
        lambda: _submit(steinfurt, mobility, greven, image=upload(content, name), image_alt="Ein Bild"),
        message,
    )

    assert list(error.message_dict) == ["image"]
    assert not (settings.MEDIA_ROOT / "ideen").exists()


def test_image_needs_a_description(steinfurt, mobility, greven):
    error = _refused(lambda: _submit(steinfurt, mobility, greven, image=upload(png_bytes()), image_alt=" "))

    assert list(error.message_dict) == ["image_alt"]


# Moderation


def test_publishing_sets_status_and_date(make_idea, coordinator):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    published = services.publish_idea(idea=idea, actor=coordinator)

    assert published.status == IdeaStatus.PUBLISHED
    assert published.published_at is not None
    assert AuditEvent.objects.filter(action="idea.published", actor=coordinator).exists()


@pytest.mark.parametrize("status", [IdeaStatus.UNCONFIRMED, IdeaStatus.PUBLISHED, IdeaStatus.REJECTED])
def test_only_waiting_ideas_can_be_published(make_idea, coordinator, status):
    idea = make_idea(status=status)

    _refused(lambda: services.publish_idea(idea=idea, actor=coordinator), "auf Freigabe warten")


def test_rejection_mails_the_reason_to_the_anonymous_author(
    make_idea, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        rejected = services.reject_idea(idea=idea, actor=coordinator, reason="Das gibt es schon in Greven.")

    assert rejected.status == IdeaStatus.REJECTED
    assert rejected.rejection_reason == "Das gibt es schon in Greven."
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    assert "Das gibt es schon in Greven." in mailoutbox[0].body
    assert "nicht veröffentlicht" in mailoutbox[0].subject


def test_rejection_mails_the_account_author(
    make_idea, coordinator, officer, mailoutbox, django_capture_on_commit_callbacks
):
    idea = make_idea(status=IdeaStatus.SUBMITTED, author=officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_idea(idea=idea, actor=coordinator, reason="Doppelt.")

    assert [m.to for m in mailoutbox] == [[officer.email]]


def test_rejection_needs_a_reason(make_idea, coordinator, mailoutbox):
    idea = make_idea(status=IdeaStatus.SUBMITTED)

    error = _refused(lambda: services.reject_idea(idea=idea, actor=coordinator, reason="  "), "begründen")

    assert list(error.message_dict) == ["reason"]
    assert mailoutbox == []


def test_merged_idea_cannot_be_rejected(make_idea, idea, coordinator):
    duplicate = make_idea(title="Mitfahrbank")
    services.merge_ideas(duplicate=duplicate, target=idea, actor=coordinator)

    _refused(
        lambda: services.reject_idea(idea=duplicate, actor=coordinator, reason="x"), "nicht mehr abgelehnt"
    )


# Merging


def test_merge_moves_supports_and_counts_each_person_once(make_idea, idea, coordinator):
    duplicate = make_idea(title="Mitfahrbank in Greven")
    both, only_dup, only_target = UserFactory(), UserFactory(), UserFactory()
    for person in (both, only_dup):
        services.support_idea(idea=duplicate, user=person)
    for person in (both, only_target):
        services.support_idea(idea=idea, user=person)
    for address in ("beide@example.org", "doppel@example.org"):
        support = services.support_idea(idea=duplicate, email=address)
        services.confirm_support(region=idea.region, token=support.confirmation_token)
    services.support_idea(idea=idea, email="beide@example.org")  # on the target, still unconfirmed
    services.support_idea(idea=duplicate, email="offen@example.org")  # unconfirmed, moves but does not count

    target = services.merge_ideas(duplicate=duplicate, target=idea, actor=coordinator)

    duplicate.refresh_from_db()
    assert duplicate.status == IdeaStatus.MERGED
    assert duplicate.merged_into == target
    assert duplicate.support_count == 0
    assert not IdeaSupport.objects.filter(idea=duplicate).exists()
    # both, only_dup, only_target, beide@ (confirmed on the duplicate), doppel@
    assert target.support_count == 5 == counted_supports(target)
    assert IdeaSupport.objects.filter(idea=target).count() == 6
    assert IdeaSupport.objects.get(idea=target, email="beide@example.org").confirmed_at is not None


def test_moved_unconfirmed_support_counts_on_the_target_when_confirmed(make_idea, idea, coordinator):
    duplicate = make_idea(title="Mitfahrbank")
    support = services.support_idea(idea=duplicate, email="spaet@example.org")
    services.merge_ideas(duplicate=duplicate, target=idea, actor=coordinator)

    services.confirm_support(region=idea.region, token=support.confirmation_token)

    idea.refresh_from_db()
    assert idea.support_count == 1 == counted_supports(idea)


def test_merge_with_itself_is_refused(idea, coordinator):
    _refused(lambda: services.merge_ideas(duplicate=idea, target=idea, actor=coordinator), "mit sich selbst")


def test_merge_across_regions_is_refused(idea, coordinator, coesfeld):
    other = services.submit_idea(
        region=coesfeld, author=coordinator, title="Andere Region", description="Text"
    )

    _refused(
        lambda: services.merge_ideas(duplicate=idea, target=other, actor=coordinator), "derselben Region"
    )


@pytest.mark.parametrize("status", [IdeaStatus.SUBMITTED, IdeaStatus.REJECTED])
def test_merge_into_an_unpublished_idea_is_refused(make_idea, idea, coordinator, status):
    target = make_idea(status=status, title="Noch nicht öffentlich")

    _refused(
        lambda: services.merge_ideas(duplicate=idea, target=target, actor=coordinator),
        "veröffentlichten Idee",
    )


def test_rejected_idea_cannot_be_merged(make_idea, idea, coordinator):
    rejected = make_idea(status=IdeaStatus.REJECTED)

    _refused(
        lambda: services.merge_ideas(duplicate=rejected, target=idea, actor=coordinator),
        "nicht mehr zusammengeführt",
    )


# Support


def test_account_support_counts_at_once(idea, officer):
    support = services.support_idea(idea=idea, user=officer)

    idea.refresh_from_db()
    assert support.confirmed_at is not None
    assert idea.support_count == 1 == counted_supports(idea)


def test_account_cannot_support_twice(idea, officer):
    services.support_idea(idea=idea, user=officer)

    _refused(lambda: services.support_idea(idea=idea, user=officer), "bereits")


def test_email_support_counts_only_after_confirmation(idea, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        support = services.support_idea(idea=idea, email=" Max@Example.org")

    idea.refresh_from_db()
    assert idea.support_count == 0
    assert support.email == "max@example.org"
    assert mailoutbox[0].to == ["max@example.org"]
    assert f"/ideen/unterstuetzung/{support.confirmation_token}/" in mailoutbox[0].body

    services.confirm_support(region=idea.region, token=support.confirmation_token)
    services.confirm_support(region=idea.region, token=support.confirmation_token)

    idea.refresh_from_db()
    assert idea.support_count == 1 == counted_supports(idea)


def test_confirmed_email_cannot_support_twice(idea):
    support = services.support_idea(idea=idea, email="max@example.org")
    services.confirm_support(region=idea.region, token=support.confirmation_token)

    error = _refused(lambda: services.support_idea(idea=idea, email="MAX@example.org"), "bereits unterstützt")

    assert list(error.message_dict) == ["email"]


def test_unconfirmed_email_asking_again_resends_the_link_without_a_second_support(
    idea, mailoutbox, django_capture_on_commit_callbacks
):
    first = services.support_idea(idea=idea, email="max@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        second = services.support_idea(idea=idea, email="max@example.org")

    assert second.pk == first.pk
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    assert len(mailoutbox) == 1


def test_email_of_a_supporting_account_cannot_support_again(idea, officer):
    services.support_idea(idea=idea, user=officer)

    _refused(lambda: services.support_idea(idea=idea, email=officer.email.upper()), "bereits unterstützt")


def test_account_replaces_an_unconfirmed_support_by_its_address(idea, officer):
    services.support_idea(idea=idea, email=officer.email)

    services.support_idea(idea=idea, user=officer)

    idea.refresh_from_db()
    assert list(IdeaSupport.objects.filter(idea=idea).values_list("user", flat=True)) == [officer.pk]
    assert idea.support_count == 1 == counted_supports(idea)


def test_account_cannot_support_after_confirming_its_address(idea, officer):
    support = services.support_idea(idea=idea, email=officer.email)
    services.confirm_support(region=idea.region, token=support.confirmation_token)

    _refused(lambda: services.support_idea(idea=idea, user=officer), "bereits")


@pytest.mark.parametrize("status", [IdeaStatus.SUBMITTED, IdeaStatus.REJECTED, IdeaStatus.UNCONFIRMED])
def test_unpublished_idea_cannot_be_supported(make_idea, officer, status):
    idea = make_idea(status=status)

    _refused(lambda: services.support_idea(idea=idea, user=officer), "veröffentlichte Ideen")
    _refused(lambda: services.support_idea(idea=idea, email="max@example.org"), "veröffentlichte Ideen")


def test_support_confirmation_after_rejection_is_refused(idea, coordinator):
    support = services.support_idea(idea=idea, email="max@example.org")
    services.reject_idea(idea=idea, actor=coordinator, reason="Doch nicht.")

    _refused(
        lambda: services.confirm_support(region=idea.region, token=support.confirmation_token), "nicht mehr"
    )


def test_support_token_of_another_region_is_refused(idea, coesfeld):
    support = services.support_idea(idea=idea, email="max@example.org")

    _refused(lambda: services.confirm_support(region=coesfeld, token=support.confirmation_token), "ungültig")


# Comments


def test_comment_waits_for_moderation(idea):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")

    assert comment.status == CommentStatus.PENDING


def test_comment_of_a_moderator_can_be_published_at_once(idea, coordinator):
    comment = services.comment_on_idea(idea=idea, text="Wir prüfen das.", author=coordinator, publish=True)

    assert comment.status == CommentStatus.PUBLISHED
    assert comment.author == coordinator


@pytest.mark.parametrize("status", [IdeaStatus.REJECTED, IdeaStatus.SUBMITTED, IdeaStatus.UNCONFIRMED])
def test_comment_on_unpublished_idea_is_refused(make_idea, status):
    idea = make_idea(status=status)

    _refused(
        lambda: services.comment_on_idea(idea=idea, text="Hallo", author_name="Max"),
        "nur zu veröffentlichten Ideen",
    )


def test_anonymous_comment_needs_name_and_text(idea):
    error = _refused(lambda: services.comment_on_idea(idea=idea, text=" ", author_name=""))

    assert set(error.message_dict) == {"author_name", "text"}


def test_moderating_a_comment_publishes_or_hides_it(idea, coordinator):
    comment = services.comment_on_idea(idea=idea, text="Gute Idee!", author_name="Max")

    services.moderate_comment(comment=comment, actor=coordinator, publish=True)
    assert IdeaComment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED
    services.moderate_comment(comment=comment, actor=coordinator, publish=False)
    assert IdeaComment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN
    assert AuditEvent.objects.filter(action__startswith="idea_comment.").count() == 2
