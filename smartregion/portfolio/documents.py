"""The one-page Steckbrief: one content, worded once, laid out as PDF (WeasyPrint) and DOCX (Word)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartregion.core import modules
from smartregion.core.documents import DocxWriter, render_pdf
from smartregion.portfolio.models import Project
from smartregion.portfolio.snapshots import TEXT_FIELDS


@dataclass(frozen=True)
class SheetFact:
    label: str
    value: str


@dataclass(frozen=True)
class SheetText:
    label: str
    text: str  # plain text; line breaks are kept

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class ProjectSheet:
    """Everything the Steckbrief shows, already worded; PDF and DOCX only lay it out."""

    region: str
    title: str
    status: str
    is_example: bool
    origin: str  # "Nachnutzung von „…“ (Region)", or ""
    status_reason: str
    facts: tuple[SheetFact, ...]
    texts: tuple[SheetText, ...]
    lists: tuple[SheetText, ...]  # dependencies, ideas, adoptions: one line per item
    edition: str  # "Fassung 3 vom 2. Dezember 2026"
    created_on: str

    @property
    def kicker(self) -> str:
        return _("Projektsteckbrief")

    @property
    def running_header(self) -> str:
        return f"{self.region} · {self.kicker}"


def project_sheet(
    project: Project,
    *,
    dependencies: list[Project],
    idea_titles: list[str],
    adopters: list[str],
) -> ProjectSheet:
    """The Steckbrief of ``project``; the lists hold only what the viewer may see."""
    origin = ""
    if project.adopted_from is not None:
        origin = _("Nachnutzung von „%(title)s“ (%(region)s)") % {
            "title": project.adopted_from.title,
            "region": project.adopted_from.region.name,
        }
    texts = [SheetText(str(label), getattr(project, name)) for name, label in TEXT_FIELDS]
    texts += [SheetText(part.label, part.text) for part in modules.shown_parts(project, project.region)]
    lists = [
        SheetText(_("Abhängig von"), "\n".join(d.title for d in dependencies)),
        SheetText(_("Hervorgegangen aus den Ideen"), "\n".join(idea_titles)),
        SheetText(_("Wird nachgenutzt von"), "\n".join(adopters)),
    ]
    updated = timezone.localtime(project.updated_at)
    return ProjectSheet(
        region=project.region.name,
        title=project.title,
        status=project.get_status_display(),
        is_example=project.is_example,
        origin=origin,
        status_reason=project.status_reason,
        facts=tuple(fact for fact in _facts(project) if fact.value),
        texts=tuple(text for text in texts if text.text.strip()),
        lists=tuple(item for item in lists if item.text),
        edition=_("Fassung %(number)s vom %(date)s")
        % {"number": project.version, "date": date_format(updated, "j. F Y")},
        created_on=_("Erstellt am %(date)s") % {"date": date_format(timezone.localdate(), "j. F Y")},
    )


def _facts(project: Project) -> list[SheetFact]:
    return [
        SheetFact(_("Stand"), project.get_status_display()),
        SheetFact(_("Reifegrad"), project.get_maturity_display()),
        SheetFact(_("Handlungsfelder"), ", ".join(f.name for f in project.fields.all())),
        SheetFact(_("Wo"), ", ".join(m.name for m in project.municipalities.all())),
        SheetFact(_("Federführung"), project.lead_organisation.name if project.lead_organisation else ""),
        SheetFact(_("Ansprechperson"), project.lead_person),
        SheetFact(_("Wann"), _period(project)),
    ]


def _period(project: Project) -> str:
    start, end = project.start_date, project.end_date
    if start and end:
        return f"{date_format(start, 'SHORT_DATE_FORMAT')} – {date_format(end, 'SHORT_DATE_FORMAT')}"
    if start:
        return _("ab %(date)s") % {"date": date_format(start, "SHORT_DATE_FORMAT")}
    if end:
        return _("bis %(date)s") % {"date": date_format(end, "SHORT_DATE_FORMAT")}
    return ""


# Rendering ------------------------------------------------------------------------------


def sheet_pdf(sheet: ProjectSheet) -> bytes:
    return render_pdf("portfolio/projects/sheet.html", {"sheet": sheet})


def sheet_docx(sheet: ProjectSheet) -> bytes:
    writer = DocxWriter(title=sheet.title, running_header=sheet.running_header, author=sheet.region)
    writer.document.sections[0].different_first_page_header_footer = False
    writer.paragraph(f"{sheet.region} · {sheet.kicker}", muted=True)
    writer.title(sheet.title)
    notes = [sheet.status, sheet.edition]
    if sheet.is_example:
        notes.append(_("Ausgedachtes Beispiel"))
    writer.paragraph(" · ".join(notes), muted=True)
    if sheet.origin:
        writer.paragraph(sheet.origin)
    if sheet.status_reason:
        writer.paragraph(sheet.status_reason, label=_("Begründung:") + " ")
    writer.heading(_("Auf einen Blick"), level=2)
    writer.table(
        [_("Angabe"), _("Inhalt")], [(fact.label, fact.value) for fact in sheet.facts], widths=(45, 120)
    )
    for text in sheet.texts:
        writer.heading(text.label, level=2)
        for line in text.lines:
            writer.paragraph(line)
    for item in sheet.lists:
        writer.heading(item.label, level=2)
        writer.bullets(item.lines)
    writer.paragraph(sheet.created_on, muted=True)
    return writer.to_bytes()
