"""Opening, rating, closing and deciding; every refusal is German and changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregion.accounts.models import Role
from smartregion.assessment import services
from smartregion.assessment.models import (
    AssessmentRound,
    CandidateNote,
    Decision,
    Rater,
    Score,
    ScoreRevision,
)
from smartregion.assessment.tests.conftest import cells, person, profile, rate_all
from smartregion.core.models import AuditEvent
from smartregion.portfolio.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(days=7)


def _state():
    return (
        AssessmentRound.objects.with_scopes_disabled().count(),
        sorted(Score.objects.values_list("rater_id", "candidate_id", "criterion_id", "value")),
        sorted(CandidateNote.objects.values_list("rater_id", "candidate_id", "comment", "conflict")),
        ScoreRevision.objects.count(),
        sorted(Decision.objects.with_scopes_disabled().values_list("candidate_id", "outcome")),
        sorted(Project.objects.with_scopes_disabled().values_list("title", "status")),
    )


def _open(steinfurt, coordinator, projects, people, **kwargs):
    arguments = {
        "region": steinfurt,
        "actor": coordinator,
        "title": "Runde",
        "deadline": timezone.now() + SOON,
        "candidates": projects,
        "raters": people,
        **kwargs,
    }
    return services.open_round(**arguments)


def _criteria(*weights):
    return [services.CriterionInput(name=f"K{i}", weight=Decimal(w)) for i, w in enumerate(weights)]


# Opening ------------------------------------------------------------------------------------


def test_a_round_opens_with_the_default_criteria(steinfurt, coordinator, projects, raters):
    assessment_round = _open(steinfurt, coordinator, projects, raters)

    criteria = list(assessment_round.criteria.values_list("name", "weight", "axis", "scale_min", "scale_max"))
    assert criteria == [
        ("Relevanz", Decimal(50), "relevance", 1, 5),
        ("Realisierbarkeit", Decimal(50), "feasibility", 1, 5),
    ]
    assert assessment_round.candidates.count() == 3
    assert assessment_round.blind
    assert AuditEvent.objects.filter(action="assessment.round_opened").exists()


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ((50, 40), "ergeben zusammen 90 %, es müssen genau 100 % sein"),
        ((120, -20), "darf nicht negativ sein"),
        ((), "mindestens ein Kriterium"),
    ],
)
def test_weights_must_be_non_negative_and_add_up(steinfurt, coordinator, projects, raters, weights, message):
    before = _state()
    with pytest.raises(ValidationError) as error:
        _open(steinfurt, coordinator, projects, raters, criteria=_criteria(*weights))

    assert message in str(error.value)
    assert _state() == before


def test_more_criteria_with_other_scales(steinfurt, coordinator, projects, raters):
    criteria = [
        services.CriterionInput("Relevanz", Decimal(40), axis="relevance"),
        services.CriterionInput("Realisierbarkeit", Decimal(30), axis="feasibility"),
        services.CriterionInput("Kosten/Nutzen", Decimal("17.5"), scale_min=0, scale_max=10),
        services.CriterionInput("Interkommunaler Mehrwert", Decimal("12.5")),
    ]
    assessment_round = _open(steinfurt, coordinator, projects, raters, criteria=criteria)

    assert assessment_round.criteria.count() == 4


def test_bad_round_input_is_refused(steinfurt, coesfeld, coordinator, projects, raters, committee):
    before = _state()
    drafting = profile(steinfurt, "Noch in Arbeit", status=ProjectStatus.DRAFTING)
    foreign = profile(coesfeld, "Coesfelder Projekt")
    outsider = person(coesfeld, Role.COMMITTEE_MEMBER, "fremd@coesfeld.example")
    cases = [
        ({"deadline": timezone.now() - SOON}, "in der Zukunft"),
        ({"candidates": [*projects, drafting]}, "steht nicht „zur Bewertung“"),
        ({"candidates": [foreign]}, "gehört nicht zu dieser Region"),
        ({"candidates": []}, "mindestens ein Projekt"),
        ({"raters": [committee, outsider]}, "nur Personen mit einer Rolle in dieser Region"),
        ({"title": "  "}, "Titel"),
    ]
    for change, message in cases:
        with pytest.raises(ValidationError) as error:
            _open(steinfurt, coordinator, projects, raters, **change) if "raters" not in change else _open(
                steinfurt, coordinator, projects, change.pop("raters"), **change
            )
        assert message in str(error.value), change
    assert _state()[0] == before[0]


def test_a_project_stands_in_one_open_round_at_a_time(
    assessment_round, steinfurt, coordinator, projects, raters
):
    with pytest.raises(ValidationError, match="schon in einer laufenden Bewertungsrunde"):
        _open(steinfurt, coordinator, projects[:1], raters)


# Rating -------------------------------------------------------------------------------------


def test_a_draft_saves_part_of_the_grid_and_every_change_is_recorded(assessment_round, committee):
    candidates, relevance, _feasibility = cells(assessment_round)
    key = (candidates[0].pk, relevance.pk)

    services.save_rating(assessment_round=assessment_round, user=committee, scores={key: 4})
    services.save_rating(
        assessment_round=assessment_round,
        user=committee,
        scores={key: 5},
        comments={candidates[0].pk: "Wichtig"},
    )
    services.save_rating(assessment_round=assessment_round, user=committee, scores={key: None})

    assert not Score.objects.exists()
    revisions = list(ScoreRevision.objects.values_list("what", "old", "new"))
    assert revisions == [
        ("score", "", "4"),
        ("score", "4", "5"),
        ("comment", "", "Wichtig"),
        ("score", "5", ""),
    ]
    assert Rater.objects.get(user=committee).submitted_at is None
    assert AuditEvent.objects.filter(action="assessment.rating_saved").count() == 3
    assert "5" not in str(
        AuditEvent.objects.filter(action="assessment.rating_saved").values_list("details", flat=True)
    )


def test_bad_scores_are_refused_and_nothing_is_saved(
    assessment_round, committee, steinfurt, coordinator, second_committee
):
    candidates, relevance, feasibility = cells(assessment_round)
    other = services.open_round(
        region=steinfurt,
        actor=coordinator,
        title="Andere Runde",
        deadline=timezone.now() + SOON,
        candidates=[profile(steinfurt, "Anderes Projekt")],
        raters=[second_committee],
    )
    foreign_candidate = other.candidates.get()
    foreign_criterion = other.criteria.first()
    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={(candidates[0].pk, relevance.pk): 3}
    )
    before = _state()
    cases = [
        (
            {(candidates[1].pk, relevance.pk): 4, (candidates[0].pk, feasibility.pk): 6},
            "von 1 bis 5 bewertet; 6 liegt außerhalb",
        ),
        ({(candidates[0].pk, relevance.pk): 0}, "0 liegt außerhalb"),
        ({(foreign_candidate.pk, relevance.pk): 3}, "steht in dieser Runde nicht zur Bewertung"),
        ({(candidates[0].pk, foreign_criterion.pk): 3}, "gehört nicht zu dieser Runde"),
    ]
    for scores, message in cases:
        with pytest.raises(ValidationError) as error:
            services.save_rating(assessment_round=assessment_round, user=committee, scores=scores)
        assert message in str(error.value)
    with pytest.raises(ValidationError, match="Unbekannte Angabe zur Befangenheit"):
        services.save_rating(
            assessment_round=assessment_round,
            user=committee,
            scores={},
            conflicts={candidates[0].pk: "vielleicht"},
        )
    with pytest.raises(ValidationError, match="nicht eingeladen"):
        services.save_rating(assessment_round=other, user=committee, scores={})
    assert _state() == before


def test_submitting_needs_every_candidate_rated_or_abstained(assessment_round, committee):
    candidates, relevance, feasibility = cells(assessment_round)
    scores = {(candidates[0].pk, relevance.pk): 4, (candidates[0].pk, feasibility.pk): 3}

    with pytest.raises(ValidationError, match="Es fehlen noch Bewertungen bei 2 Projekten"):
        services.save_rating(assessment_round=assessment_round, user=committee, scores=scores, submit=True)
    assert not Score.objects.exists()

    rate_all(assessment_round, committee, [(4, 3), (5, 5), (2, 2)])
    assert Rater.objects.get(user=committee).submitted_at is not None


def test_an_involved_rater_must_declare_and_an_abstention_clears_their_scores(assessment_round, officer):
    """The Greven officer: Greven takes part in the Jugendzentrum."""
    candidates, relevance, feasibility = cells(assessment_round)
    jugendzentrum = next(c for c in candidates if c.project.title == "Digitales Jugendzentrum")
    scores = {(c.pk, k.pk): 3 for c in candidates for k in (relevance, feasibility)}

    with pytest.raises(ValidationError, match="ob Sie befangen sind"):
        services.save_rating(assessment_round=assessment_round, user=officer, scores=scores, submit=True)

    services.save_rating(
        assessment_round=assessment_round,
        user=officer,
        scores=scores,
        conflicts={jugendzentrum.pk: "abstain"},
        submit=True,
    )
    assert not Score.objects.filter(candidate=jugendzentrum).exists()
    assert Score.objects.filter(rater__user=officer).count() == 4
    assert CandidateNote.objects.get(candidate=jugendzentrum).abstains


def test_nothing_changes_after_closing_or_after_the_deadline(assessment_round, committee, coordinator):
    candidates, relevance, _ = cells(assessment_round)
    key = (candidates[0].pk, relevance.pk)
    services.save_rating(assessment_round=assessment_round, user=committee, scores={key: 3})
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(deadline=timezone.now() - SOON)
    assessment_round.refresh_from_db()
    with pytest.raises(ValidationError, match="Frist dieser Runde ist abgelaufen"):
        services.save_rating(assessment_round=assessment_round, user=committee, scores={key: 5})

    services.close_round(assessment_round=assessment_round, actor=coordinator)
    before = _state()
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.save_rating(assessment_round=assessment_round, user=committee, scores={key: 5})
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.close_round(assessment_round=assessment_round, actor=coordinator)
    assert _state() == before


def test_a_score_is_only_ever_the_raters_own(assessment_round, committee, second_committee):
    """The service writes the grid of the person who calls it; there is no way to name another rater."""
    candidates, relevance, _ = cells(assessment_round)
    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={(candidates[0].pk, relevance.pk): 2}
    )
    services.save_rating(
        assessment_round=assessment_round, user=second_committee, scores={(candidates[0].pk, relevance.pk): 5}
    )

    values = dict(Score.objects.values_list("rater__user__email", "value"))
    assert values == {"ausschuss@steinfurt.example": 2, "ausschuss2@steinfurt.example": 5}


# Deciding -----------------------------------------------------------------------------------


def _closed(assessment_round, raters, coordinator):
    committee, second, _officer = raters
    rate_all(assessment_round, committee, [(5, 4), (3, 2), (4, 4)])
    rate_all(assessment_round, second, [(4, 4), (2, 2), (5, 3)])
    return services.close_round(assessment_round=assessment_round, actor=coordinator)


def test_decisions_move_the_profiles(assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    outcomes = dict(
        zip([c.pk for c in candidates], ["leitprojekt", "abgelehnt", "potenzialprojekt"], strict=True)
    )

    decisions = services.record_decisions(
        assessment_round=closed,
        actor=coordinator,
        outcomes=outcomes,
        body="Kreistag",
        decided_on=datetime.date(2022, 6, 20),
        reference="B 110/2022",
    )

    assert len(decisions) == 3
    statuses = dict(Project.objects.values_list("title", "status"))
    assert statuses == {
        "Digitale Mobilitätsorte": "leitprojekt",
        "Digitales Jugendzentrum": "verworfen",
        "Patenship.de": "potenzialprojekt",
    }
    assert decisions[0].citation == "Kreistag, 20.06.2022, B 110/2022"
    rejected = Project.objects.get(title="Digitales Jugendzentrum")
    assert rejected.status_reason == "Beschluss: abgelehnt (Kreistag, 20.06.2022, B 110/2022)"
    assert AuditEvent.objects.filter(action="assessment.decision_recorded").count() == 3


def test_bad_decisions_are_refused_and_change_nothing(assessment_round, raters, coordinator):
    candidates, _, _ = cells(assessment_round)
    first = {candidates[0].pk: "leitprojekt"}
    before = _state()
    with pytest.raises(ValidationError, match="erst nach Abschluss"):
        services.record_decisions(
            assessment_round=assessment_round,
            actor=coordinator,
            outcomes=first,
            body="Kreistag",
            decided_on=datetime.date(2022, 6, 20),
        )
    assert _state() == before

    closed = _closed(assessment_round, raters, coordinator)
    before = _state()
    today = timezone.localdate()
    cases = [
        ({"body": "", "decided_on": today}, "Gremium"),
        ({"body": "Kreistag", "decided_on": None}, "Datum des Beschlusses"),
        ({"body": "Kreistag", "decided_on": today + datetime.timedelta(days=1)}, "nicht in der Zukunft"),
        (
            {"body": "Kreistag", "decided_on": today, "outcomes": {candidates[0].pk: "vielleicht"}},
            "Unbekannter Beschluss",
        ),
        (
            {"body": "Kreistag", "decided_on": today, "outcomes": {999999: "leitprojekt"}},
            "nicht zur Bewertung",
        ),
        (
            {"body": "Kreistag", "decided_on": today, "outcomes": {candidates[0].pk: ""}},
            "mindestens einem Projekt",
        ),
    ]
    for arguments, message in cases:
        arguments = {"outcomes": first, **arguments}
        with pytest.raises(ValidationError) as error:
            services.record_decisions(assessment_round=closed, actor=coordinator, **arguments)
        assert message in str(error.value), arguments
    assert _state() == before

    services.record_decisions(
        assessment_round=closed, actor=coordinator, outcomes=first, body="Kreistag", decided_on=today
    )
    before = _state()
    with pytest.raises(ValidationError, match="schon ein Beschluss erfasst"):
        services.record_decisions(
            assessment_round=closed, actor=coordinator, outcomes=first, body="Kreistag", decided_on=today
        )
    assert _state() == before


def test_a_profile_that_moved_on_is_not_decided(assessment_round, raters, coordinator):
    closed = _closed(assessment_round, raters, coordinator)
    candidates, _, _ = cells(closed)
    Project.objects.filter(pk=candidates[0].project_id).update(status=ProjectStatus.DRAFTING)
    before = _state()

    with pytest.raises(ValidationError, match="steht nicht mehr „zur Bewertung“"):
        services.record_decisions(
            assessment_round=closed,
            actor=coordinator,
            outcomes={candidates[1].pk: "potenzialprojekt", candidates[0].pk: "leitprojekt"},
            body="Kreistag",
            decided_on=timezone.localdate(),
        )
    assert _state() == before


def test_publishing_needs_a_closed_round(assessment_round, raters, coordinator):
    with pytest.raises(ValidationError, match="erst eine abgeschlossene Runde"):
        services.publish_round(assessment_round=assessment_round, actor=coordinator)
    closed = _closed(assessment_round, raters, coordinator)
    assert services.publish_round(assessment_round=closed, actor=coordinator).is_published
    with pytest.raises(ValidationError, match="schon veröffentlicht"):
        services.publish_round(assessment_round=closed, actor=coordinator)


def test_dashboard_lists_rounds_to_rate_and_decisions_to_record(
    assessment_round, raters, coordinator, steinfurt
):
    from smartregion.assessment.selectors import dashboard_items

    committee = raters[0]
    assert [(i.label, i.count) for i in dashboard_items(steinfurt, committee)] == [
        ("Bewertungsrunden, in denen Ihre Bewertung fehlt", 1)
    ]
    _closed(assessment_round, raters, coordinator)
    assert [i.count for i in dashboard_items(steinfurt, committee)] == [0]
    assert [(i.label, i.count) for i in dashboard_items(steinfurt, coordinator)][1] == (
        "Projekte aus abgeschlossenen Bewertungsrunden ohne erfassten Beschluss",
        3,
    )


def test_a_rating_edited_into_a_draft_again_no_longer_counts_as_handed_in(assessment_round, committee):
    rate_all(assessment_round, committee, [(4, 3), (5, 5), (2, 2)])
    candidates, relevance, _ = cells(assessment_round)

    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={(candidates[0].pk, relevance.pk): None}
    )

    assert Rater.objects.get(user=committee).submitted_at is None


def test_a_comment_change_keeps_a_complete_rating_handed_in(assessment_round, committee):
    rate_all(assessment_round, committee, [(4, 3), (5, 5), (2, 2)])
    candidates, _, _ = cells(assessment_round)

    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={}, comments={candidates[0].pk: "Nachtrag"}
    )

    assert Rater.objects.get(user=committee).submitted_at is not None


def test_no_score_is_stored_for_a_candidate_the_rater_abstains_for(assessment_round, committee):
    candidates, relevance, _ = cells(assessment_round)
    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={}, conflicts={candidates[0].pk: "abstain"}
    )

    services.save_rating(
        assessment_round=assessment_round, user=committee, scores={(candidates[0].pk, relevance.pk): 5}
    )

    assert not Score.objects.exists()
