"""Services of the needs analysis: opening, answering, reminders, consolidation, confirmation."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import default_task_backend

from smartregion.accounts.models import Role
from smartregion.analysis import services
from smartregion.analysis.consolidation import consolidate, consolidate_rows, suggest_tiers
from smartregion.analysis.models import Answer, Questionnaire, QuestionnaireStatus, TierDecision
from smartregion.analysis.tests.conftest import full_answers, person, questionnaire_of
from smartregion.core.models import AuditEvent
from smartregion.strategy import services as strategy_services
from smartregion.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db


def test_open_round_creates_one_draft_questionnaire_per_municipality_and_schedules_reminder(
    analysis_round, greven, emsdetten, rheine
):
    assert analysis_round.questionnaires.count() == 3
    assert set(analysis_round.questionnaires.values_list("status", flat=True)) == {QuestionnaireStatus.DRAFT}
    assert [d["key"] for d in analysis_round.dimensions] == ["relevanz", "spielraum", "reifegrad"]
    assert analysis_round.scale["unknown"] == "kann ich nicht beurteilen"
    assert AuditEvent.objects.filter(action="analysis.opened").exists()


def test_reminder_task_is_enqueued_for_days_before_deadline(
    django_capture_on_commit_callbacks, steinfurt, fields, greven, coordinator
):
    deadline = timezone.now() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(
            region=steinfurt,
            actor=coordinator,
            name="R",
            fields=fields,
            municipalities=[greven],
            deadline=deadline,
            reminder_days=5,
        )
    (result,) = default_task_backend.results
    assert result.task.name == "send_analysis_reminders"
    assert result.task.run_after == deadline - datetime.timedelta(days=5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "Namen"),
        ({"fields": []}, "Handlungsfeld"),
        ({"municipalities": []}, "Kommune"),
        ({"deadline": timezone.now() - datetime.timedelta(days=1)}, "Zukunft"),
        ({"dimensions": ["A", "A"]}, "doppelt"),
        ({"scale": {"min": 5, "max": 1}}, "Skala"),
        ({"scale": {"min": 1, "max": 3, "labels": ["a", "b"]}}, "Beschriftung"),
        ({"rule": {"method": "thresholds", "weights": {"relevanz": 1}, "thresholds": [2, 3]}}, "größer"),
        ({"rule": {"method": "lottery"}}, "Schwellenwerte"),
    ],
)
def test_open_round_refuses_bad_input(steinfurt, fields, greven, coordinator, changes, message):
    arguments = {
        "region": steinfurt,
        "actor": coordinator,
        "name": "R",
        "fields": fields,
        "municipalities": [greven],
        "deadline": timezone.now() + datetime.timedelta(days=3),
        **changes,
    }
    with pytest.raises(ValidationError, match=message):
        services.open_round(**arguments)
    assert not steinfurt.analysis_rounds.exists()


def test_open_round_refuses_field_or_municipality_of_another_region(
    steinfurt, coesfeld, fields, greven, duelmen
):
    other = strategy_services.add_field(
        strategy=strategy_services.create_strategy(region=coesfeld, title="C"), actor=None, name="Bildung"
    )
    deadline = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="nicht zu dieser Region"):
        services.open_round(
            region=steinfurt, actor=None, name="R", fields=[other], municipalities=[greven], deadline=deadline
        )
    with pytest.raises(ValidationError, match="nicht zu dieser Region"):
        services.open_round(
            region=steinfurt, actor=None, name="R", fields=fields, municipalities=[duelmen], deadline=deadline
        )
    assert not steinfurt.analysis_rounds.exists()


def test_draft_then_submit(analysis_round, greven, officer):
    questionnaire = questionnaire_of(analysis_round, greven)
    verwaltung = analysis_round.fields.get(name="Verwaltung")
    services.save_questionnaire(
        questionnaire=questionnaire,
        actor=officer,
        answers={(verwaltung.pk, "relevanz"): 5, (verwaltung.pk, "reifegrad"): None},
        comments={verwaltung.pk: "OZG zuerst"},
        text_answers=["Ratsinfo"],
        expected_version=0,
    )
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.DRAFT
    assert questionnaire.version == 1
    assert questionnaire.comments == {str(verwaltung.pk): "OZG zuerst"}
    with pytest.raises(ValidationError, match="es fehlen noch 7 Angaben"):
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=officer,
            answers={(verwaltung.pk, "relevanz"): 5, (verwaltung.pk, "reifegrad"): None},
            expected_version=1,
            submit=True,
        )
    services.save_questionnaire(
        questionnaire=questionnaire,
        actor=officer,
        answers=full_answers(analysis_round, {"Verwaltung": 5}),
        expected_version=1,
        submit=True,
    )
    questionnaire.refresh_from_db()
    assert questionnaire.is_submitted
    assert questionnaire.answers.count() == 9


@pytest.mark.parametrize("value", [0, 6, -1, 99, True, "3"])
def test_value_outside_the_scale_is_refused_and_nothing_stored(analysis_round, greven, value):
    questionnaire = questionnaire_of(analysis_round, greven)
    field = analysis_round.fields.first()
    with pytest.raises(ValidationError, match="Skala"):
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers={(field.pk, "relevanz"): value},
            expected_version=0,
        )
    assert not Answer.objects.exists()
    assert questionnaire_of(analysis_round, greven).version == 0


def test_field_or_dimension_not_in_round_is_refused(analysis_round, greven, steinfurt):
    questionnaire = questionnaire_of(analysis_round, greven)
    outside = FieldOfAction.objects.create(strategy=steinfurt.strategy, name="Extra", slug="extra", order=9)
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Bedarfsanalyse"):
        services.save_questionnaire(
            questionnaire=questionnaire, actor=None, answers={(outside.pk, "relevanz"): 3}, expected_version=0
        )
    field = analysis_round.fields.first()
    with pytest.raises(ValidationError, match="Dimension"):
        services.save_questionnaire(
            questionnaire=questionnaire, actor=None, answers={(field.pk, "kosten"): 3}, expected_version=0
        )
    with pytest.raises(ValidationError, match="gehört nicht"):
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers={},
            comments={outside.pk: "x"},
            expected_version=0,
        )
    assert not Answer.objects.exists()


def test_unknown_is_refused_when_the_round_does_not_allow_it(steinfurt, fields, greven):
    analysis_round = services.open_round(
        region=steinfurt,
        actor=None,
        name="Ohne Ausweichantwort",
        fields=fields,
        municipalities=[greven],
        deadline=timezone.now() + datetime.timedelta(days=3),
        scale={"min": 1, "max": 4, "unknown": False},
    )
    questionnaire = questionnaire_of(analysis_round, greven)
    with pytest.raises(ValidationError, match="auf der Skala"):
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers={(fields[0].pk, "relevanz"): None},
            expected_version=0,
        )


def test_submission_after_deadline_is_refused(analysis_round, greven):
    questionnaire = questionnaire_of(analysis_round, greven)
    later = analysis_round.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="Frist"):
        services.save_questionnaire(
            questionnaire=questionnaire,
            actor=None,
            answers=full_answers(analysis_round, {}),
            expected_version=0,
            submit=True,
            now=later,
        )
    assert not Answer.objects.exists()
    assert questionnaire_of(analysis_round, greven).status == QuestionnaireStatus.DRAFT


def test_two_officers_saving_on_the_same_version_the_second_is_refused(analysis_round, greven):
    """Neither officer's answers are silently lost: the second save, based on version 0, is refused."""
    questionnaire = questionnaire_of(analysis_round, greven)
    field = analysis_round.fields.first()
    services.save_questionnaire(
        questionnaire=questionnaire, actor=None, answers={(field.pk, "relevanz"): 5}, expected_version=0
    )
    with pytest.raises(services.StaleQuestionnaire, match="Inzwischen"):
        services.save_questionnaire(
            questionnaire=questionnaire, actor=None, answers={(field.pk, "relevanz"): 1}, expected_version=0
        )
    assert Answer.objects.get().value == 5


