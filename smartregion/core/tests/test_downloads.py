"""Downloads are attachments under their file name, also when the name is not ASCII."""

from __future__ import annotations

from smartregion.core.downloads import XLSX_CONTENT_TYPE, download


def test_download_is_an_attachment_with_its_name_and_type():
    response = download(b"PK", XLSX_CONTENT_TYPE, "projekte-kreis-steinfurt.xlsx")

    assert response.content == b"PK"
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="projekte-kreis-steinfurt.xlsx"'


def test_a_name_with_umlauts_is_encoded_for_the_header():
    response = download(b"%PDF", "application/pdf", "strategie-kreis-lübeck.pdf")

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''strategie-kreis-l%C3%BCbeck.pdf"
