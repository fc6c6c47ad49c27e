"""An idea's title is one line: refused with a line break by page, service and API; mails whose
subject carries the title of an older idea with a line break still go out, on one line."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from smartregion.core.tests.test_mail import subject_of
from smartregion.ideas import services
from smartregion.ideas.forms import IdeaForm
from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
    state,
)

pytestmark = pytest.mark.django_db

LINE_BREAK = "Dieses Feld darf keinen Zeilenumbruch enthalten."
# Every character Python's str.splitlines() breaks at.
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
INJECTED = "Radweg{}Bcc: alle@example.org"


def _idea(**overrides):
    data = {
        "title": "Freies WLAN am Bahnhof",
        "description": "Am Bahnhof Greven fehlt freies WLAN.",
        "field": "mobilitaet",
        "municipality": "greven",
        "author_name": "Erika Muster",
        "author_email": "erika@example.org",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("line_break", BREAKS)
def test_service_refuses_a_title_with_a_line_break(steinfurt, mobility, greven, line_break):
    before = state()

    with pytest.raises(ValidationError) as caught:
        services.submit_idea(
            region=steinfurt,
            author=None,
            **{**_idea(title=INJECTED.format(line_break)), "field": mobility, "municipality": greven},
        )

    assert caught.value.message_dict["title"] == [LINE_BREAK]
    assert state() == before


def test_line_breaks_around_the_title_are_trimmed_not_refused(steinfurt, mobility, greven):
    idea = services.submit_idea(
        region=steinfurt,
        author=None,
        **{**_idea(title="\r\n Radweg \n"), "field": mobility, "municipality": greven},
    )

    assert idea.title == "Radweg"


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028"])
def test_form_refuses_a_title_with_a_line_break(steinfurt, mobility, greven, line_break):
    data = _idea(title=INJECTED.format(line_break), field=mobility.pk, municipality=greven.pk)

    form = IdeaForm(data, region=steinfurt, signed_in=False)

    assert not form.is_valid()
    assert form.errors["title"] == [LINE_BREAK]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028"])
def test_page_refuses_a_title_with_a_line_break(client, steinfurt, mobility, greven, line_break):
    data = _idea(title=INJECTED.format(line_break), field=mobility.pk, municipality=greven.pk)

    response = client.post("/r/kreis-steinfurt/ideen/neu/", data)

    assert response.status_code in (200, 400)
    assert LINE_BREAK in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028"])
def test_api_refuses_a_title_with_a_line_break(client, steinfurt, mobility, greven, line_break):
    body = json.dumps(_idea(title=INJECTED.format(line_break)))

    response = client.post("/api/v1/regions/kreis-steinfurt/ideas/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"title": [LINE_BREAK]}
    assert not Idea.objects.exists()


def _stored_with_line_break(idea: Idea) -> Idea:
    """A title saved before titles were checked."""
    Idea.objects.filter(pk=idea.pk).update(title=INJECTED.format("\r\n"))
    return Idea.objects.get(pk=idea.pk)


def test_rejection_of_an_idea_with_a_line_break_in_its_title_is_mailed_on_one_line(
    make_idea, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    idea = _stored_with_line_break(make_idea(status=IdeaStatus.SUBMITTED))

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_idea(idea=idea, actor=coordinator, reason="Gibt es schon.")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@example.org"]
    assert "„Radweg Bcc: alle@example.org“" in subject_of(mailoutbox[0])
    assert mailoutbox[0].message()["Bcc"] is None


def test_support_of_an_idea_with_a_line_break_in_its_title_is_mailed_on_one_line(
    make_idea, mailoutbox, django_capture_on_commit_callbacks
):
    idea = _stored_with_line_break(make_idea())

    with django_capture_on_commit_callbacks(execute=True):
        services.support_idea(idea=idea, email="unterstuetzer@example.org")

    assert len(mailoutbox) == 1
    assert "„Radweg Bcc: alle@example.org“" in subject_of(mailoutbox[0])