def test_submitted_questionnaire_is_locked_until_reopened(analysis_round, greven, submit, coordinator):
    questionnaire = submit(analysis_round, greven, {})
    with pytest.raises(ValidationError, match="bereits abgegeben"):
        services.save_questionnaire(
            questionnaire=questionnaire, actor=None, answers={}, expected_version=questionnaire.version
        )
    reopened = services.reopen_questionnaire(questionnaire=questionnaire, actor=coordinator)
    assert reopened.status == QuestionnaireStatus.DRAFT
    with pytest.raises(ValidationError, match="noch nicht abgegeben"):
        services.reopen_questionnaire(questionnaire=reopened, actor=coordinator)


def test_reminders_go_to_officers_of_missing_municipalities_once(
    analysis_round, greven, emsdetten, officer, emsdetten_officer, submit
):
    submit(analysis_round, emsdetten, {})
    assert services.send_reminders(analysis_round=analysis_round) == 1
    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert "Erinnerung" in message.subject
    assert f"/bedarfsanalyse/{analysis_round.pk}/fragebogen/greven/" in message.body
    assert services.send_reminders(analysis_round=analysis_round) == 0
    assert len(mail.outbox) == 1


def test_reminder_task_sends_nothing_for_a_closed_round(analysis_round, officer):
    from smartregion.analysis.tasks import send_analysis_reminders

    services.close_round(analysis_round=analysis_round, actor=None)
    assert send_analysis_reminders.call(analysis_round.pk) == 0
    assert send_analysis_reminders.call(999999) == 0
    assert mail.outbox == []


