"""Generating a status report: read its content, set the PDF, write the DOCX, keep both.

Runs in the background (``tasks.generate_report``). Each step writes the report's ``state``,
``progress`` and ``step`` at once (outside any transaction), so its page shows how far it is.
A failure is kept on the report with a German message for the coordinators, who can start it
again; the files of a finished report are replaced only when a new run succeeds.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from smartregion.core.models import record_event
from smartregion.reporting import documents
from smartregion.reporting.models import ReportState, StatusReport

log = logging.getLogger(__name__)


def _step(report: StatusReport, state: str, progress: int, step: str) -> None:
    StatusReport.objects.filter(pk=report.pk).update(state=state, progress=progress, step=step)


def generate(report_id: int) -> bool:
    """Generate the report; True when its files were written, False when it failed or is gone."""
    report = StatusReport.objects.filter(pk=report_id).select_related("region").first()
    if report is None or report.state == ReportState.RUNNING:
        return False
    with override("de"):
        try:
            _step(report, ReportState.RUNNING, 5, _("Daten werden zusammengestellt"))
            content = documents.build(report)
            _step(report, ReportState.RUNNING, 30, _("PDF wird gesetzt"))
            pdf = documents.report_pdf(content)
            _step(report, ReportState.RUNNING, 80, _("DOCX wird geschrieben"))
            docx = documents.report_docx(content)
            _step(report, ReportState.RUNNING, 95, _("Dateien werden abgelegt"))
            _keep(report, pdf, docx)
        except Exception as error:  # any failure: kept on the report, shown, and can be retried
            log.exception("status report %s failed", report_id)
            StatusReport.objects.filter(pk=report.pk).update(
                state=ReportState.FAILED,
                step="",
                error=_("Der Bericht konnte nicht erstellt werden (%(kind)s: %(detail)s).")
                % {"kind": type(error).__name__, "detail": str(error)[:300]},
                finished_at=timezone.now(),
            )
            return False
    return True


def _keep(report: StatusReport, pdf: bytes, docx: bytes) -> None:
    name = slugify(f"{report.region.slug} {report.meeting_date:%Y-%m-%d} {report.title}")[:80] or "bericht"
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report.pk)
        names = [f.name for f in (report.pdf, report.docx) if f]
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        report.state, report.progress, report.step, report.error = ReportState.DONE, 100, "", ""
        report.finished_at = timezone.now()
        report.save()
        record_event(
            action="report.generated",
            obj=report,
            actor=None,
            region=report.region,
            details={"title": report.title, "pdf_bytes": len(pdf), "docx_bytes": len(docx)},
        )
        transaction.on_commit(lambda: _remove(report, names))


def _remove(report: StatusReport, names: list[str]) -> None:
    storage = report.pdf.storage
    for name in names:
        if name not in (report.pdf.name, report.docx.name):
            storage.delete(name)
