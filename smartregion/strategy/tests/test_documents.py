"""The strategy paper as PDF and DOCX: same content, versions, 404s, bounded queries, local files only."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.contrib.staticfiles import finders

from smartregion.core.documents import DOCX_CONTENT_TYPE, ResourceRefused, static_file
from smartregion.strategy import services
from smartregion.strategy.models import Strategy, StrategyVersion

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/strategie/"
STEINFURT_FIELDS = (
    "Verwaltung",
    "Klimaschutz und Nachhaltigkeit",
    "Demografie",
    "Mobilität",
    "Bevölkerungsschutz und Gesundheit",
    "Infrastruktur und Standort",
)
STEINFURT_VALUES = (
    "Gemeinschaft",
    "Zusammenhalt",
    "Nachhaltigkeit",
    "Mut",
    "Fehlerkultur",
    "Sicherheit",
    "Teilhabe",
)
GOAL_ADDED_AFTER_ADOPTION = "Mobilstationen mit digitalen Informations- und Buchungsangeboten ausstatten."


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    result = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def _docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def _docx_text(content: bytes) -> str:
    document = _docx(content)
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _fixed_version_number() -> int:
    return StrategyVersion.objects.get(
        strategy__region__slug="kreis-steinfurt", fixed_name="Fassung vom 20.06.2022"
    ).number


# The Steinfurt demo: all fields and values, in both formats


def test_pdf_is_an_attachment_with_contents_all_fields_and_all_values(client, demo):
    response = client.get(f"{BASE}strategie.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="strategie-kreis-steinfurt.pdf"'
    text = _pdf_text(response.content)
    assert "Inhalt" in text
    for name in (*STEINFURT_FIELDS, *STEINFURT_VALUES, "Leitbild", "Der Strategieprozess", "Kompetenzaufbau"):
        assert name in text, name
    assert f"Fassung {_fixed_version_number() + 1}" in text
    assert GOAL_ADDED_AFTER_ADOPTION in " ".join(text.split())
    assert "Seite 1 von" not in text  # the title page has no page number
    assert "Seite 2 von" in text


def test_docx_is_an_attachment_with_the_same_content_a_toc_field_and_german_properties(client, demo):
    response = client.get(f"{BASE}strategie.docx")

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="strategie-kreis-steinfurt.docx"'
    document, text = _docx(response.content), _docx_text(response.content)
    assert "Inhalt" in text
    for name in (*STEINFURT_FIELDS, *STEINFURT_VALUES, "Leitbild", "Der Strategieprozess", "Kompetenzaufbau"):
        assert name in text, name
    assert f"Fassung {_fixed_version_number() + 1}" in text
    assert GOAL_ADDED_AFTER_ADOPTION in text
    assert 'TOC \\o "1-3"' in document.element.xml
    assert "3.4 Mobilität" in [p.text for p in document.paragraphs if p.style.name == "toc 2"]
    assert document.core_properties.title.startswith("#Zukunft ST")
    assert document.core_properties.language == "de-DE"


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_adopted_version_shows_its_name_and_not_the_later_goal(client, demo, extension):
    number = _fixed_version_number()

    response = client.get(f"{BASE}strategie.{extension}", {"fassung": number})

    assert response.status_code == 200
    expected = f'attachment; filename="strategie-kreis-steinfurt-fassung-{number}.{extension}"'
    assert response["Content-Disposition"] == expected
    text = _pdf_text(response.content) if extension == "pdf" else _docx_text(response.content)
    assert "Fassung vom 20.06.2022" in text
    assert "beschlossen vom Kreistag, Vorlage B 110/2022" in text
    assert "Mobilstationen in den 24 Städten" in " ".join(text.split())
    assert GOAL_ADDED_AFTER_ADOPTION not in " ".join(text.split())


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_generating_takes_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries, extension):
    with django_assert_max_num_queries(10):
        response = client.get(f"{BASE}strategie.{extension}", {"fassung": _fixed_version_number()})

    assert response.status_code == 200


# Refusals


@pytest.mark.parametrize("extension", ["pdf", "docx"])
@pytest.mark.parametrize("fassung", ["999", "0", "abc", "-1", "2.0"])
def test_version_that_does_not_exist_is_404(client, strategy, extension, fassung):
    response = client.get(f"{BASE}strategie.{extension}", {"fassung": fassung})

    assert response.status_code == 404


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_region_without_strategy_is_404(client, steinfurt, extension):
    assert client.get(f"{BASE}strategie.{extension}").status_code == 404


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_post_is_not_allowed(client, strategy, extension):
    assert client.post(f"{BASE}strategie.{extension}").status_code == 405


# Content details


def test_overview_links_both_documents(client, strategy):
    content = client.get(BASE).content.decode()

    assert f'href="{BASE}strategie.pdf"' in content
    assert f'href="{BASE}strategie.docx"' in content


def test_docx_turns_markdown_into_paragraphs_lists_and_bold_runs(client, strategy):
    vision = "Erster Absatz mit **fett**.\n\n- Punkt eins\n- Punkt zwei\n\n1. Schritt\n2. Weiter"
    services.update_vision(strategy=strategy, actor=None, title=strategy.title, vision=vision)

    document = _docx(client.get(f"{BASE}strategie.docx").content)

    paragraphs = {p.text: p for p in document.paragraphs}
    assert [run.text for run in paragraphs["Erster Absatz mit fett."].runs if run.bold] == ["fett"]
    assert paragraphs["Punkt eins"].style.name == "List Bullet"
    assert paragraphs["Punkt zwei"].style.name == "List Bullet"
    assert "1. Schritt" in paragraphs
    assert "2. Weiter" in paragraphs


def test_pdf_shows_priority_and_its_source(client, strategy):
    text = _pdf_text(client.get(f"{BASE}strategie.pdf").content)

    assert "Priorität II" in text
    assert "Bürgermeisterkonferenz 2019" in text


def test_strategy_made_outside_the_services_shows_its_current_text(client, steinfurt):
    Strategy.objects.create(region=steinfurt, title="Ohne Fassung", vision="Noch keine Fassung.")

    text = _docx_text(client.get(f"{BASE}strategie.docx").content)

    assert "Ohne Fassung" in text
    assert "Noch keine Fassung." in text
    assert "Aktuelle Fassung" in text


# The pipeline loads local static files only
@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/font.woff2",
        "http://127.0.0.1:8000/static/core/app.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "static:../settings.py",
        "static:/etc/passwd",
        "static:core/../../settings.py",
        "static:gibt-es-nicht.css",
    ],
)
def test_documents_refuse_anything_but_local_static_files(url):
    with pytest.raises(ResourceRefused):
        static_file(url)


def test_documents_read_local_static_files():
    assert static_file("static:core/app.css").name == "app.css"


def test_pdf_embeds_fira_sans_from_the_static_files(client, strategy):
    if finders.find("vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2") is None:
        pytest.skip("front-end assets not copied (scripts/copy_assets.sh)")
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (Debian package poppler-utils) is not installed")
    content = client.get(f"{BASE}strategie.pdf").content

    result = subprocess.run([pdffonts, "-"], input=content, capture_output=True, check=True)  # noqa: S603

    assert "Fira-Sans" in result.stdout.decode()