def test_closed_round_refuses_answers_and_a_second_close(analysis_round, greven):
    services.close_round(analysis_round=analysis_round, actor=None)
    with pytest.raises(ValidationError, match="bereits abgeschlossen"):
        services.close_round(analysis_round=analysis_round, actor=None)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.save_questionnaire(
            questionnaire=questionnaire_of(analysis_round, greven), actor=None, answers={}, expected_version=0
        )


def test_consolidation_counts_only_submitted_and_leaves_unknown_out(
    analysis_round, greven, emsdetten, rheine, submit
):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 4, "Demografie": 2})
    submit(analysis_round, emsdetten, {"Verwaltung": 4, "Mobilität": 3, "Demografie": 1})
    draft = questionnaire_of(analysis_round, rheine)
    services.save_questionnaire(
        questionnaire=draft,
        actor=None,
        answers=full_answers(analysis_round, {"Verwaltung": 1}),
        expected_version=0,
    )
    result = consolidate(analysis_round)
    assert result.submitted == 2
    assert result.invited == 3
    verwaltung = result.fields[0]
    relevance = verwaltung.aggregates[0]
    assert (relevance.mean, relevance.median, relevance.spread, relevance.count) == (4.5, 4.5, 0.5, 2)
    assert verwaltung.score == 4.5
    assert [f.suggested for f in result.fields] == ["I", "II", "III"]
    assert [row.name for row in result.heatmap] == ["Emsdetten", "Greven"]
    assert result.heatmap[1].cells == (5.0, 4.0, 2.0)


def test_tiers_by_thirds_share_ties():
    assert suggest_tiers([5, 4, 4, 3, 2, 1], {"method": "thirds"}) == ["I", "I", "I", "II", "III", "III"]
    assert suggest_tiers([3.0, None], {"method": "thresholds", "thresholds": [4, 3]}) == ["II", ""]


def test_consolidate_rows_handles_unknown_answers():
    result = consolidate_rows(
        rows=[(1, 10, "relevanz", None), (2, 10, "relevanz", 4)],
        fields=[(10, "Verwaltung", "verwaltung")],
        dimensions=[{"key": "relevanz", "label": "Relevanz"}],
        municipalities=[(1, "A"), (2, "B")],
        rule={"method": "thresholds", "weights": {"relevanz": 1}, "thresholds": [4, 3]},
        invited=2,
    )
    aggregate = result.fields[0].aggregates[0]
    assert (aggregate.count, aggregate.unknown, aggregate.mean) == (1, 1, 4.0)
    assert result.heatmap[0].cells == (None,)


def test_confirm_needs_closed_round_and_reason_for_override(analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3, "Demografie": 1})
    with pytest.raises(ValidationError, match="nach dem Abschluss"):
        services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    mobility = analysis_round.fields.get(name="Mobilität")
    with pytest.raises(ValidationError) as caught:
        services.confirm_tiers(
            analysis_round=analysis_round, actor=coordinator, overrides={mobility.pk: ("I", " ")}
        )
    assert "begründen" in str(caught.value)
    assert not TierDecision.objects.exists()
    assert FieldOfAction.objects.get(pk=mobility.pk).priority == ""
    services.confirm_tiers(
        analysis_round=analysis_round,
        actor=coordinator,
        overrides={mobility.pk: ("I", "Mobilstationen sind Kreistagsbeschluss.")},
    )
    priorities = dict(
        FieldOfAction.objects.filter(strategy__region=analysis_round.region).values_list("name", "priority")
    )
    assert priorities == {"Verwaltung": "I", "Mobilität": "I", "Demografie": "III"}
    assert FieldOfAction.objects.get(pk=mobility.pk).priority_source == "Bedarfsanalyse 2026"
    decision = TierDecision.objects.get(field=mobility)
    assert (decision.suggested, decision.tier, decision.overridden) == ("II", "I", True)
    with pytest.raises(ValidationError, match="bereits bestätigt"):
        services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    with pytest.raises(ValidationError, match="bereits bestätigt"):
        services.set_rule(analysis_round=analysis_round, actor=coordinator, rule={"method": "thirds"})


