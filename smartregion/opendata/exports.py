"""A dataset as a CSV or JSON file, written row by row while it is sent.

CSV goes through ``core.spreadsheets`` (UTF-8 with byte order mark, ";" between cells, text that a
spreadsheet would run as a formula quoted), as every CSV file of the platform does. JSON is one
object: what the file is and under which licence (``licence``, ``source``, ``generated``), then
``rows``, one object per row with the column names as keys. Paths on this site (``SitePath``)
become absolute URLs in both, times are local time with their offset in JSON.
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from smartregion.core.modules import SitePath
from smartregion.core.spreadsheets import csv_lines

# The data is written in German whatever the visitor's language, as the catalogue declares it.
DATA_LANGUAGE = "de"


def _absolute(row: Sequence[Any], origin: str) -> list[Any]:
    return [f"{origin}{value}" if isinstance(value, SitePath) else value for value in row]


def csv_stream(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, origin: str) -> Iterator[str]:
    """The header row and the rows, with ``origin`` ("https://host") before every site path."""
    return csv_lines(itertools.chain([list(columns)], (_absolute(row, origin) for row in rows)))


def json_value(value: Any, origin: str) -> Any:
    """A cell as JSON holds it: site paths as URLs, dates in ISO 8601, amounts as exact text."""
    if isinstance(value, SitePath):
        return f"{origin}{value}"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_stream(
    head: dict[str, Any], columns: Sequence[str], rows: Iterable[Sequence[Any]], *, origin: str
) -> Iterator[str]:
    """``head`` with ``rows`` added as a list of objects, one line per row."""
    opening = json.dumps({**head, "columns": list(columns)}, ensure_ascii=False)
    yield opening[:-1] + ', "rows": ['
    for number, row in enumerate(rows):
        record = {column: json_value(value, origin) for column, value in zip(columns, row, strict=True)}
        yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"
