"""Who may open which page and call which API operation: the answers the code gives today match the
permission matrix in permission_matrix.json and docs/permissions.md, and a new page or operation
needs its entry there before this passes.

A few rules hold whatever the file says: nobody without an account gets a management page or
changes anything beyond the public participation; a role in one region opens nothing in another
region that a citizen with an account cannot open; an API key without write scopes writes nothing
and a key reads nothing outside its region.

After an intended change: ``.venv/bin/python -m tests.platform.permission_matrix --write``, then
review the diff of docs/permissions.md.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.platform import permission_matrix as pm

# Who may see what does not depend on the database below: asked once, on PostgreSQL when it answers.
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass]

REWRITE = "Nach einer gewollten Änderung: .venv/bin/python -m tests.platform.permission_matrix --write"
# Writes anyone may make without an account: the citizens' participation (ideas, survey answers,
# registrations for events).
PUBLIC_WRITES = {
    "POST /api/v1/regions/{slug}/ideas/",
    "POST /api/v1/surveys/{survey_id}/responses/",
    "POST /api/v1/events/{event_id}/registrations/",
}
# Reuse crosses regions on purpose: a coordinator or officer adopts another region's project profile
# into their own region (the adoption is written in their region, named in the request).
ACROSS_REGIONS = {"portfolio:project_adopt", "POST /api/v1/projects/{project_id}/adoptions/"}
REGION_ROLES = ("lesen", "projektleitung", "kommune", "ausschuss", "koordination", "mehrere")


def _measure(django_db_blocker: Any) -> pm.Matrix:
    started = time.monotonic()
    with django_db_blocker.unblock():
        matrix = pm.measure()
    print(f"\nBerechtigungsmatrix gefragt in {time.monotonic() - started:.1f} s")
    if os.environ.get(pm.WRITE_VARIABLE):
        pm.write(matrix)
    return matrix


@pytest.fixture(scope="module")
def measured(
    demo_for_module: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> pm.Matrix:
    """The answers, asked once for the test run (about 5,000 requests) in a transaction that is rolled
    back. The tests of this module may land on several pytest-xdist workers: the first asks and leaves
    the answers in the run's shared folder, the others read them there instead of asking again."""
    if worker_id == "master":
        return _measure(django_db_blocker)
    shared = tmp_path_factory.getbasetemp().parent / "permission_matrix_measured.json"
    with (shared.parent / "permission_matrix.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if shared.is_file():
            return dict(json.loads(shared.read_text()))
        matrix = _measure(django_db_blocker)
        shared.write_text(json.dumps(matrix))
        return matrix


@pytest.fixture(scope="module")
def expected(measured: pm.Matrix) -> pm.Matrix:
    return pm.load_expected()


def _cells(matrix: pm.Matrix) -> Iterator[tuple[str, str, str, str, str]]:
    for kind, rows in matrix.items():
        for key, contexts in rows.items():
            for context, answers in contexts.items():
                for role, value in answers.items():
                    yield kind, key, context, role, value


def _ok(value: str) -> bool:
    return value.startswith("2")


def test_every_page_and_api_operation_has_an_entry(measured: pm.Matrix, expected: pm.Matrix) -> None:
    missing = [
        f"{kind} {key}"
        for kind, rows in measured.items()
        for key in rows
        if key not in expected.get(kind, {})
    ]
    gone = [
        f"{kind} {key}"
        for kind, rows in expected.items()
        for key in rows
        if key not in measured.get(kind, {})
    ]

    assert not missing, "Ohne Eintrag in der Berechtigungsmatrix:\n  " + "\n  ".join(missing) + f"\n{REWRITE}"
    assert not gone, (
        "In der Berechtigungsmatrix, aber nicht mehr da:\n  " + "\n  ".join(gone) + f"\n{REWRITE}"
    )
    assert len(measured["pages"]) > 200
    assert len(measured["api"]) > 30


def test_every_answer_is_the_expected_one(measured: pm.Matrix, expected: pm.Matrix) -> None:
    differences = []
    for kind, key, context, role, value in _cells(measured):
        wanted = expected.get(kind, {}).get(key, {}).get(context, {}).get(role)
        if wanted is not None and wanted != value:
            differences.append(f"{key} [{context}] als {role}: erwartet {wanted}, jetzt {value}")

    assert not differences, (
        f"{len(differences)} Antworten weichen ab:\n  " + "\n  ".join(differences) + (f"\n{REWRITE}")
    )


def test_the_table_for_the_data_protection_officer_matches_the_file(expected: pm.Matrix) -> None:
    assert pm.EXPECTED_MARKDOWN.read_text(encoding="utf-8") == pm.render_markdown(expected), REWRITE


def test_nobody_without_an_account_manages_or_changes_anything(measured: pm.Matrix) -> None:
    pages = {page.key: page for page in pm.pages()}
    wrong = [
        f"{key} [{context}]: {answers['anonym']}"
        for key, contexts in measured["pages"].items()
        if "verwaltung/" in pages[key].route
        for context, answers in contexts.items()
        if _ok(answers["anonym"])
    ]
    wrong += [
        f"{key} [{context}]: {answers['anonym']}"
        for key, contexts in measured["api"].items()
        if not key.startswith("GET ") and key not in PUBLIC_WRITES
        for context, answers in contexts.items()
        if _ok(answers["anonym"])
    ]
    assert not wrong, "Anonym erlaubt:\n  " + "\n  ".join(wrong)
    assert any("verwaltung/" in page.route for page in pages.values())


def test_a_role_in_one_region_opens_nothing_more_in_another(measured: pm.Matrix) -> None:
    """In a foreign region, the coordinator (and every other role) gets only what a citizen with an
    account gets there: the region's public pages and data."""
    wrong = [
        f"{kind} {key} als {role}: {answers[role]}, Bürger:in: {answers['buerger']}"
        for kind in ("pages", "api")
        for key, contexts in measured[kind].items()
        for context, answers in contexts.items()
        if context == pm.FOREIGN and key not in ACROSS_REGIONS
        for role in REGION_ROLES
        if _ok(answers[role]) and not _ok(answers["buerger"])
    ]
    assert not wrong, "In der fremden Region mehr als Bürger:innen:\n  " + "\n  ".join(wrong)


def test_a_key_without_write_scope_writes_nothing_and_a_key_stays_in_its_region(measured: pm.Matrix) -> None:
    writes = [
        f"{key} [{context}]: {answers['schluessel_lesen']}"
        for key, contexts in measured["api"].items()
        if not key.startswith("GET ")
        for context, answers in contexts.items()
        if _ok(answers["schluessel_lesen"])
    ]
    # Outside its region a key gets at most what everyone gets there (public data).
    elsewhere = [
        f"{key} als {role}: {answers[role]}, anonym: {answers['anonym']}"
        for key, contexts in measured["api"].items()
        if key not in ACROSS_REGIONS
        for role in ("schluessel_lesen", "schluessel_schreiben")
        for context, answers in contexts.items()
        if context == pm.FOREIGN and _ok(answers[role]) and not _ok(answers["anonym"])
    ]
    assert not writes, "Schlüssel ohne Schreibrecht schreibt:\n  " + "\n  ".join(writes)
    assert not elsewhere, "Schlüssel außerhalb seiner Region:\n  " + "\n  ".join(elsewhere)
    assert any(_ok(v) for *_, r, v in _cells(measured) if r == "schluessel_schreiben")


def test_nothing_asked_stays_in_the_database(measured: pm.Matrix) -> None:
    from smartregion.accounts.models import ApiToken, Invitation, User
    from smartregion.ideas.models import Idea

    assert not User.objects.filter(email__in=["buergerin@example.org", "mehrere.rollen@example.org"]).exists()
    assert not Invitation.objects.filter(email="eingeladen@example.org").exists()
    assert not ApiToken.objects.exists()
    assert not Idea.objects.with_scopes_disabled().filter(title="Prüfung der Berechtigungen").exists()