def test_confirm_without_suggestion_needs_an_explicit_tier(analysis_round, coordinator):
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    with pytest.raises(ValidationError, match="Priorität I, II oder III"):
        services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    assert not TierDecision.objects.exists()


def test_publish_only_after_confirmation_and_once(analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {})
    with pytest.raises(ValidationError, match="Bestätigung"):
        services.publish_results(analysis_round=analysis_round, actor=coordinator)
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    services.publish_results(analysis_round=analysis_round, actor=coordinator)
    with pytest.raises(ValidationError, match="bereits veröffentlicht"):
        services.publish_results(analysis_round=analysis_round, actor=coordinator)


def test_set_rule_validates_and_changes_suggestions(analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3, "Demografie": 1})
    with pytest.raises(ValidationError, match="Gewicht"):
        services.set_rule(
            analysis_round=analysis_round,
            actor=coordinator,
            rule={"method": "thirds", "weights": {"relevanz": 0}, "thresholds": [4, 3]},
        )
    services.set_rule(
        analysis_round=analysis_round,
        actor=coordinator,
        rule={"method": "thresholds", "weights": {"reifegrad": 1}, "thresholds": [5, 2]},
    )
    analysis_round.refresh_from_db()
    assert [f.suggested for f in consolidate(analysis_round).fields] == ["I", "II", "III"]
    assert analysis_round.rule["weights"] == {"reifegrad": 1.0}


def test_officers_missing_ignores_other_roles(analysis_round, steinfurt, officer, reader):
    person(steinfurt, Role.PROJECT_LEAD, "pl@steinfurt.example")
    assert [m.user for m in services.officers_missing(analysis_round)] == [officer]


def test_questionnaire_is_unique_per_round_and_municipality(analysis_round, greven):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.create(round=analysis_round, municipality=greven)


def test_forced_reminder_task_sends_again(analysis_round, officer):
    from smartregion.analysis.tasks import send_analysis_reminders

    assert send_analysis_reminders.call(analysis_round.pk) == 1
    assert send_analysis_reminders.call(analysis_round.pk) == 0
    assert send_analysis_reminders.call(analysis_round.pk, force=True) == 1
    assert len(mail.outbox) == 2


def test_heatmap_svg_escapes_names_and_prints_every_value():
    from smartregion.analysis.consolidation import Consolidation, FieldResult, HeatmapRow
    from smartregion.analysis.heatmap import build_heatmap, svg_markup

    result = Consolidation(
        fields=[FieldResult(1, "Kultur & <b>Tourismus</b>", "kultur", [], 3.5)],
        heatmap=[HeatmapRow(1, '<script>alert("x")</script>', (4.25,)), HeatmapRow(2, "Olfen", (None,))],
        submitted=2,
        invited=2,
    )
    svg = str(svg_markup(build_heatmap(result, low=1, high=5)))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Kultur &amp; &lt;b&gt;" in svg
    assert ">4,2<" in svg or ">4,3<" in svg
    assert ">–<" in svg
    assert 'role="img"' in svg


def test_extend_deadline_after_it_passed_lets_a_reopened_questionnaire_be_saved(analysis_round, greven):
    from smartregion.analysis.models import AnalysisRound

    AnalysisRound.objects.filter(pk=analysis_round.pk).update(
        deadline=timezone.now() - datetime.timedelta(days=1)
    )
    analysis_round.refresh_from_db()
    with pytest.raises(ValidationError, match="nach der bisherigen Frist"):
        services.extend_deadline(
            analysis_round=analysis_round, actor=None, deadline=timezone.now() - datetime.timedelta(hours=1)
        )
    services.extend_deadline(
        analysis_round=analysis_round, actor=None, deadline=timezone.now() + datetime.timedelta(days=2)
    )
    services.save_questionnaire(
        questionnaire=questionnaire_of(analysis_round, greven),
        actor=None,
        answers=full_answers(analysis_round, {}),
        expected_version=0,
        submit=True,
    )
    services.close_round(analysis_round=analysis_round, actor=None)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.extend_deadline(
            analysis_round=analysis_round, actor=None, deadline=timezone.now() + datetime.timedelta(days=9)
        )
