"""No character breaks an export: text with control characters still downloads as a file that opens.

XML (inside XLSX and DOCX) cannot carry most C0 control characters, U+FFFE or U+FFFF; Word's soft
line break (vertical tab) is pasted into text fields every day. Each case stores generated text
through the services, downloads every CSV, XLSX, DOCX and PDF that shows it and opens the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smartregion.accounts.models import User
from smartregion.analysis.models import AnalysisRound
from smartregion.core.documents import DocxWriter
from smartregion.events.models import Event
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy import services as strategy_services
from smartregion.strategy.models import Strategy
from tests.platform import export_cases
from tests.platform.export_cases import Download, fetch, open_file

pytestmark = pytest.mark.django_db

# PostgreSQL stores no NUL; every other C0 character, DEL and the two non-characters can be typed.
CONTROL = st.characters(min_codepoint=0x01, max_codepoint=0x1F) | st.sampled_from("\x7f\ufffe\uffff")
ORDINARY = st.sampled_from(list("Aa ÄäöÜß€ =+-@'\";,<>&|#*_\n"))
TEXTS = st.text(CONTROL | ORDINARY, min_size=1, max_size=40)
ALL_C0 = "".join(chr(code) for code in range(1, 32))
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FEW = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def examples(test: Callable[..., None]) -> Callable[..., None]:
    """The texts every case tries besides the generated ones."""
    for text in ("Zeile\x0bumbruch", "\x1b[31m=rot\x1b[0m", ALL_C0, "Ende\ufffe\uffff\x7f"):
        test = example(text=text)(test)
    return test


@pytest.fixture(autouse=True)
def _quiet_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


@pytest.fixture
def numbers() -> Iterator[int]:
    return count(1)


def _fetch_all(client: Client, downloads: list[Download]) -> None:
    """Every download answers and opens; CSV cells and PDF text show no control characters."""
    for download in downloads:
        opened = fetch(client, download)
        if download.kind == "csv":
            assert not any(_CONTROL_CHARACTER.search(cell) for row in opened for cell in row), download
        if download.kind == "pdf":
            assert not _CONTROL_CHARACTER.search(opened.replace("\f", "")), download  # \f: next page


@FEW
@given(text=TEXTS)
@examples
def test_survey_exports_open_whatever_a_citizen_types(
    steinfurt: Region, coordinator: User, login: Callable[[User], Client], text: str
) -> None:
    survey = export_cases.open_survey(steinfurt)
    _fetch_all(login(coordinator), export_cases.survey_with(survey, text))


@pytest.fixture
def analysis_round(steinfurt: Region, greven: Municipality) -> AnalysisRound:
    return export_cases.open_round(steinfurt, greven)


@FEW
@given(text=TEXTS)
@examples
def test_needs_analysis_exports_open_whatever_an_officer_types(
    analysis_round: AnalysisRound, coordinator: User, login: Callable[[User], Client], text: str
) -> None:
    _fetch_all(login(coordinator), export_cases.round_with(analysis_round, text))


@FEW
@given(text=TEXTS)
@examples
def test_project_exports_open_whatever_a_profile_says(
    steinfurt: Region,
    smart_region_office: Organisation,
    coordinator: User,
    login: Callable[[User], Client],
    numbers: Iterator[int],
    text: str,
) -> None:
    downloads = export_cases.project_with(steinfurt, text, smart_region_office, next(numbers))
    _fetch_all(login(coordinator), downloads)


@FEW
@given(text=TEXTS)
@examples
def test_roadmap_exports_open_whatever_a_plan_says(
    steinfurt: Region,
    smart_region_office: Organisation,
    coordinator: User,
    login: Callable[[User], Client],
    numbers: Iterator[int],
    text: str,
) -> None:
    downloads = export_cases.roadmap_with(steinfurt, text, smart_region_office, next(numbers))
    _fetch_all(login(coordinator), downloads)


@FEW
@given(text=TEXTS)
@examples
def test_committee_paper_opens_whatever_a_round_and_its_decision_say(
    steinfurt: Region,
    coordinator: User,
    login: Callable[[User], Client],
    numbers: Iterator[int],
    text: str,
) -> None:
    downloads = export_cases.assessment_with(steinfurt, text, coordinator, next(numbers))
    _fetch_all(login(coordinator), downloads)


@pytest.fixture
def strategy(steinfurt: Region) -> Strategy:
    return strategy_services.create_strategy(region=steinfurt, title="Strategie")


@FEW
@given(text=TEXTS)
@examples
def test_strategy_paper_opens_whatever_the_strategy_says(
    strategy: Strategy, client: Client, text: str
) -> None:
    _fetch_all(client, export_cases.strategy_with(strategy, text))  # the paper is public


@pytest.fixture
def event(steinfurt: Region) -> Event:
    return export_cases.open_event(steinfurt)


@FEW
@given(text=TEXTS)
@examples
def test_participant_exports_open_whatever_a_participant_types(
    event: Event,
    coordinator: User,
    login: Callable[[User], Client],
    numbers: Iterator[int],
    text: str,
) -> None:
    _fetch_all(login(coordinator), export_cases.event_with(event, text, coordinator, next(numbers)))


# The DOCX writer itself: every way text goes in passes the one cleaning --------------------------


@settings(max_examples=50, deadline=None)
@given(text=st.text(CONTROL | ORDINARY | st.characters(exclude_categories=("Cs",))))
@example(text=ALL_C0 + "\ufffe\uffff")
def test_every_text_the_docx_writer_takes_is_cleaned(text: str) -> None:
    writer = DocxWriter(title=text, running_header=text, author=text)
    writer.title_page(kicker=text, title=text, lines=[text], note=text)
    writer.table_of_contents(text)
    writer.title(text)
    writer.heading(text)
    writer.paragraph(text, label=text, muted=True)
    writer.bullets([text], level=2)
    writer.table([text, text], [[text, text]], widths=(50, 50))
    writer.markdown(f"## {text}\n\n{text} **{text}** [{text}](https://example.org)\n\n- {text}\n")

    open_file(writer.to_bytes(), "docx")


def test_a_soft_line_break_becomes_a_line_break_in_word() -> None:
    writer = DocxWriter(title="Test")
    writer.paragraph("Zeile\x0bumbruch\x1b")

    document = open_file(writer.to_bytes(), "docx")

    assert document.paragraphs[-1].text == "Zeile\numbruch"
