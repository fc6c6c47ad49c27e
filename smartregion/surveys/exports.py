"""Exports of a survey: all answers as CSV (streamed) and XLSX, a codebook, results as PDF, QR codes.

The CSV reads answers in chunks from a server-side cursor and yields line by line, so its memory
stays flat whatever the number of answers. Each question becomes one column per option for
multiple choice (0/1), per row for a matrix, per option (its place) for a ranking. Both files are
written by ``core.spreadsheets``, which keeps a citizen's free text from running as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

import segno
from django.utils.translation import gettext as _

from smartregion.core.documents import render_pdf
from smartregion.core.spreadsheets import XlsxWriter, csv_lines
from smartregion.surveys.models import LIST_TYPES, Question, QuestionType, Response, Survey
from smartregion.surveys.selectors import Results, questions_of

CHUNK = 2000


def _columns(questions: list[Question]) -> list[tuple[str, str, Question, int | None]]:
    """(column name, description, question, option or row id) for every column."""
    columns: list[tuple[str, str, Question, int | None]] = []
    for number, question in enumerate(questions, start=1):
        base = f"F{number}"
        options = [o for o in question.options.all() if not o.is_row]
        if question.type in LIST_TYPES:
            for i, option in enumerate(options, start=1):
                columns.append((f"{base}_{i}", f"{question.text} – {option.label}", question, option.pk))
        elif question.type == QuestionType.MATRIX:
            rows = [o for o in question.options.all() if o.is_row]
            for i, row in enumerate(rows, start=1):
                columns.append((f"{base}_{i}", f"{question.text} – {row.label}", question, row.pk))
        else:
            columns.append((base, question.text, question, None))
    return columns


def _cell(answers: dict[str, Any], question: Question, item: int | None, labels: dict[int, str]) -> Any:
    value = answers.get(f"q{question.pk}")
    if value is None:
        return ""
    if question.type == QuestionType.RANKING:
        return value.index(item) + 1 if item in value else ""
    if question.type in LIST_TYPES:
        return 1 if item in value else 0
    if question.type == QuestionType.MATRIX:
        return labels.get(value.get(str(item)), "")
    if isinstance(value, int) and question.type != QuestionType.NUMBER:
        return labels.get(value, "")
    return value


def _labels(questions: list[Question]) -> dict[int, str]:
    return {o.pk: o.label for q in questions for o in q.options.all()}


def answer_rows(survey: Survey) -> Iterator[list[Any]]:
    """The header and one row per answer, read in chunks."""
    questions = questions_of(survey)
    columns = _columns(questions)
    labels = _labels(questions)
    yield [_("Nr"), _("Tag"), _("Dauer (Minuten)")] + [name for name, *_rest in columns]
    rows = (
        Response.objects.filter(survey=survey)
        .order_by("id")
        .values_list("id", "day", "duration_minutes", "answers")
        .iterator(chunk_size=CHUNK)
    )
    for number, (_id, day, minutes, answers) in enumerate(rows, start=1):
        yield [number, day.isoformat(), "" if minutes is None else minutes] + [
            _cell(answers, question, item, labels) for _name, _description, question, item in columns
        ]


def stream_csv(rows: Iterable[list[Any]]) -> Iterator[str]:
    """The rows as CSV lines for a streaming response."""
    return csv_lines(rows)


def codebook_rows(survey: Survey) -> Iterator[list[Any]]:
    """What every column means, and for choices what each value stands for."""
    questions = questions_of(survey)
    yield [_("Spalte"), _("Frage"), _("Art"), _("Werte")]
    yield [_("Nr"), _("laufende Nummer der Antwort"), "", ""]
    yield [_("Tag"), _("Tag des Eingangs (keine Uhrzeit, anonym)"), "", "JJJJ-MM-TT"]
    yield [_("Dauer (Minuten)"), _("Bearbeitungsdauer, auf ganze Minuten gerundet"), "", ""]
    for name, description, question, _item in _columns(questions):
        kind = str(QuestionType(question.type).label)
        if question.type == QuestionType.RANKING:
            values = _("Platz 1 bis %(n)d") % {"n": len([o for o in question.options.all() if not o.is_row])}
        elif question.type in LIST_TYPES:
            values = _("1 = gewählt, 0 = nicht gewählt")
        elif question.type == QuestionType.NUMBER:
            low = "" if question.min_value is None else question.min_value
            high = "" if question.max_value is None else question.max_value
            values = f"{low}–{high}"
        elif question.type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            values = _("Freitext")
        else:
            values = " | ".join(o.label for o in question.options.all() if not o.is_row)
        yield [name, description, kind, values]


def xlsx(survey: Survey) -> bytes:
    """Answers and codebook as two sheets, written row by row."""
    book = XlsxWriter()
    for title, rows in ((_("Antworten"), answer_rows(survey)), (_("Codebuch"), codebook_rows(survey))):
        header = next(rows)
        book.sheet(title, header=header).extend(rows)
    return book.to_bytes()


def results_pdf(results: Results) -> bytes:
    return render_pdf("surveys/documents/results.html", {"results": results, "survey": results.survey})


def qr_svg(url: str) -> bytes:
    output = io.BytesIO()
    segno.make(url, error="m").save(output, kind="svg", scale=8, border=4, title=_("QR-Code der Umfrage"))
    return output.getvalue()


def qr_png(url: str) -> bytes:
    output = io.BytesIO()
    segno.make(url, error="m").save(output, kind="png", scale=12, border=4)
    return output.getvalue()
