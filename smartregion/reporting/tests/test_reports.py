"""Status reports: generated in the background as PDF and DOCX with visible progress, kept, published
by the coordinators; a failure is shown and can be retried; bad periods are refused."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from typing import Any

import docx
import pytest

from smartregion.reporting import documents, services
from smartregion.reporting.models import ReportState, StatusReport
from smartregion.reporting.tests.conftest import update

pytestmark = pytest.mark.django_db
REPORTS = "/r/kreis-steinfurt/berichte/"
FORM = {
    "title": "Sachstandsbericht 2025",
    "committee": "Ausschuss für Digitalisierung",
    "meeting_date": "2025-09-30",
    "period_start": "2025-01-01",
    "period_end": "2025-08-31",
    "summary": "- Die Strategie lebt.\n- =SUMME(A1)",
}


def _create(client: Any, capture: Any, **changes: str) -> Any:
    with capture(execute=True):
        return client.post(REPORTS + "neu/", {**FORM, **changes})


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    run = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return run.stdout.decode()


def test_the_coordinator_generates_a_report_that_holds_every_project(
    login: Any, coordinator: Any, project: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    update(project, 40, datetime.date(2025, 5, 1))
    member = login(coordinator)

    created = _create(member, django_capture_on_commit_callbacks)

    report = StatusReport.objects.get()
    assert created.status_code == 302
    assert created.url == report.get_absolute_url()
    assert (report.state, report.progress) == (ReportState.DONE, 100)
    pdf = member.get(REPORTS + f"{report.pk}/bericht.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(b"".join(pdf.streaming_content))
    assert "IoT für ein besseres Leben" in text
    assert "Ausschuss für Digitalisierung" in text
    word = member.get(REPORTS + f"{report.pk}/bericht.docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs]
    assert "IoT für ein besseres Leben" in paragraphs
    assert any("=SUMME(A1)" in p for p in paragraphs)  # text stays text
    assert client.get(report.get_absolute_url()).status_code == 404  # not published yet


def test_a_published_report_is_in_the_archive_feed_and_api(
    login: Any, coordinator: Any, project: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    member = login(coordinator)
    _create(member, django_capture_on_commit_callbacks)
    report = StatusReport.objects.get()

    member.post(REPORTS + f"{report.pk}/veroeffentlichung/", {"veroeffentlichen": "1"})

    assert "Sachstandsbericht 2025" in client.get(REPORTS).text
    assert client.get(REPORTS + f"{report.pk}/bericht.pdf").status_code == 200
    listed = client.get("/api/v1/regions/kreis-steinfurt/reports/").json()["items"]
    assert listed[0]["committee"] == "Ausschuss für Digitalisierung"
    assert listed[0]["pdf_url"].endswith(f"/berichte/{report.pk}/bericht.pdf")
    assert listed[0]["status"] == "fertig"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period_end": "2024-12-31"}, "Der Berichtszeitraum endet vor seinem Beginn."),
        ({"meeting_date": "31.02.2025"}, "Bitte geben Sie ein Datum an"),
        ({"committee": ""}, "erforderlich"),
    ],
)
def test_bad_report_input_is_refused_in_german(
    login: Any,
    coordinator: Any,
    change: dict[str, str],
    message: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer = _create(login(coordinator), django_capture_on_commit_callbacks, **change)

    assert answer.status_code == 400
    assert message in answer.text
    assert not StatusReport.objects.exists()


def test_the_service_refuses_a_period_that_ends_before_it_starts(steinfurt: Any) -> None:
    data = {**FORM, "meeting_date": datetime.date(2025, 9, 30)}
    data |= {"period_start": datetime.date(2025, 9, 1), "period_end": datetime.date(2025, 1, 1)}
    with pytest.raises(services.ValidationError):
        services.create_report(region=steinfurt, actor=None, data=data)
    assert not StatusReport.objects.exists()


def test_a_failing_report_shows_its_error_and_can_be_retried(
    login: Any,
    coordinator: Any,
    project: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    member = login(coordinator)
    build = documents.build

    def broken(report: StatusReport) -> Any:
        raise RuntimeError("Schriftart fehlt")

    monkeypatch.setattr(documents, "build", broken)
    _create(member, django_capture_on_commit_callbacks)
    report = StatusReport.objects.get()
    assert report.state == ReportState.FAILED
    page = member.get(report.get_absolute_url()).text
    assert "Der Bericht konnte nicht erstellt werden (RuntimeError: Schriftart fehlt)." in page
    assert "Erneut erstellen" in page

    monkeypatch.setattr(documents, "build", build)
    with django_capture_on_commit_callbacks(execute=True):
        member.post(report.get_absolute_url() + "neu-erstellen/")

    report.refresh_from_db()
    assert (report.state, report.error) == (ReportState.DONE, "")
    assert report.pdf
    assert report.docx


def test_citizens_and_other_regions_may_not_manage_reports(
    login: Any,
    citizen: Any,
    coesfeld_coordinator: Any,
    django_capture_on_commit_callbacks: Any,
    steinfurt: Any,
) -> None:
    assert _create(login(citizen), django_capture_on_commit_callbacks).status_code == 403
    assert _create(login(coesfeld_coordinator), django_capture_on_commit_callbacks).status_code == 403
    assert not StatusReport.objects.exists()


def test_a_report_being_generated_shows_its_progress(login: Any, coordinator: Any, steinfurt: Any) -> None:
    report = services.create_report(region=steinfurt, actor=coordinator, data={**FORM, **_dates()})
    StatusReport.objects.filter(pk=report.pk).update(
        state=ReportState.RUNNING, progress=30, step="PDF wird gesetzt"
    )
    member = login(coordinator)

    page = member.get(report.get_absolute_url()).text
    partial = member.get(report.get_absolute_url() + "?nur=stand", headers={"HX-Request": "true"}).text

    assert 'hx-trigger="every 2s"' in page
    assert "PDF wird gesetzt (30 %)" in partial
    assert "<html" not in partial


def _dates() -> dict[str, Any]:
    day = datetime.date
    return {"meeting_date": day(2025, 9, 30), "period_start": day(2025, 1, 1), "period_end": day(2025, 8, 31)}


def test_control_characters_from_word_and_terminals_reach_neither_file_nor_break_it(
    login: Any, coordinator: Any, project: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.add_status_update(
        project=project,
        actor=None,
        data={
            "reported_on": datetime.date(2025, 5, 1),
            "traffic": "rot",
            "progress": 10,
            "text": "\x1b[31mLiefer\x0bverzug",
        },
    )
    member = login(coordinator)
    _create(member, django_capture_on_commit_callbacks, summary="Zeile\x0bumbrochen \x1b[0m")

    report = StatusReport.objects.get()
    assert report.state == ReportState.DONE
    text = _pdf_text(report.pdf.read())
    assert "Liefer" in text
    assert "\x1b" not in text
    words = [p.text for p in docx.Document(io.BytesIO(report.docx.read())).paragraphs]
    assert not any("\x1b" in p or "\x0b" in p for p in words)
