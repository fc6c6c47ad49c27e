"""Meine Daten: what the platform holds about the logged-in person, and nothing about anyone else."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from smartregion.accounts.tests.factories import InvitationFactory, UserFactory
from smartregion.core.scoping import scopes_disabled
from smartregion.events.models import Event, Registration, RegistrationStatus
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport

pytestmark = pytest.mark.django_db

URL = "/konto/daten/"


@pytest.fixture
def person(coesfeld):
    user = UserFactory(email="anna@example.org", name="Anna Beispiel")
    EmailAddress.objects.create(user=user, email="anna@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="a.beispiel@privat.example", verified=True)
    EmailAddress.objects.create(user=user, email="nicht-meine@example.org", verified=False)
    return user


def contributions(region, person, *, number: int = 1) -> None:
    """Ideas, comments, supports and registrations of the person, by account and by address."""
    start = timezone.now() + datetime.timedelta(days=7)
    with scopes_disabled():
        for index in range(number):
            event = Event.objects.create(
                region=region,
                title=f"Werkstatt {index}",
                start=start,
                end=start + datetime.timedelta(hours=2),
            )
            idea = Idea.objects.create(
                region=region,
                title=f"Freies WLAN am Markt {index}",
                description="…",
                status=IdeaStatus.PUBLISHED,
                author=person,
            )
            Idea.objects.create(
                region=region,
                title=f"Ohne Konto eingereicht {index}",
                description="…",
                author_email="a.beispiel@privat.example",
            )
            IdeaComment.objects.create(
                idea=idea, author=person, text="Gute Idee", status=CommentStatus.PUBLISHED
            )
            IdeaSupport.objects.create(idea=idea, email="a.beispiel@privat.example")
            Registration.objects.create(
                event=event, name="Anna", email="anna@example.org", status=RegistrationStatus.CONFIRMED
            )


def someone_else(region) -> None:
    other = UserFactory(email="bernd@example.org")
    start = timezone.now() + datetime.timedelta(days=7)
    with scopes_disabled():
        idea = Idea.objects.create(
            region=region, title="Bernds Idee", description="…", status=IdeaStatus.PUBLISHED, author=other
        )
        Idea.objects.create(
            region=region,
            title="Mit fremder Adresse",
            description="…",
            author_email="nicht-meine@example.org",
        )
        IdeaComment.objects.create(idea=idea, author=other, text="Bernds Kommentar")
        IdeaSupport.objects.create(idea=idea, user=other)
        event = Event.objects.create(region=region, title="Fremde Werkstatt", start=start, end=start)
        Registration.objects.create(
            event=event, email="bernd@example.org", status=RegistrationStatus.CONFIRMED
        )


def test_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_refuses_post(login, person):
    assert login(person).post(URL).status_code == 405


def test_shows_account_addresses_roles_and_contributions(login, person, steinfurt, coesfeld, coordinator):
    from smartregion.accounts.models import Membership, Role

    Membership.objects.create(user=person, region=steinfurt, role=Role.READER)
    InvitationFactory(region=coesfeld, email="anna@example.org")
    contributions(steinfurt, person)
    someone_else(steinfurt)

    response = login(person).get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Anna Beispiel" in text
    assert "a.beispiel@privat.example (bestätigt)" in text
    assert "nicht-meine@example.org (nicht bestätigt)" in text
    assert "Kreis Steinfurt: Lesezugriff" in text
    assert "Offene Einladungen an Sie" in text
    assert "Freies WLAN am Markt 0" in text
    assert "Ohne Konto eingereicht 0" in text  # an idea sent from a confirmed address
    assert "Ideen (2)" in text
    assert "Kommentare (1)" in text
    assert "Unterstützungen von Ideen (1)" in text
    assert "Anmeldungen zu Veranstaltungen (1)" in text
    assert "Antworten auf Umfragen werden anonym gespeichert" in text
    assert reverse("regions:legal", kwargs={"region_slug": steinfurt.slug, "page": "datenschutz"}) in text
    # Nothing of another person, nor what was sent from an address the person has not confirmed.
    assert "Bernd" not in text
    assert "Mit fremder Adresse" not in text
    assert "Fremde Werkstatt" not in text


def test_marks_the_page_in_the_account_navigation(login, person):
    text = login(person).get(URL).content.decode()

    assert 'href="/konto/daten/" aria-current="page"' in text


def test_person_without_contributions_gets_a_friendly_page(login, person):
    text = login(person).get(URL).content.decode()

    assert "Sie haben in keiner Region eine Rolle." in text
    assert "Datenschutzerklärung der Plattform" in text


def test_query_count_does_not_grow_with_contributions(
    login, person, steinfurt, django_assert_max_num_queries
):
    contributions(steinfurt, person, number=1)
    client = login(person)
    client.get(URL)  # sessions and caches warm

    with django_assert_max_num_queries(22) as few:
        client.get(URL)
    contributions(steinfurt, person, number=25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    text = response.content.decode()
    assert "Ideen (52)" in text
    assert "Gezeigt sind die neuesten von 52 Einträgen." in text
    assert "Anmeldungen zu Veranstaltungen (26)" in text
