"""The builder's services: times, phases, duplication, reordering, and the phase links."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartregion.core import phase_links
from smartregion.regions.models import Region
from smartregion.strategy.models import Phase, Strategy
from smartregion.surveys import exports, selectors, services
from smartregion.surveys.models import Survey
from smartregion.surveys.tests.conftest import q

pytestmark = pytest.mark.django_db


def test_closing_before_opening_is_refused(steinfurt: Region) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError, match="Ende muss nach dem Beginn"):
        services.create_survey(
            region=steinfurt,
            actor=None,
            data={
                "title": "T",
                "privacy_notice": "p",
                "opens_at": now,
                "closes_at": now - datetime.timedelta(hours=1),
            },
        )
    assert not Survey.objects.exists()


def test_phase_of_another_region_is_refused(steinfurt: Region, coesfeld: Region) -> None:
    strategy = Strategy.objects.create(region=coesfeld, title="Coesfeld")
    phase = Phase.objects.create(strategy=strategy, name="Analyse")
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Region"):
        services.create_survey(
            region=steinfurt, actor=None, data={"title": "T", "privacy_notice": "p", "phase": phase}
        )


def test_duplicate_keeps_questions_and_conditions(open_survey: Survey) -> None:
    young = q(open_survey, "Alter").options.get(label="jung")
    services.add_question(
        survey=open_survey, actor=None, type="short_text", text="Warum?", show_if_option=young
    )
    copy = services.duplicate_survey(survey=open_survey, actor=None)
    assert copy.questions.count() == open_survey.questions.count()
    follow = copy.questions.get(text="Warum?")
    assert follow.show_if_option is not None
    assert follow.show_if_option.question.survey_id == copy.pk
    assert not copy.published


def test_move_question_up(open_survey: Survey) -> None:
    second = q(open_survey, "Nutzung")
    services.move_question(question=second, actor=None, up=True)
    assert list(open_survey.questions.values_list("text", flat=True))[:2] == ["Nutzung", "Alter"]


def test_no_deleting_questions_with_answers(open_survey: Survey) -> None:
    from smartregion.surveys.tests.conftest import valid_answers

    services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    with pytest.raises(ValidationError, match="lassen sich nicht mehr löschen"):
        services.delete_question(question=q(open_survey, "Alter"), actor=None)


def test_phase_link_for_published_surveys_only(open_survey: Survey, steinfurt: Region) -> None:
    strategy = Strategy.objects.create(region=steinfurt, title="Steinfurt")
    phase = Phase.objects.create(strategy=strategy, name="Analyse")
    open_survey.phase = phase
    open_survey.save()
    links = phase_links.links_for([phase.pk], None, steinfurt)[phase.pk]
    assert [link.url for link in links] == [open_survey.get_absolute_url()]
    services.publish_survey(survey=open_survey, actor=None, published=False)
    assert list(selectors.phase_links_for([phase.pk], None)) == []


def test_results_pdf(open_survey: Survey) -> None:
    from smartregion.surveys.tests.conftest import valid_answers

    for _ in range(5):
        services.submit_response(survey=open_survey, answers=valid_answers(open_survey))
    assert exports.results_pdf(selectors.survey_results(survey=open_survey)).startswith(b"%PDF")


def test_other_region_coordinator_cannot_edit(
    open_survey: Survey, client: Client, coesfeld_coordinator: Any
) -> None:
    client.force_login(coesfeld_coordinator)
    url = reverse("surveys:edit", kwargs={"region_slug": "kreis-coesfeld", "survey_id": open_survey.pk})
    assert client.get(url).status_code == 404
    url = reverse(
        "surveys:edit", kwargs={"region_slug": open_survey.region.slug, "survey_id": open_survey.pk}
    )
    assert client.get(url).status_code == 403


def test_change_question_wording(open_survey: Survey, client: Client, coordinator: Any) -> None:
    client.force_login(coordinator)
    question = q(open_survey, "Alter")
    url = reverse(
        "surveys:change_question",
        kwargs={
            "region_slug": open_survey.region.slug,
            "survey_id": open_survey.pk,
            "question_id": question.pk,
        },
    )
    assert client.post(url, {"text": "", "page": "1"}).status_code == 400
    assert client.post(url, {"text": "Wie alt?", "page": "1", "required": "on"}).status_code == 302
    question.refresh_from_db()
    assert question.text == "Wie alt?"
