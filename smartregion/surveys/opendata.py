"""Published survey results as open data (``core.modules.OpenDataset``).

Only surveys whose results the region has made public, and only the figures their result pages
show (``selectors.public_results``): nothing of a survey or question with fewer answers than the
minimum group size, no free text, no answer of one person.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartregion.regions.models import Region
from smartregion.surveys import selectors
from smartregion.surveys.models import QuestionType

COLUMNS = [
    "umfrage_id",
    "umfrage",
    "frage_nr",
    "frage",
    "fragetyp",
    "antworten_zur_frage",
    "zeile",
    "antwort",
    "anzahl",
    "anteil_prozent",
]


def survey_aggregates(region: Region) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per shown figure: per answer option (per row and option of a matrix, per value or
    range of values of a number question). For a ranking, ``anzahl`` counts first places and
    ``anteil_prozent`` gives the points in percent of the most possible, as the result page does.

    Read when this is called, in five queries (``selectors.public_results``); the question types
    are worded in the language active then.
    """
    types = {value: str(label) for value, label in QuestionType.choices}
    return COLUMNS, _rows(selectors.public_results(region=region), types)


def _rows(all_results: list[selectors.Results], types: dict[str, str]) -> Iterator[list[Any]]:
    for results in all_results:
        if results.suppressed:
            continue
        survey = results.survey
        for number, item in enumerate(results.questions, start=1):
            if item.suppressed or item.is_text:
                continue
            question = [survey.pk, survey.title, number, item.question.text, types.get(item.type, item.type)]
            for figure in _figures(item):
                yield [*question, item.answered, *figure]


def _figures(item: selectors.QuestionResult) -> Iterator[list[Any]]:
    """``zeile``, ``antwort``, ``anzahl`` and ``anteil_prozent`` of each figure of one question."""
    for row, bars in item.matrix:
        for bar in bars:
            yield [row, bar.label, bar.count, bar.percent]
    for bar in item.bars:
        yield [None, bar.label, bar.count, bar.percent]
