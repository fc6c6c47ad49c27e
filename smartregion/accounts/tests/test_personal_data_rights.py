"""Personal-data rights: the download of everything held (Art. 15, 20 DSGVO) and deleting one's own
account (Art. 17), with the region's choice between keeping contributions anonymised and removing them."""

from __future__ import annotations

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from smartregion.accounts import services
from smartregion.accounts.models import ApiToken, Invitation, Membership, Role, User
from smartregion.accounts.tests.factories import PASSWORD, InvitationFactory, UserFactory
from smartregion.accounts.tests.test_my_data import contributions, someone_else
from smartregion.core.models import AuditEvent, record_event
from smartregion.core.scoping import scopes_disabled
from smartregion.events.models import SEAT_HOLDING, Event, Registration, RegistrationStatus
from smartregion.ideas.models import CommentStatus, Idea, IdeaComment, IdeaStatus, IdeaSupport
from smartregion.regions import legal
from smartregion.regions.models import AfterAccountDeletion, Region
from smartregion.surveys.models import Response, Survey
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

DELETE = "/konto/loeschen/"


@pytest.fixture
def person(coesfeld: Region) -> User:
    """Anna, with two confirmed addresses and one she has not confirmed (as on "Meine Daten")."""
    user = UserFactory(email="anna@example.org", name="Anna Beispiel")
    EmailAddress.objects.create(user=user, email="anna@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="a.beispiel@privat.example", verified=True)
    EmailAddress.objects.create(user=user, email="nicht-meine@example.org", verified=False)
    return user


def _sections(data: dict) -> dict[str, list[dict]]:
    return {section["schluessel"]: section["eintraege"] for section in data["abschnitte"]}


def test_downloads_need_a_login(client, db):
    for name in ("accounts:my_data_json", "accounts:my_data_pdf", "accounts:delete_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")


def test_json_holds_everything_about_the_person_and_nothing_about_others(login, person, steinfurt, coesfeld):
    Membership.objects.create(user=person, region=steinfurt, role=Role.READER)
    InvitationFactory(region=coesfeld, email="anna@example.org")
    contributions(steinfurt, person)
    someone_else(steinfurt)
    with scopes_disabled():
        registration = Registration.objects.get(email="anna@example.org")
        registration.event.questions = ["Ernährung"]
        registration.event.save()
        registration.answers = {"Ernährung": "vegetarisch"}
        registration.accessibility_needs = "Rollstuhlplatz"
        registration.save()
        record_event(action="idea.published", obj=Idea.objects.first(), actor=person, region=steinfurt)

    response = login(person).get(reverse("accounts:my_data_json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("max-age=0")
    data = json.loads(response.content)
    sections = _sections(data)
    assert sections["konto"][0]["name"] == "Anna Beispiel"
    assert {a["adresse"] for a in sections["e_mail_adressen"]} == {
        "anna@example.org",
        "a.beispiel@privat.example",
        "nicht-meine@example.org",
    }
    assert sections["rollen"] == [
        {
            "region": "Kreis Steinfurt",
            "rolle": "Lesezugriff",
            "kommune": "",
            "organisation": "",
            "seit": sections["rollen"][0]["seit"],
        }
    ]
    assert sections["einladungen"][0]["region"] == "Kreis Coesfeld"
    assert {idea["titel"] for idea in sections["ideen"]} == {
        "Freies WLAN am Markt 0",
        "Ohne Konto eingereicht 0",
    }
    assert sections["kommentare"][0]["text"] == "Gute Idee"
    assert sections["unterstuetzungen"][0]["e_mail"] == "a.beispiel@privat.example"
    assert sections["anmeldungen"][0]["antworten"] == ["Ernährung: vegetarisch"]
    assert sections["anmeldungen"][0]["barrierefreiheit"] == "Rollstuhlplatz"
    assert sections["protokoll"][0]["region"] == "Kreis Steinfurt"
    datetime.datetime.fromisoformat(sections["ideen"][0]["eingegangen"])  # machine-readable times
    assert any("anonym" in note for note in data["hinweise"])
    text = response.content.decode()
    assert "Bernd" not in text
    assert "bernd@" not in text
    assert "Mit fremder Adresse" not in text
    assert "Fremde Werkstatt" not in text


def test_pdf_is_a_readable_document_of_the_same(login, person, steinfurt, tmp_path):
    contributions(steinfurt, person)
    someone_else(steinfurt)

    response = login(person).get(reverse("accounts:my_data_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "meine-daten.pdf").write_bytes(response.content)  # to look at it
    text = pdf_text(response.content)
    for expected in (
        "Meine Daten",
        "Anna Beispiel",
        "Freies WLAN am Markt 0",
        "Ohne Konto eingereicht 0",
        "Gute Idee",
        "Werkstatt 0",
        "Anmeldungen zu Veranstaltungen (1)",
        "Antworten auf Umfragen werden anonym gespeichert",
    ):
        assert expected in text, expected
    assert "Bernd" not in text


def test_my_data_page_offers_downloads_and_deletion(login, person):
    text = login(person).get("/konto/daten/").content.decode()

    assert reverse("accounts:my_data_json") in text
    assert reverse("accounts:my_data_pdf") in text
    assert f'href="{DELETE}"' in text


def _everything(steinfurt: Region, person: User) -> dict[str, object]:
    """A survey answer, an upcoming event with a waiting list, and an audit entry naming the person."""
    contributions(steinfurt, person)
    survey = Survey.objects.create(region=steinfurt, title="Umfrage", privacy_notice="Anonym.")
    Response.objects.create(survey=survey, day=timezone.localdate())
    with scopes_disabled():
        event = Event.objects.get(title="Werkstatt 0")
        event.capacity = 1
        event.save()
        waiting = Registration.objects.create(
            event=event, name="Clara", email="clara@example.org", status=RegistrationStatus.WAITLISTED
        )
        idea = Idea.objects.get(title="Freies WLAN am Markt 0")
        Idea.objects.filter(pk=idea.pk).update(support_count=3)
        IdeaSupport.objects.filter(idea=idea).update(confirmed_at=timezone.now())
    entry = record_event(
        action="membership.added", obj=person, region=steinfurt, details={"email": person.email}
    )
    token = ApiToken.objects.create(
        region=steinfurt,
        name="Export",
        prefix="sr_test",
        secret_hash="x",
        created_by=person,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    return {"waiting": waiting, "idea": idea, "entry": entry, "token": token}


def _confirm(client, password: str = PASSWORD):
    return client.post(DELETE, {"bestaetigt": "1", "password": password})


def test_deleting_keeps_contributions_anonymised_where_the_region_says_so(login, person, steinfurt):
    made = _everything(steinfurt, person)
    client = login(person)

    asked = client.get(DELETE)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "bleiben ohne Namen, E-Mail-Adresse und Konto erhalten" in page
    assert "Antworten auf Umfragen waren nie mit Ihnen verbunden" in page
    assert User.objects.filter(pk=person.pk).exists()

    response = _confirm(client)

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert client.get("/konto/daten/").status_code == 302  # signed out
    with scopes_disabled():
        idea = Idea.objects.get(pk=made["idea"].pk)
        assert (idea.author_id, idea.author_name, idea.author_email) == (None, "", "")
        assert idea.support_count == 3  # the support still counts, without naming anyone
        assert not IdeaSupport.objects.filter(email="a.beispiel@privat.example").exists()
        sent = Idea.objects.get(title="Ohne Konto eingereicht 0")
        assert sent.author_email == ""
        comment = IdeaComment.objects.get(text="Gute Idee")
        assert comment.author_id is None
        assert comment.status == CommentStatus.PUBLISHED
        registration = Registration.objects.get(event__title="Werkstatt 0", anonymised=True)
        assert (registration.name, registration.email, registration.status) == (
            "",
            "",
            RegistrationStatus.CANCELLED,
        )
        made["waiting"].refresh_from_db()
        assert made["waiting"].status in SEAT_HOLDING  # the freed seat moved up
    assert Response.objects.count() == 1
    made["entry"].refresh_from_db()
    assert made["entry"].details["email"] == ""
    assert not ApiToken.objects.filter(pk=made["token"].pk).exists()
    deleted = AuditEvent.objects.get(action="account.deleted")
    assert "anna" not in json.dumps(deleted.details)


def test_deleting_removes_contributions_where_the_region_says_so(login, person, steinfurt, coesfeld):
    details = legal.defaults(steinfurt)
    details.after_account_deletion = AfterAccountDeletion.REMOVE
    details.save()
    made = _everything(steinfurt, person)
    contributions(coesfeld, person)  # Coesfeld keeps them anonymised, the default

    page = login(person).get(DELETE).content.decode()
    assert "werden in Kreis Steinfurt entfernt" in page
    assert _confirm(login(person)).status_code == 302

    with scopes_disabled():
        assert not Idea.objects.filter(
            region=steinfurt, title__in=["Freies WLAN am Markt 0", "Ohne Konto eingereicht 0"]
        ).exists()
        assert not IdeaComment.objects.filter(idea__region=steinfurt, text="Gute Idee").exists()
        assert not Registration.objects.filter(event__region=steinfurt, name="Anna").exists()
        assert Registration.objects.filter(pk=made["waiting"].pk, status__in=SEAT_HOLDING).exists()
        kept = Idea.objects.get(region=coesfeld, title="Freies WLAN am Markt 0")
        assert kept.author_id is None
        assert Registration.objects.filter(event__region=coesfeld, anonymised=True).count() == 1
    assert Response.objects.count() == 1  # survey answers stay


def test_a_wrong_password_or_a_forged_form_changes_nothing(login, person, steinfurt):
    contributions(steinfurt, person)
    client = login(person)

    wrong = _confirm(client, "falsch")
    missing = client.post(DELETE, {"password": PASSWORD})  # without the confirmation field

    assert wrong.status_code == 200
    assert "Das Passwort ist nicht richtig." in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert missing.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()
    with scopes_disabled():
        assert Idea.objects.filter(author=person).count() == 1
        assert Registration.objects.filter(email="anna@example.org", anonymised=False).count() == 1
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_the_only_coordinator_cannot_delete_the_account(login, steinfurt, coordinator):
    client = login(coordinator)

    page = client.get(DELETE).content.decode()
    refused = _confirm(client)

    assert "Sie sind die einzige Koordination in Kreis Steinfurt" in page
    assert refused.status_code == 200
    assert "Sie sind die einzige Koordination in Kreis Steinfurt" in refused.content.decode()
    assert User.objects.filter(pk=coordinator.pk).exists()
    assert Membership.objects.filter(user=coordinator, role=Role.COORDINATOR).exists()

    colleague = UserFactory(email="zweite@steinfurt.example")
    Membership.objects.create(user=colleague, region=steinfurt, role=Role.COORDINATOR)
    assert _confirm(client).status_code == 302
    assert not User.objects.filter(pk=coordinator.pk).exists()


def test_invitations_to_the_person_go_with_the_account(person, steinfurt):
    InvitationFactory(region=steinfurt, email="anna@example.org")

    services.delete_account(person=person, password=PASSWORD)

    assert not Invitation.objects.filter(email="anna@example.org").exists()


def test_scores_of_a_deleted_rater_stay_in_the_results(person, steinfurt):
    from smartregion.assessment.models import AssessmentRound, Rater

    assessment_round = AssessmentRound.objects.create(
        region=steinfurt, title="Runde 2026", deadline=timezone.now()
    )
    rater = Rater.objects.create(round=assessment_round, user=person)

    services.delete_account(person=person, password=PASSWORD)

    rater.refresh_from_db()
    assert rater.user_id is None
    assert str(rater) == "gelöschtes Konto"


def test_ideas_in_another_status_are_not_mistaken(person, steinfurt):
    with scopes_disabled():
        unconfirmed = Idea.objects.create(
            region=steinfurt,
            title="Unbestätigt",
            description="…",
            author=person,
            status=IdeaStatus.UNCONFIRMED,
        )

    services.delete_account(person=person, password=PASSWORD)

    with scopes_disabled():
        assert not Idea.objects.filter(pk=unconfirmed.pk).exists()  # never a contribution: it goes


def test_supports_kept_anonymised_still_count_when_their_idea_is_merged(person, steinfurt, coordinator):
    from smartregion.ideas import services as idea_services

    with scopes_disabled():
        duplicate, target = (
            Idea.objects.create(region=steinfurt, title=title, description="…", status=IdeaStatus.PUBLISHED)
            for title in ("Doppelt", "Ziel")
        )
    idea_services.support_idea(idea=duplicate, user=person)
    services.delete_account(person=person, password=PASSWORD)

    idea_services.merge_ideas(duplicate=duplicate, target=target, actor=coordinator)

    target.refresh_from_db()
    assert target.support_count == 1


def test_the_download_keeps_awkward_text_exactly_and_the_pdf_still_renders(login, person, steinfurt):
    awkward = "=SUMME(A1)\x1b \x0bZeile² ³ @Anna +1 -2"
    with scopes_disabled():
        Idea.objects.create(region=steinfurt, title=awkward, description=awkward, author=person)
    client = login(person)

    data = json.loads(client.get(reverse("accounts:my_data_json")).content)
    pdf = client.get(reverse("accounts:my_data_pdf"))

    assert _sections(data)["ideen"][0]["titel"] == awkward  # JSON escapes, it does not alter
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "=SUMME(A1)" in text
    assert "Zeile² ³ @Anna +1 -2" in text
    assert "\x1b" not in text
