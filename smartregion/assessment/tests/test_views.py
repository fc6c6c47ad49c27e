"""The pages: opening a round, the rating grid, blind mode, results, what-if, decisions, paper."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.utils import timezone

from smartregion.accounts.models import Role
from smartregion.assessment import services
from smartregion.assessment.models import AssessmentRound, Decision, Rater, Score
from smartregion.assessment.tests.conftest import cells, person, profile, rate_all
from smartregion.portfolio.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/bewertung/"


def url(assessment_round, page=""):
    return f"{BASE}{assessment_round.pk}/{page}"


def _grid_post(assessment_round, values, action="draft", conflicts=None):
    candidates, relevance, feasibility = cells(assessment_round)
    data = {"action": action}
    for candidate, (r, f) in zip(candidates, values, strict=True):
        data[f"s-{candidate.pk}-{relevance.pk}"] = r
        data[f"s-{candidate.pk}-{feasibility.pk}"] = f
        data[f"b-{candidate.pk}"] = (conflicts or {}).get(candidate.project.title, "none")
        data[f"c-{candidate.pk}"] = ""
    return data


def _closed(assessment_round, raters, coordinator):
    rate_all(assessment_round, raters[0], [(5, 4), (3, 2), (4, 4)])
    rate_all(assessment_round, raters[1], [(4, 4), (2, 2), (5, 3)])
    return services.close_round(assessment_round=assessment_round, actor=coordinator)


# Opening ------------------------------------------------------------------------------------


def _create_data(projects, raters, **changes):
    data = {
        "title": "Konsolidierung 2022",
        "description": "",
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "blind": "on",
        "candidates": [p.pk for p in projects],
        "raters": [u.pk for u in raters],
        "kriterium-TOTAL_FORMS": "4",
        "kriterium-INITIAL_FORMS": "0",
        "kriterium-0-name": "Relevanz",
        "kriterium-0-weight": "50",
        "kriterium-0-scale_min": "1",
        "kriterium-0-scale_max": "5",
        "kriterium-0-axis": "relevance",
        "kriterium-1-name": "Realisierbarkeit",
        "kriterium-1-weight": "30",
        "kriterium-1-scale_min": "1",
        "kriterium-1-scale_max": "5",
        "kriterium-1-axis": "feasibility",
        "kriterium-2-name": "Interkommunaler Mehrwert",
        "kriterium-2-weight": "20",
        "kriterium-2-scale_min": "1",
        "kriterium-2-scale_max": "5",
        "kriterium-2-axis": "",
        "kriterium-3-scale_min": "1",
        "kriterium-3-scale_max": "5",
    }
    data.update(changes)
    return data


def test_the_form_offers_profiles_in_review_and_preselects_the_committee(
    login, coordinator, projects, raters, committee
):
    response = login(coordinator).get(f"{BASE}neu/")

    assert response.status_code == 200
    form = response.context["form"]
    assert [p.title for p in form.fields["candidates"].queryset] == [p.title for p in projects]
    assert set(form.fields["raters"].initial) == {raters[0].pk, raters[1].pk}
    assert 'value="Relevanz"' in response.text
    assert 'value="50"' in response.text


def test_a_coordinator_opens_a_round_with_three_criteria(login, coordinator, projects, raters):
    response = login(coordinator).post(f"{BASE}neu/", _create_data(projects, raters))

    assessment_round = AssessmentRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(assessment_round)
    assert list(assessment_round.criteria.values_list("name", flat=True)) == [
        "Relevanz",
        "Realisierbarkeit",
        "Interkommunaler Mehrwert",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kriterium-1-weight": "40"}, "ergeben zusammen 110 %"),
        ({"kriterium-2-weight": "-20", "kriterium-1-weight": "70"}, "größer oder gleich 0"),
        ({"deadline": "2020-01-01"}, "Die Frist muss in der Zukunft liegen."),
        ({"deadline": "morgen"}, "gültiges Datum"),
        ({"candidates": ["999999"]}, "steht nicht zur Auswahl"),
        (
            {"kriterium-0-scale_min": "5", "kriterium-0-scale_max": "5"},
            "muss bei 0 oder mehr beginnen, höher enden",
        ),
    ],
)
def test_bad_round_forms_change_nothing(login, coordinator, projects, raters, changes, message):
    response = login(coordinator).post(f"{BASE}neu/", _create_data(projects, raters, **changes))

    assert response.status_code == 400
    assert message in response.text
    assert not AssessmentRound.objects.exists()


def test_only_coordinators_open_rounds(login, committee, client):
    assert login(committee).get(f"{BASE}neu/").status_code == 403
    assert client.get(f"{BASE}neu/").status_code == 302


# Rating and blind mode ----------------------------------------------------------------------


def test_a_rater_saves_a_draft_and_then_submits(login, assessment_round, committee):
    client = login(committee)
    data = _grid_post(assessment_round, [(4, 3), ("", ""), (5, 5)])

    assert client.post(url(assessment_round, "bewerten/"), data).status_code == 302
    page = client.get(url(assessment_round, "bewerten/"))
    assert "2 von 3 Projekten bewertet" in page.text
    assert Rater.objects.get(user=committee).submitted_at is None

    refused = client.post(url(assessment_round, "bewerten/"), {**data, "action": "submit"})
    assert refused.status_code == 400
    assert "Es fehlen noch Bewertungen bei 1 Projekten" in refused.text

    data = _grid_post(assessment_round, [(4, 3), (2, 2), (5, 5)], action="submit")
    assert client.post(url(assessment_round, "bewerten/"), data).status_code == 302
    assert Rater.objects.get(user=committee).submitted_at is not None
    assert Score.objects.count() == 6


@pytest.mark.parametrize(
    ("value", "message"),
    [("6", "6 liegt außerhalb"), ("0", "0 liegt außerhalb"), ("drei", "als ganze Zahlen")],
)
def test_bad_scores_on_the_page_change_nothing(login, assessment_round, committee, value, message):
    client = login(committee)
    client.post(url(assessment_round, "bewerten/"), _grid_post(assessment_round, [(4, 3), (2, 2), (5, 5)]))
    before = sorted(Score.objects.values_list("candidate_id", "criterion_id", "value"))

    response = client.post(
        url(assessment_round, "bewerten/"), _grid_post(assessment_round, [(1, 1), (value, 2), (3, 3)])
    )

    assert response.status_code == 400
    assert message in response.text
    assert f'value="{value}"' in response.text  # what was typed is shown again
    assert sorted(Score.objects.values_list("candidate_id", "criterion_id", "value")) == before


def test_a_forged_candidate_or_another_rounds_candidate_is_refused(
    login, assessment_round, committee, steinfurt, coordinator
):
    other = services.open_round(
        region=steinfurt,
        actor=coordinator,
        title="Andere",
        deadline=timezone.now() + datetime.timedelta(days=3),
        candidates=[profile(steinfurt, "Anderes")],
        raters=[coordinator],
    )
    _, relevance, _ = cells(assessment_round)
    foreign = other.candidates.get()

    response = login(committee).post(
        url(assessment_round, "bewerten/"), {f"s-{foreign.pk}-{relevance.pk}": "3"}
    )

    assert response.status_code == 400
    assert "steht in dieser Runde nicht zur Bewertung" in response.text
    assert not Score.objects.exists()
    # ... and a round one is not invited to
    assert login(committee).post(url(other, "bewerten/"), {}).status_code == 403
    assert login(committee).get(url(other, "bewerten/")).status_code == 403


def test_blind_mode_hides_other_scores_from_raters_and_coordinator(
    login, assessment_round, raters, coordinator
):
    committee, second, _ = raters
    rate_all(assessment_round, committee, [(5, 4), (3, 2), (1, 1)])

    own_grid = login(second).get(url(assessment_round, "bewerten/")).text
    assert "Ø andere" not in own_grid
    assert 'value="5"' not in own_grid
    assert 'value="1"' not in own_grid
    assert login(second).get(url(assessment_round, "ergebnis/")).status_code == 403
    assert login(committee).get(url(assessment_round, "ergebnis/")).status_code == 403
    coordinator_page = login(coordinator).get(url(assessment_round))
    assert "3 von 3" in coordinator_page.text  # progress of the first rater
    assert "Einzelne Bewertungen sieht vor dem Abschluss niemand" in coordinator_page.text
    assert login(coordinator).get(url(assessment_round, "ergebnis/")).status_code == 302
    assert login(coordinator).get(url(assessment_round, "sitzungsvorlage.pdf")).status_code == 403


def test_an_open_round_shows_the_others_means(login, steinfurt, coordinator, projects, raters):
    committee, second, _ = raters
    assessment_round = services.open_round(
        region=steinfurt,
        actor=coordinator,
        title="Offene Runde",
        deadline=timezone.now() + datetime.timedelta(days=3),
        candidates=projects,
        raters=raters,
        blind=False,
    )
    rate_all(assessment_round, committee, [(5, 4), (3, 2), (1, 1)])

    assert "Ø andere: 5,0" in login(second).get(url(assessment_round, "bewerten/")).text


def test_an_involved_rater_sees_the_flag(login, assessment_round, officer):
    page = login(officer).get(url(assessment_round, "bewerten/")).text

    assert "Ihre Kommune Greven ist beteiligt." in page


def test_after_closing_the_grid_is_read_only(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    client = login(raters[0])
    before = sorted(Score.objects.values_list("pk", "value"))

    response = client.post(
        url(closed, "bewerten/"), _grid_post(closed, [(1, 1), (1, 1), (1, 1)], action="submit")
    )

    assert response.status_code == 400
    assert "Die Runde ist abgeschlossen" in response.text
    assert sorted(Score.objects.values_list("pk", "value")) == before
    assert "disabled" in client.get(url(closed, "bewerten/")).text


# Results ------------------------------------------------------------------------------------


def test_results_for_members_after_closing_and_for_everyone_once_published(
    login, client, assessment_round, raters, coordinator, reader
):
    closed = _closed(assessment_round, raters, coordinator)

    page = login(reader).get(url(closed, "ergebnis/"))
    assert page.status_code == 200
    assert "Portfoliomatrix" in page.text
    assert "<svg" in page.text
    assert client.get(url(closed, "ergebnis/")).status_code == 404

    login(coordinator).post(url(closed, "veroeffentlichen/"))
    public = client.get(url(closed, "ergebnis/"))
    assert public.status_code == 200
    assert "Kommentare der Bewertenden" not in public.text


def test_the_ranking_shows_the_hand_computed_figures(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)

    page = login(coordinator).get(url(closed, "ergebnis/")).text

    # Mobilitätsorte: relevance 5, 4 → 4.5 (87.5 points); feasibility 4, 4 → 4 (75); 81.25
    assert "81,2" in page or "81,3" in page
    assert "4,50" in page


def test_what_if_reranks_without_changing_the_result(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    criteria = list(closed.criteria.order_by("order"))
    client = login(coordinator)
    weights = {f"w{criteria[0].pk}": "0", f"w{criteria[1].pk}": "100"}

    partial = client.get(url(closed, "ergebnis/"), weights, headers={"HX-Request": "true"})

    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert "Rangfolge mit den geänderten Gewichten" in partial.text
    assert list(closed.criteria.order_by("order").values_list("weight", flat=True)) == [50, 50]
    bad = client.get(url(closed, "ergebnis/"), {f"w{criteria[0].pk}": "-10", f"w{criteria[1].pk}": "110"})
    assert bad.status_code == 400
    assert "Ein Gewicht darf nicht negativ sein." in bad.text
    not_100 = client.get(url(closed, "ergebnis/"), {f"w{criteria[0].pk}": "10", f"w{criteria[1].pk}": "10"})
    assert "ergeben zusammen 20 %" in not_100.text
    assert "Was wäre, wenn" not in login(raters[0]).get(url(closed, "ergebnis/")).text


def test_decisions_are_recorded_on_the_results_page(login, client, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    data = {
        "body": "Kreistag",
        "decided_on": "2022-06-20",
        "reference": "B 110/2022",
        "note": "",
        f"d{candidates[0].pk}": "leitprojekt",
        f"d{candidates[1].pk}": "",
        f"d{candidates[2].pk}": "zurueckgestellt",
    }

    response = login(coordinator).post(url(closed, "beschluesse/"), data)

    assert response.status_code == 302
    assert dict(Project.objects.values_list("title", "status")) == {
        "Digitale Mobilitätsorte": ProjectStatus.LEAD,
        "Digitales Jugendzentrum": ProjectStatus.IN_REVIEW,
        "Patenship.de": ProjectStatus.DEFERRED,
    }
    log = client.get(f"{BASE}beschluesse/")
    assert log.status_code == 200
    assert "B 110/2022" in log.text
    assert "20.06.2022" in log.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"decided_on": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"decided_on": "2099-01-01"}, "nicht in der Zukunft"),
    ],
)
def test_a_decision_without_body_or_date_changes_nothing(
    login, assessment_round, raters, coordinator, changes, message
):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    data = {"body": "Kreistag", "decided_on": "2022-06-20", f"d{candidates[0].pk}": "leitprojekt", **changes}

    response = login(coordinator).post(url(closed, "beschluesse/"), data)

    assert response.status_code == 400
    assert message in response.text
    assert not Decision.objects.exists()
    assert Project.objects.get(pk=candidates[0].project_id).status == ProjectStatus.IN_REVIEW


def test_only_coordinators_record_decisions(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    data = {"body": "Kreistag", "decided_on": "2022-06-20", f"d{candidates[0].pk}": "leitprojekt"}

    assert login(raters[0]).post(url(closed, "beschluesse/"), data).status_code == 403
    assert not Decision.objects.exists()


def test_the_committee_paper_as_pdf_and_docx(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    client = login(coordinator)

    pdf = client.get(url(closed, "sitzungsvorlage.pdf"))
    word = client.get(url(closed, "sitzungsvorlage.docx"))

    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert word.status_code == 200
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(word.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Digitale Mobilitätsorte" in text
    assert "Vorschlag: Leitprojekt" in text


def test_another_regions_round_is_404(login, assessment_round, coesfeld):
    coesfeld_coordinator = person(coesfeld, Role.COORDINATOR, "k@coesfeld.example")
    client = login(coesfeld_coordinator)

    assert client.get(f"/r/kreis-coesfeld/bewertung/{assessment_round.pk}/").status_code == 404
    assert client.get(url(assessment_round)).status_code == 404


def test_switched_off_module_is_404(login, assessment_round, coordinator, steinfurt):
    steinfurt.switched_off_modules = ["assessment"]
    steinfurt.save()

    assert login(coordinator).get(BASE).status_code == 404


def test_decisions_cannot_be_posted_to_an_open_round(login, assessment_round, coordinator):
    candidates, _, _ = cells(assessment_round)
    data = {"body": "Kreistag", "decided_on": "2022-06-20", f"d{candidates[0].pk}": "leitprojekt"}

    response = login(coordinator).post(url(assessment_round, "beschluesse/"), data)

    assert response.status_code == 403
    assert "Rangfolge" not in response.text
    assert not Decision.objects.exists()


def test_the_coordinator_sees_how_many_changes_were_recorded(login, assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)

    page = login(coordinator).get(url(closed, "ergebnis/")).text

    # Two raters, three projects: two scores and one declaration each.
    assert "Vor dem Abschluss sind 18 Änderungen an Bewertungen" in page


def test_a_comment_with_a_null_character_is_refused(login, assessment_round, committee):
    candidates, _, _ = cells(assessment_round)

    response = login(committee).post(url(assessment_round, "bewerten/"), {f"c-{candidates[0].pk}": "a\x00b"})

    assert response.status_code == 400
    assert "Nullzeichen" in response.text


def test_unicode_digits_are_no_score(login, assessment_round, committee):
    response = login(committee).post(
        url(assessment_round, "bewerten/"), _grid_post(assessment_round, [("²", "3"), ("١", "2"), ("4", "4")])
    )

    assert response.status_code == 400
    assert "als ganze Zahlen" in response.text
    assert not Score.objects.exists()


def test_a_3_mb_rating_is_refused_and_changes_nothing(login, assessment_round, committee):
    candidates, _, _ = cells(assessment_round)

    response = login(committee).post(
        url(assessment_round, "bewerten/"), {f"c-{candidates[0].pk}": "x" * 3_000_000}
    )

    assert response.status_code in (400, 413)
    assert not Score.objects.exists()
    assert not assessment_round.raters.get(user=committee).notes.exists()


def test_a_double_submit_opens_one_round(login, coordinator, projects, raters):
    client = login(coordinator)
    data = _create_data(projects, raters, **{"kriterium-1-weight": "50", "kriterium-2-name": ""})

    first = client.post(f"{BASE}neu/", data)
    second = client.post(f"{BASE}neu/", data)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "Dieses Projekt steht nicht zur Auswahl." in second.text  # it stands in the first round now
    assert AssessmentRound.objects.count() == 1


def test_a_coordinator_without_totp_reads_no_progress_from_the_api(
    settings, login, assessment_round, coordinator
):
    settings.REQUIRE_MFA_FOR_COORDINATORS = True

    response = login(coordinator).get(f"/api/v1/assessments/{assessment_round.pk}/results/")

    assert response.status_code == 403
    assert "progress" not in response.text
