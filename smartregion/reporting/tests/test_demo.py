"""The demo's monitoring keeps the services' rules, and Coesfeld's report holds what the seed says."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.utils import timezone

from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.reporting.models import Measurement, ReportState, StatusReport, StatusUpdate

pytestmark = pytest.mark.django_db
COMMITTEE = "Ausschuss für Finanzen, Wirtschaftsförderung und Kreisentwicklung"


def test_the_demo_report_of_coesfeld_names_every_project_and_the_committee(demo: None) -> None:
    """One test: loading the demo takes seconds."""
    today = timezone.localdate()
    updates = StatusUpdate.objects.with_scopes_disabled().all()
    assert all(0 <= u.progress <= 100 and u.reported_on <= today for u in updates)
    assert all(m.measured_on <= today for m in Measurement.objects.all())
    report = StatusReport.objects.with_scopes_disabled().get(region__slug="kreis-coesfeld")
    assert report.state == ReportState.DONE
    assert report.published_at is not None
    titles = list(
        Project.objects.with_scopes_disabled()
        .filter(region__slug="kreis-coesfeld")
        .exclude(status=ProjectStatus.DISCARDED)
        .values_list("title", flat=True)
    )
    assert len(titles) >= 6

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    run = subprocess.run([pdftotext, "-raw", report.pdf.path, "-"], capture_output=True, check=True)  # noqa: S603
    text = " ".join(run.stdout.decode().split())
    document = docx.Document(io.BytesIO(report.docx.read()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    words = " ".join([*(p.text for p in document.paragraphs), *cells])
    for expected in [*titles, COMMITTEE, "lebendes Dokument", "Seit Juni 2023", "Digitalagentur"]:
        assert expected in text, expected
    for expected in [*titles, COMMITTEE]:
        assert expected in words, expected
