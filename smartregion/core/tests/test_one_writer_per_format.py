"""Every CSV and XLSX file is written by core/spreadsheets.py, every DOCX and PDF by core/documents.py.

Those two modules neutralise formulas and remove what XML cannot carry; a file written anywhere
else would skip that. Reading files (csv.reader, openpyxl.load_workbook) is allowed everywhere.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
SPREADSHEETS = PACKAGE / "core" / "spreadsheets.py"
DOCUMENTS = PACKAGE / "core" / "documents.py"

# (module, name) pairs that write a file of that format.
SPREADSHEET_WRITERS = {
    ("csv", "writer"),
    ("csv", "DictWriter"),
    ("openpyxl", "Workbook"),
    ("openpyxl.workbook", "Workbook"),
    ("openpyxl.workbook.workbook", "Workbook"),
    ("openpyxl.cell", "WriteOnlyCell"),
    ("openpyxl.cell.cell", "WriteOnlyCell"),
}
SPREADSHEET_MODULES = {"xlsxwriter", "pyexcelerate"}
DOCUMENT_WRITERS = {("docx", "Document"), ("docx.api", "Document")}
DOCUMENT_MODULES = {"weasyprint"}


def _modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue  # tests build upload files on purpose
        yield path


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _uses(tree: ast.AST, writers: set[tuple[str, str]], modules: set[str]) -> list[str]:
    """The lines of ``tree`` that import or call one of ``writers`` or import one of ``modules``."""
    found = []
    dotted_writers = {f"{module}.{name}" for module, name in writers}
    bare_writers = {name for _module, name in writers}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if module.split(".")[0] in modules or any((module, name) in writers for name in names):
                found.append(f"{node.lineno}: from {module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in modules:
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and _dotted(node) in dotted_writers:
            found.append(f"{node.lineno}: {_dotted(node)}")
        elif isinstance(node, ast.Call) and _dotted(node.func) in bare_writers:
            found.append(f"{node.lineno}: {_dotted(node.func)}(…)")
    return found


def _offenders(writers: set[tuple[str, str]], modules: set[str], allowed: Path) -> dict[str, list[str]]:
    offenders = {}
    for path in _modules():
        if path == allowed:
            continue
        found = _uses(ast.parse(path.read_text(encoding="utf-8")), writers, modules)
        if found:
            offenders[str(path.relative_to(PACKAGE.parent))] = found
    return offenders


def test_only_the_core_spreadsheet_writer_writes_csv_and_xlsx() -> None:
    assert _offenders(SPREADSHEET_WRITERS, SPREADSHEET_MODULES, SPREADSHEETS) == {}


def test_only_the_core_document_pipeline_writes_docx_and_pdf() -> None:
    assert _offenders(DOCUMENT_WRITERS, DOCUMENT_MODULES, DOCUMENTS) == {}


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)",
        "from csv import DictWriter",
        "from openpyxl import Workbook",
        "import openpyxl\nbook = openpyxl.Workbook()",
        "from openpyxl.workbook.workbook import Workbook as Book",
        "import docx\nd = docx.Document()",
        "from weasyprint import HTML",
        "import xlsxwriter",
    ],
)
def test_the_check_finds_every_way_to_write(source: str) -> None:
    writers = SPREADSHEET_WRITERS | DOCUMENT_WRITERS
    assert _uses(ast.parse(source), writers, SPREADSHEET_MODULES | DOCUMENT_MODULES)


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nrows = csv.reader(f)",
        "import openpyxl\nbook = openpyxl.load_workbook(f, read_only=True)",
        "from openpyxl import load_workbook",
    ],
)
def test_reading_files_is_allowed(source: str) -> None:
    writers = SPREADSHEET_WRITERS | DOCUMENT_WRITERS
    assert not _uses(ast.parse(source), writers, SPREADSHEET_MODULES | DOCUMENT_MODULES)
