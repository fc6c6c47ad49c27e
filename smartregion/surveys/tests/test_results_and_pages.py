"""Results (tallies, minimum group size), pages, exports and the API."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from smartregion.core import pagecache
from smartregion.surveys import selectors, services
from smartregion.surveys.models import Response, Survey
from smartregion.surveys.tests.conftest import opt, q, valid_answers

pytestmark = pytest.mark.django_db


def _answer(survey: Survey, times: int, **change: Any) -> None:
    for _ in range(times):
        answers = valid_answers(survey)
        answers.update(change)
        services.submit_response(survey=survey, answers=answers)


def _url(survey: Survey, name: str) -> str:
    return reverse(f"surveys:{name}", kwargs={"region_slug": survey.region.slug, "survey_id": survey.pk})


def test_tallies_follow_new_answers(open_survey: Survey) -> None:
    _answer(open_survey, 5)
    first = selectors.survey_results(survey=open_survey)
    assert first.response_count == 5
    _answer(open_survey, 2, **{str(q(open_survey, "Alter").pk): opt(open_survey, "Alter", "alt")})
    results = selectors.survey_results(survey=open_survey)
    assert results.response_count == 7
    age = next(item for item in results.questions if item.question.text == "Alter")
    assert [bar.count for bar in age.bars] == [5, 2]
    assert not Response.objects.filter(tallied=False).exists()


def test_small_groups_are_not_shown(open_survey: Survey) -> None:
    _answer(open_survey, 4)
    assert selectors.survey_results(survey=open_survey).suppressed
    _answer(open_survey, 6)
    alt = q(open_survey, "Alter").options.get(label="alt")
    filtered = selectors.filtered_results(survey=open_survey, question=q(open_survey, "Alter"), option=alt)
    assert filtered.response_count == 0
    assert filtered.suppressed


def test_results_page_public_only_when_published(
    open_survey: Survey, client: Client, coordinator: Any
) -> None:
    _answer(open_survey, 5)
    assert client.get(_url(open_survey, "results")).status_code == 403
    services.publish_results(survey=open_survey, actor=None)
    page = client.get(_url(open_survey, "results"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert b"kern-table" in page.content


def test_answer_without_javascript_over_two_pages(open_survey: Survey, client: Client) -> None:
    answers = valid_answers(open_survey)
    page1: dict[str, Any] = {}
    for key in ("Alter", "Nutzung"):
        page1[f"q{q(open_survey, key).pk}"] = answers[str(q(open_survey, key).pk)]
    start = client.post(_url(open_survey, "survey"), page1)
    assert start.status_code == 302
    rank = q(open_survey, "Rang")
    page2 = {f"q{rank.pk}_o{o.pk}": i for i, o in enumerate(rank.options.all(), start=1)}
    page2[f"q{q(open_survey, 'Stunden').pk}"] = "7"
    done = client.post(start["Location"] + "?seite=2", page2)
    assert done.status_code == 302
    assert done["Location"].endswith("/danke/")
    assert Response.objects.get().answers[f"q{q(open_survey, 'Stunden').pk}"] == 7
    assert client.get(start["Location"])["Location"].endswith("/danke/")  # the resume link is spent


def test_forged_resume_link(open_survey: Survey, client: Client) -> None:
    response = client.get(_url(open_survey, "survey") + "antwort/erfunden/")
    assert response.status_code == 404
    assert "keiner offenen Antwort" in response.content.decode()


def test_form_errors_are_german_and_nothing_is_stored(open_survey: Survey, client: Client) -> None:
    response = client.post(_url(open_survey, "survey"), {f"q{q(open_survey, 'Alter').pk}": "999"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine der angebotenen Antworten." in response.content.decode()
    assert not Response.objects.exists()


def test_builder_needs_a_coordinator(
    open_survey: Survey, client: Client, reader: Any, coordinator: Any
) -> None:
    client.force_login(reader)
    assert client.get(_url(open_survey, "edit")).status_code == 403
    client.force_login(coordinator)
    assert client.get(_url(open_survey, "edit")).status_code == 200
    response = client.post(
        _url(open_survey, "add_question"),
        {"type": "single", "text": "Neu", "options": "nur eine", "page": "1"},
    )
    assert response.status_code == 400
    assert "mindestens zwei Antworten" in response.content.decode()


def test_csv_export_streams_with_codebook(open_survey: Survey, client: Client, coordinator: Any) -> None:
    _answer(open_survey, 3)
    client.force_login(coordinator)
    response = client.get(_url(open_survey, "export_csv"))
    assert response.streaming
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")), delimiter=";")
    )
    assert len(rows) == 4
    assert rows[1][3] == "jung"
    codebook = client.get(_url(open_survey, "export_codebook"))
    assert "Alter" in b"".join(codebook.streaming_content).decode()
    assert client.get(_url(open_survey, "export_xlsx")).status_code == 200


def test_qr_codes_and_short_link(open_survey: Survey, client: Client) -> None:
    assert client.get(_url(open_survey, "qr_svg")).content.startswith(b"<?xml")
    assert client.get(_url(open_survey, "qr_png")).content.startswith(b"\x89PNG")
    assert client.get(f"/u/{open_survey.short_code}")["Location"] == open_survey.get_absolute_url()


def test_api_answer_and_results(open_survey: Survey, client: Client) -> None:
    detail = client.get(f"/api/v1/surveys/{open_survey.pk}/").json()
    assert {"id", "type", "required", "options"} <= set(detail["questions"][0])
    url = f"/api/v1/surveys/{open_survey.pk}/responses/"
    created = client.post(
        url, json.dumps({"answers": valid_answers(open_survey)}), content_type="application/json"
    )
    assert created.status_code == 201
    assert created.content in (b"", b"null")
    bad = client.post(url, json.dumps({"answers": {"999999": 1}}), content_type="application/json")
    assert bad.status_code == 400
    assert "passen nicht" in bad.json()["detail"]
    assert client.get(f"/api/v1/surveys/{open_survey.pk}/results/").status_code == 403
    services.publish_results(survey=open_survey, actor=None)
    _answer(open_survey, 4)
    assert client.get(f"/api/v1/surveys/{open_survey.pk}/results/").json()["response_count"] == 5


def test_draft_survey_is_hidden_from_the_public(open_survey: Survey, client: Client) -> None:
    services.publish_survey(survey=open_survey, actor=None, published=False)
    assert client.get(_url(open_survey, "survey")).status_code == 404
    assert client.get(f"/api/v1/surveys/{open_survey.pk}/").status_code == 404


def test_preview_shows_every_question(open_survey: Survey, client: Client, coordinator: Any) -> None:
    client.force_login(coordinator)
    content = client.get(_url(open_survey, "preview")).content.decode()
    for question in open_survey.questions.all():
        assert question.text in content


def test_cross_tabulation_from_tallies(open_survey: Survey) -> None:
    _answer(open_survey, 6)
    _answer(open_survey, 2, **{str(q(open_survey, "Alter").pk): opt(open_survey, "Alter", "alt")})
    age = q(open_survey, "Alter")
    young = selectors.filtered_results(survey=open_survey, question=age, option=age.options.get(label="jung"))
    assert young.response_count == 6
    usage = next(item for item in young.questions if item.question.text == "Nutzung")
    assert [bar.count for bar in usage.bars] == [6, 0, 0]
    old = selectors.filtered_results(survey=open_survey, question=age, option=age.options.get(label="alt"))
    assert old.response_count == 2
    assert old.suppressed
    assert old.questions == []


def test_filter_of_another_survey_is_404(open_survey: Survey, client: Client) -> None:
    services.publish_results(survey=open_survey, actor=None)
    other = services.duplicate_survey(survey=open_survey, actor=None)
    foreign = other.questions.get(text="Alter").options.first()
    assert client.get(_url(open_survey, "results") + f"?filter={foreign.pk}").status_code == 404  # type: ignore[union-attr]


def test_overview_has_bounded_queries(
    open_survey: Survey, client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        services.duplicate_survey(survey=open_survey, actor=None)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surveys:overview", kwargs={"region_slug": open_survey.region.slug}))
    assert response.status_code == 200
    assert response.content.decode().count("Digitale Angebote") == 1  # the copies are drafts


def test_api_lists_published_surveys_of_the_region(open_survey: Survey, client: Client) -> None:
    services.duplicate_survey(survey=open_survey, actor=None)  # a draft: not listed
    listed = client.get(f"/api/v1/regions/{open_survey.region.slug}/surveys/").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == open_survey.pk
    assert client.get("/api/v1/regions/gibt-es-nicht/surveys/").status_code == 404


def test_answers_not_yet_counted_are_shown_as_such_and_reading_counts_nothing(
    open_survey: Survey, client: Client, settings: Any
) -> None:
    _answer(open_survey, 5)
    services.publish_results(survey=open_survey, actor=None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker
    cache.clear()  # forget that a run is queued
    _answer(open_survey, 2)

    page = client.get(_url(open_survey, "results")).content.decode()

    assert 'data-testid="response-count">5<' in page
    assert "2 weitere Antworten sind eingegangen und werden gerade gezählt." in page
    assert Response.objects.filter(tallied=False).count() == 2


@pytest.mark.page_cache
def test_counted_answers_show_on_the_cached_results_page_at_once(
    open_survey: Survey, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _answer(open_survey, 5)
    services.publish_results(survey=open_survey, actor=None)
    assert client.get(_url(open_survey, "results"))[pagecache.HEADER] == "stored"
    assert client.get(_url(open_survey, "results"))[pagecache.HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        _answer(open_survey, 1)

    page = client.get(_url(open_survey, "results"))
    assert page[pagecache.HEADER] == "stored"
    assert 'data-testid="response-count">6<' in page.content.decode()
