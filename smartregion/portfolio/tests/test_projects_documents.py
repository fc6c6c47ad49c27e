"""The one-page Steckbrief as PDF and DOCX: every filled field, visibility like the project page."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest

from smartregion.core.documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from smartregion.ideas import services as ideas
from smartregion.portfolio.models import ProjectStatus
from smartregion.portfolio.services.projects import adopt_project, create_project_from_idea
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE

pytestmark = pytest.mark.django_db

PDF = BASE + "digitales-rathaus/steckbrief.pdf"
DOCX = BASE + "digitales-rathaus/steckbrief.docx"

# Every part of the fixture's Steckbrief as the documents word it.
FILLED = (
    "Digitales Rathaus",
    "Kreis Steinfurt",
    "Projektsteckbrief",
    "ausgewählt: Potenzialprojekt",
    "Pilot läuft",
    "Verwaltung",
    "Greven",
    "Smart Region Büro",
    "Anna Beispiel",
    "01.01.2025",
    "31.12.2026",
    "Alle Anträge online stellen.",
    "Viele Wege führen ins Rathaus.",
    "Anträge rund um die Uhr.",
    "Onlinedienste einführen.",
    "Bürgerinnen und Bürger",
    "Kommunales Rechenzentrum",
    "Anteil digitaler Anträge",
    "Fachverfahren ohne Schnittstelle",
    "Fassung 1",
)


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    result = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return " ".join(result.stdout.decode().split())


def _pdf_pages(content: bytes) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (Debian package poppler-utils) is not installed")
    result = subprocess.run([pdfinfo, "-"], input=content, capture_output=True, check=True)  # noqa: S603
    line = next(line for line in result.stdout.decode().splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_project_page_links_to_both_documents(client, project):
    content = client.get(BASE + "digitales-rathaus/").content.decode()

    assert f'href="{PDF}"' in content
    assert f'href="{DOCX}"' in content


def test_pdf_holds_every_filled_field_on_one_page(client, project):
    response = client.get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == PDF_CONTENT_TYPE
    assert 'filename="steckbrief-digitales-rathaus.pdf"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    missing = [part for part in FILLED if part not in text]
    assert missing == []
    assert _pdf_pages(content) == 1


def test_docx_holds_every_filled_field(client, project):
    response = client.get(DOCX)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert 'filename="steckbrief-digitales-rathaus.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.title == "Digitales Rathaus"
    assert document.core_properties.language == "de-DE"
    text = _docx_text(response.content)
    missing = [part for part in FILLED if part not in text]
    assert missing == []


def test_documents_name_origin_and_reuse(client, project, coesfeld, duelmen):
    adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)

    for url, read in ((PDF, _pdf_text), (DOCX, _docx_text)):
        text = read(client.get(url).content)
        assert "Wird nachgenutzt von" in text
        assert "Dülmen (Kreis Coesfeld)" in text


def test_adopted_copy_names_its_original(client, login, coesfeld_coordinator, project, coesfeld, duelmen):
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)
    url = f"/r/kreis-coesfeld/projekte/{copy.slug}/steckbrief.docx"

    text = _docx_text(login(coesfeld_coordinator).get(url).content)

    assert "Nachnutzung von „Digitales Rathaus“ (Kreis Steinfurt)" in text


def test_documents_of_a_draft_are_for_members_only(
    client, login, reader, coesfeld_coordinator, make_project, steinfurt
):
    make_project(steinfurt, "Geheimer Entwurf", status=ProjectStatus.DRAFTING)
    for suffix in ("steckbrief.pdf", "steckbrief.docx"):
        url = f"{BASE}geheimer-entwurf/{suffix}"
        assert client.get(url).status_code == 404
        assert login(coesfeld_coordinator).get(url).status_code == 404
        assert login(reader).get(url).status_code == 200


def test_unknown_project_and_other_region_give_404(client, project, coesfeld):
    assert client.get(BASE + "gibt-es-nicht/steckbrief.pdf").status_code == 404
    assert client.get("/r/kreis-coesfeld/projekte/digitales-rathaus/steckbrief.pdf").status_code == 404
    assert client.get("/r/gibt-es-nicht/projekte/digitales-rathaus/steckbrief.docx").status_code == 404


def test_documents_answer_get_only(client, project):
    assert client.post(PDF).status_code == 405
    assert client.post(DOCX).status_code == 405


def test_hidden_ideas_and_invisible_dependencies_stay_out(
    client, login, coordinator, make_project, steinfurt, project, make_idea_for_documents
):
    draft = make_project(steinfurt, "Interner Vorläufer", status=ProjectStatus.DRAFTING)
    project.dependencies.add(draft)
    idea = make_idea_for_documents()
    from_idea = create_project_from_idea(idea=idea, actor=None)
    from_idea.dependencies.add(project)

    public = _docx_text(client.get(DOCX).content)
    internal = _docx_text(login(coordinator).get(DOCX).content)
    idea_sheet = _docx_text(login(coordinator).get(f"{BASE}{from_idea.slug}/steckbrief.docx").content)

    assert "Interner Vorläufer" not in public
    assert "Interner Vorläufer" in internal
    assert "Mitfahrbänke" in idea_sheet
    assert "Digitales Rathaus" in idea_sheet


def test_documents_need_a_bounded_number_of_queries(client, project, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):  # 7 of them read the roadmap's parts of the profile
        assert client.get(DOCX).status_code == 200


@pytest.fixture
def make_idea_for_documents(steinfurt, steinfurt_fields, greven):
    def _make():
        idea = ideas.submit_idea(
            author=None,
            region=steinfurt,
            field=steinfurt_fields["Mobilität"],
            municipality=greven,
            title="Mitfahrbänke",
            description="Bänke zum Mitfahren.",
            author_name="Erika Muster",
            author_email="erika@example.org",
        )
        idea = ideas.confirm_idea_email(region=steinfurt, token=idea.confirmation_token)
        return ideas.publish_idea(idea=idea, actor=None)

    return _make
