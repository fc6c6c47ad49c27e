"""The one strict parser for whole numbers typed by people, and a guard that the code uses it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory

from smartregion.core.params import MAX_INT, parse_int, query_int

SOURCE = Path(__file__).resolve().parents[2]

NOT_NUMBERS = [
    "",
    "²",  # str.isdigit() says yes, int() fails
    "١",  # Arabic-Indic one: int() reads it as 1
    "１",  # fullwidth one
    "1" * 5000,  # more digits than int() converts
    "1" * 11,
    " 1",
    "1 ",
    "1\n",
    "+1",
    "-1",
    "1_0",
    "1.0",
    "1e5",
    "0x1",
    "1\x00",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_only_ascii_digits_are_a_number(text):
    assert parse_int(text) is None


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("7", 7), ("0042", 42), (str(MAX_INT), MAX_INT)])
def test_ascii_digits_are_their_number(text, value):
    assert parse_int(text) == value


def test_bounds_are_kept():
    assert parse_int(str(MAX_INT + 1)) is None
    assert parse_int("5", minimum=1, maximum=4) is None
    assert parse_int("0", minimum=1) is None
    assert parse_int("4", minimum=1, maximum=4) == 4


def test_a_minus_sign_only_where_negative_numbers_are_allowed():
    assert parse_int("-3") is None
    assert parse_int("-3", minimum=-5) == -3
    assert parse_int("-6", minimum=-5) is None
    assert parse_int("--3", minimum=-5) is None
    assert parse_int("-", minimum=-5) is None


@pytest.mark.parametrize("value", [None, 3, 3.0, b"3", ["3"]])
def test_only_text_is_parsed(value):
    assert parse_int(value) is None


def _get(**params: str):
    return RequestFactory().get("/", params)


def test_query_int_reads_the_parameter():
    assert query_int(_get(seite="3"), "seite") == 3
    assert query_int(_get(seite="3"), "seite", maximum=2) is None


@pytest.mark.parametrize("raw", [None, "", "²", "1" * 5000])
def test_query_int_without_a_plain_number_gives_the_default(raw):
    request = _get() if raw is None else _get(seite=raw)

    assert query_int(request, "seite", 1) == 1


def test_query_int_may_answer_a_wrong_number_with_404():
    with pytest.raises(Http404):
        query_int(_get(fassung="²"), "fassung", invalid_is_404=True)
    assert query_int(_get(), "fassung", invalid_is_404=True) is None


# The guard: every number typed by people goes through core/params.py.

LOOSE_DIGIT_TESTS = {"isdigit", "isdecimal", "isnumeric"}
REQUEST_DATA = {"GET", "POST", "COOKIES", "headers", "META"}


def _source_files() -> list[Path]:
    return [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if "tests" not in path.relative_to(SOURCE).parts
        and "migrations" not in path.relative_to(SOURCE).parts
        and path.relative_to(SOURCE).as_posix() != "core/params.py"
    ]


def _reads_request_data(node: ast.AST, tainted: set[str]) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in REQUEST_DATA:
            return True
        if isinstance(child, ast.Name) and child.id in tainted:
            return True
    return False


def _loose_parses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    tainted: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _reads_request_data(node.value, tainted):
            tainted.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in LOOSE_DIGIT_TESTS:
            found.append((node.lineno, f".{node.func.attr}()"))
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "int"
            and any(_reads_request_data(arg, tainted) for arg in node.args)
        ):
            found.append((node.lineno, "int() of request data"))
    return sorted(found)


def test_no_code_tests_digits_or_converts_request_data_with_int_itself():
    offenders = [
        f"{path.relative_to(SOURCE)}:{line}: {what}"
        for path in _source_files()
        for line, what in _loose_parses(ast.parse(path.read_text(encoding="utf-8")))
    ]

    assert offenders == [], "use smartregion.core.params.parse_int / query_int:\n" + "\n".join(offenders)


def test_the_guard_finds_what_it_guards_against():
    code = (
        "def view(request):\n"
        "    raw = request.GET.get('seite', '')\n"
        "    if raw.isdigit():\n"
        "        return int(raw)\n"
        "    return int(request.POST['x'])\n"
    )

    assert [what for _, what in _loose_parses(ast.parse(code))] == [
        ".isdigit()",
        "int() of request data",
        "int() of request data",
    ]
