"""Pages of the needs analysis: who sees what, forms, bad input, exports."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from smartregion.accounts.models import Role
from smartregion.analysis import services
from smartregion.analysis.forms import answer_name
from smartregion.analysis.models import AnalysisRound, Answer, QuestionnaireStatus, TierDecision
from smartregion.analysis.tests.conftest import person, questionnaire_of
from smartregion.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db


def base(analysis_round: AnalysisRound) -> str:
    return f"/r/kreis-steinfurt/bedarfsanalyse/{analysis_round.pk}/"


def form_data(analysis_round: AnalysisRound, value: str = "4", **extra: str) -> dict[str, str]:
    data = {"version": "0", "action": "draft"}
    for field in analysis_round.fields.all():
        for key in analysis_round.dimension_keys():
            data[answer_name(field.pk, key)] = value
        data[f"comment_{field.pk}"] = ""
    data["text_0"] = ""
    data.update(extra)
    return data


def test_overview_is_the_navigation_target_and_lists_rounds_for_members(
    client, login, analysis_round, reader
):
    response = client.get("/r/kreis-steinfurt/bedarfsanalyse/")
    assert response.status_code == 200
    assert "Bedarfsanalyse 2026" not in response.content.decode()  # not published
    response = login(reader).get("/r/kreis-steinfurt/bedarfsanalyse/")
    assert "Bedarfsanalyse 2026" in response.content.decode()
    assert 'href="/r/kreis-steinfurt/bedarfsanalyse/" aria-current="page"' in response.content.decode()


def test_unpublished_round_is_404_for_the_public_and_other_regions(
    client, login, analysis_round, coesfeld_coordinator
):
    assert client.get(base(analysis_round)).status_code == 404
    assert login(coesfeld_coordinator).get(base(analysis_round)).status_code == 404
    # The id under another region's address is not found either.
    other = f"/r/kreis-coesfeld/bedarfsanalyse/{analysis_round.pk}/"
    assert login(coesfeld_coordinator).get(other).status_code == 404


def test_coordinator_creates_a_round(login, coordinator, fields, greven, emsdetten, steinfurt):
    data = {
        "name": "Runde 2027",
        "fields_of_action": [f.pk for f in fields],
        "dimensions": "Relevanz der Digitalisierung\nGestaltungsspielraum der Kommune",
        "scale_min": "1",
        "scale_max": "5",
        "scale_labels": "",
        "allow_unknown": "on",
        "questions": "Was fehlt?",
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "reminder_days": "3",
        "invited": [greven.pk, emsdetten.pk],
    }
    response = login(coordinator).post("/r/kreis-steinfurt/bedarfsanalyse/neu/", data)
    created = AnalysisRound.objects.get(name="Runde 2027")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.questionnaires.count() == 2
    assert created.dimension_keys() == ["relevanz", "spielraum"]


def test_create_form_shows_german_errors_and_stores_nothing(login, coordinator, fields, greven):
    data = {
        "name": "Runde",
        "fields_of_action": [fields[0].pk],
        "dimensions": "A",
        "scale_min": "1",
        "scale_max": "5",
        "scale_labels": "nur eine",
        "deadline": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "reminder_days": "3",
        "invited": [greven.pk],
    }
    response = login(coordinator).post("/r/kreis-steinfurt/bedarfsanalyse/neu/", data)
    assert response.status_code == 200
    assert "Zukunft" in response.content.decode() or "Beschriftung" in response.content.decode()
    assert not AnalysisRound.objects.exists()


def test_only_coordinators_create_rounds(login, officer, reader, steinfurt):
    assert login(officer).get("/r/kreis-steinfurt/bedarfsanalyse/neu/").status_code == 403
    assert login(reader).get("/r/kreis-steinfurt/bedarfsanalyse/neu/").status_code == 403


def test_officer_saves_draft_then_submits(login, analysis_round, greven, officer):
    url = base(analysis_round) + "fragebogen/greven/"
    client = login(officer)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(analysis_round, "x"))
    assert response.status_code == 302
    questionnaire = questionnaire_of(analysis_round, greven)
    assert questionnaire.version == 1
    assert set(Answer.objects.values_list("value", flat=True)) == {None}
    response = client.post(url, form_data(analysis_round, "5", version="1", action="submit"))
    assert response.status_code == 302
    assert questionnaire_of(analysis_round, greven).status == QuestionnaireStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert "Der Fragebogen ist abgegeben" in page


def test_officer_cannot_write_another_municipalitys_questionnaire(login, analysis_round, officer, emsdetten):
    url = base(analysis_round) + "fragebogen/emsdetten/"
    client = login(officer)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(analysis_round)).status_code == 403
    assert not Answer.objects.exists()


def test_coordinator_sees_but_cannot_fill_a_questionnaire(login, analysis_round, coordinator):
    url = base(analysis_round) + "fragebogen/greven/"
    client = login(coordinator)
    page = client.get(url).content.decode()
    assert "Entwurf speichern" not in page
    assert client.post(url, form_data(analysis_round)).status_code == 403
    assert not Answer.objects.exists()


def test_value_outside_the_scale_in_the_form_is_refused(login, analysis_round, officer):
    url = base(analysis_round) + "fragebogen/greven/"
    response = login(officer).post(url, form_data(analysis_round, "7"))
    assert response.status_code == 400
    assert "gültige" in response.content.decode()
    assert not Answer.objects.exists()


def test_forged_and_unknown_ids_are_404(login, analysis_round, officer):
    client = login(officer)
    assert client.get("/r/kreis-steinfurt/bedarfsanalyse/999999/").status_code == 404
    assert client.get(base(analysis_round) + "fragebogen/nirgendwo/").status_code == 404


def test_submission_after_deadline_shows_message_and_stores_nothing(login, analysis_round, officer):
    AnalysisRound.objects.filter(pk=analysis_round.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    url = base(analysis_round) + "fragebogen/greven/"
    client = login(officer)
    assert "Die Frist ist abgelaufen" in client.get(url).content.decode()
    response = client.post(url, form_data(analysis_round, action="submit"))
    assert response.status_code == 400
    assert "Frist" in response.content.decode()
    assert not Answer.objects.exists()


def test_second_officer_with_stale_version_keeps_inputs_and_sees_message(
    login, analysis_round, greven, officer, second_greven_officer
):
    url = base(analysis_round) + "fragebogen/greven/"
    assert login(officer).post(url, form_data(analysis_round, "5")).status_code == 302
    response = login(second_greven_officer).post(url, form_data(analysis_round, "2"))
    assert response.status_code == 400
    assert "Inzwischen hat jemand anderes" in response.content.decode()
    assert set(Answer.objects.values_list("value", flat=True)) == {5}
    # The form now carries the new version: saving again is a deliberate overwrite.
    assert 'name="version" value="1"' in response.content.decode()


def test_progress_reopen_remind_close_for_coordinator(
    login, analysis_round, greven, emsdetten, submit, coordinator, officer
):
    submit(analysis_round, emsdetten, {})
    client = login(coordinator)
    page = client.get(base(analysis_round)).content.decode()
    assert "1 von 3 Kommunen haben ihren Fragebogen abgegeben" in page
    assert "noch nicht begonnen" in page
    client.post(base(analysis_round) + "fragebogen/emsdetten/wieder-oeffnen/")
    assert questionnaire_of(analysis_round, emsdetten).status == QuestionnaireStatus.DRAFT
    from django_tasks import default_task_backend

    response = client.post(base(analysis_round) + "erinnern/", follow=True)
    assert "an 1 Beauftragte" in response.content.decode()
    (result,) = [r for r in default_task_backend.results if r.args == [analysis_round.pk]]
    assert result.kwargs == {"force": True}
    client.post(base(analysis_round) + "abschliessen/")
    analysis_round.refresh_from_db()
    assert analysis_round.is_closed
    response = client.post(base(analysis_round) + "abschliessen/", follow=True)
    assert "bereits abgeschlossen" in response.content.decode()


def test_officer_cannot_manage_the_round(login, analysis_round, officer):
    client = login(officer)
    assert client.post(base(analysis_round) + "abschliessen/").status_code == 403
    assert client.post(base(analysis_round) + "fragebogen/greven/wieder-oeffnen/").status_code == 403
    assert client.get(base(analysis_round) + "antworten.xlsx").status_code == 403
    analysis_round.refresh_from_db()
    assert analysis_round.is_open


def test_results_hidden_from_members_until_closed(
    login, analysis_round, greven, submit, officer, reader, coordinator
):
    submit(analysis_round, greven, {"Verwaltung": 5})
    url = base(analysis_round) + "ergebnis/"
    assert login(officer).get(url).status_code == 403
    assert login(reader).get(url).status_code == 403
    assert login(coordinator).get(url).status_code == 200
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    page = login(reader).get(url).content.decode()
    assert "Heatmap der Kommunen" in page
    assert "So entsteht der Vorschlag" in page
    assert "Prioritäten bestätigen" not in page


def test_confirm_with_override_without_reason_is_refused(login, analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3, "Demografie": 1})
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    fields = {f.name: f.pk for f in analysis_round.fields.all()}
    data = {"form": "confirm"}
    for name, pk in fields.items():
        data[f"tier_{pk}"] = {"Verwaltung": "I", "Mobilität": "II", "Demografie": "III"}[name]
        data[f"reason_{pk}"] = ""
    data[f"tier_{fields['Demografie']}"] = "I"
    url = base(analysis_round) + "ergebnis/"
    client = login(coordinator)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Bitte begründen Sie" in response.content.decode()
    assert not TierDecision.objects.exists()
    data[f"reason_{fields['Demografie']}"] = "Demografischer Wandel trifft alle Kommunen."
    assert client.post(url, data).status_code == 302
    assert FieldOfAction.objects.get(pk=fields["Demografie"]).priority == "I"
    client.post(base(analysis_round) + "veroeffentlichen/")
    analysis_round.refresh_from_db()
    assert analysis_round.is_published


def test_public_sees_confirmed_tiers_only_after_publication(
    client, analysis_round, greven, submit, coordinator
):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3, "Demografie": 1})
    services.close_round(analysis_round=analysis_round, actor=coordinator)
    services.confirm_tiers(analysis_round=analysis_round, actor=coordinator)
    assert client.get(base(analysis_round)).status_code == 404
    services.publish_results(analysis_round=analysis_round, actor=coordinator)
    page = client.get(base(analysis_round)).content.decode()
    assert "Bestätigte Prioritäten" in page
    assert "Greven" not in page
    assert client.get(base(analysis_round) + "ergebnis/").status_code == 403
    assert client.get(base(analysis_round) + "fragebogen/greven/").status_code == 302  # to the login


def test_rule_change_by_coordinator(login, analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5})
    url = base(analysis_round) + "ergebnis/"
    data = {
        "form": "rule",
        "method": "thirds",
        "threshold_i": "4",
        "threshold_ii": "3",
        "weight_relevanz": "1,5",
        "weight_spielraum": "1",
        "weight_reifegrad": "0",
    }
    assert login(coordinator).post(url, data).status_code == 302
    analysis_round.refresh_from_db()
    assert analysis_round.rule["method"] == "thirds"
    assert analysis_round.rule["weights"] == {"relevanz": 1.5, "spielraum": 1.0}
    data.update(weight_relevanz="0", weight_spielraum="0")
    response = login(coordinator).post(url, data)
    assert response.status_code == 400
    assert "Gewicht" in response.content.decode()


def test_xlsx_export_carries_the_answers(login, analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3})
    response = login(coordinator).get(base(analysis_round) + "antworten.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Antworten"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Kommune", "Stand", "Handlungsfeld", "Dimension", "Wert")
    assert ("Greven", "abgegeben", "Verwaltung", "Relevanz der Digitalisierung", 5) in [r[:5] for r in rows]
    result = list(workbook["Ergebnis"].iter_rows(values_only=True))
    assert result[1][0] == "Verwaltung"
    assert result[1][1] == 5  # mean of Relevanz


def test_pdf_export_carries_the_numbers(login, analysis_round, greven, submit, coordinator):
    submit(analysis_round, greven, {"Verwaltung": 5, "Mobilität": 3})
    response = login(coordinator).get(base(analysis_round) + "ergebnis.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    text = subprocess.run(  # noqa: S603
        [pdftotext, "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Heatmap der Kommunen" in text
    assert "Greven" in text
    assert "5,0" in text
    assert "Priorität I" in text


def test_phase_link_shows_round_under_its_phase(client, login, steinfurt, fields, greven, reader):
    phase = steinfurt.strategy.phases.first()
    analysis_round = services.open_round(
        region=steinfurt,
        actor=None,
        name="Runde mit Phase",
        fields=fields,
        municipalities=[greven],
        deadline=timezone.now() + datetime.timedelta(days=3),
        phase=phase,
    )
    assert (
        "Bedarfsanalyse: Runde mit Phase"
        in login(reader).get("/r/kreis-steinfurt/strategie/").content.decode()
    )
    assert "Runde mit Phase" not in client.get("/r/kreis-steinfurt/strategie/").content.decode()
    assert analysis_round.pk


def test_overview_queries_are_bounded(
    login, reader, steinfurt, fields, greven, django_assert_max_num_queries
):
    for n in range(5):
        services.open_round(
            region=steinfurt,
            actor=None,
            name=f"Runde {n}",
            fields=fields,
            municipalities=[greven],
            deadline=timezone.now() + datetime.timedelta(days=3 + n),
        )
    client = login(reader)
    person(steinfurt, Role.READER, "noch@steinfurt.example")
    with django_assert_max_num_queries(12):
        assert client.get("/r/kreis-steinfurt/bedarfsanalyse/").status_code == 200


def test_coordinator_extends_the_deadline_officer_may_not(login, analysis_round, coordinator, officer):
    new_day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert login(officer).post(base(analysis_round) + "frist/", {"deadline": new_day}).status_code == 403
    response = login(coordinator).post(base(analysis_round) + "frist/", {"deadline": "gestern"}, follow=True)
    assert "gültiges Datum" in response.content.decode()
    login(coordinator).post(base(analysis_round) + "frist/", {"deadline": new_day})
    analysis_round.refresh_from_db()
    assert timezone.localdate(analysis_round.deadline).isoformat() == new_day
