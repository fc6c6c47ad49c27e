"""The audit page: coordinators see who did what to which object and when; filterable,
paginated, read-only, as CSV; citizens are never named."""

from __future__ import annotations

import csv
import io
import re

import pytest

from smartregion.accounts import services as accounts_services
from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import UserFactory
from smartregion.core.models import AuditEvent, record_event
from smartregion.regions import services

pytestmark = pytest.mark.django_db
URL = "/r/kreis-steinfurt/verwaltung/protokoll/"


@pytest.fixture
def history(steinfurt, coesfeld, coordinator):
    services.create_municipality(region=steinfurt, name="Greven", actor=coordinator)
    services.create_municipality(region=steinfurt, name="Emsdetten", actor=coordinator)
    accounts_services.invite_member(
        region=steinfurt, email="neu@example.org", role=Role.READER, invited_by=coordinator
    )
    citizen = UserFactory(email="buergerin@example.org", name="Erika Mustermann")
    record_event(action="idea.submitted", obj=steinfurt, actor=citizen, region=steinfurt)
    services.create_municipality(region=coesfeld, name="Dülmen", actor=None)


def test_coordinator_sees_who_did_what_citizens_unnamed(login, coordinator, history):
    page = login(coordinator).get(URL)

    assert page.status_code == 200
    text = page.text
    assert "4 Einträge" in text
    assert text.count('<span class="muted">(municipality.created)</span>') == 2, "only this region's entries"
    assert str(coordinator) in text
    assert "Bürgerin oder Bürger" in text
    assert "Erika Mustermann" not in text
    assert "buergerin@example.org" not in text
    assert "neu@example.org" not in text, "details with addresses are not shown"
    main = text.split("<main", 1)[1]
    assert 'method="post"' not in main, "nothing to edit"


def test_filters_narrow_the_entries(login, coordinator, history):
    client = login(coordinator)

    by_action = client.get(URL, {"aktion": "municipality.created"}).text
    by_person = client.get(URL, {"person": coordinator.pk, "aktion": "invitation.created"}).text

    assert "2 Einträge" in by_action
    assert "1 Eintrag" in by_person


def test_a_bad_filter_gets_a_german_message_and_changes_nothing(login, coordinator, history):
    client = login(coordinator)
    before = AuditEvent.objects.count()

    reversed_dates = client.get(URL, {"von": "2026-12-31", "bis": "2026-01-01"})
    forged_person = client.get(URL, {"person": "99999"})
    nonsense_date = client.get(URL, {"von": "gestern"})

    assert "Das Datum „Von“ liegt nach dem Datum „Bis“." in reversed_dates.text
    assert "keine gültige Auswahl" in forged_person.text
    assert "gültiges Datum" in nonsense_date.text
    assert AuditEvent.objects.count() == before
    assert client.post(URL).status_code == 405


def test_entries_are_paginated_with_the_filter_kept(login, coordinator, steinfurt):
    for _ in range(60):
        record_event(action="municipality.updated", obj=steinfurt, actor=coordinator, region=steinfurt)
    client = login(coordinator)

    first = client.get(URL, {"aktion": "municipality.updated"}).text
    second = client.get(URL, {"aktion": "municipality.updated", "seite": 2}).text

    assert "Seite 1 von 2" in first
    assert "?aktion=municipality.updated&amp;seite=2" in first
    assert second.count('<span class="muted">(municipality.updated)</span>') == 10


def test_csv_has_the_filtered_entries(login, coordinator, history):
    answer = login(coordinator).get(
        "/r/kreis-steinfurt/verwaltung/protokoll.csv", {"aktion": "idea.submitted"}
    )

    assert answer["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 2
    assert rows[1][1] == "Bürgerin oder Bürger"
    assert rows[1][3] == "idea.submitted"


def test_only_the_regions_coordinators_see_the_log(client, login, reader, coesfeld_coordinator, history):
    assert login(reader).get(URL).status_code == 403
    assert login(coesfeld_coordinator).get(URL).status_code == 403
    assert login(coesfeld_coordinator).get("/r/kreis-steinfurt/verwaltung/protokoll.csv").status_code == 403
    assert client.get(URL).status_code == 302


def test_every_recorded_action_has_a_german_word():
    """The audit page names each action in German; a new kind of action needs its word in VERBS."""
    from pathlib import Path

    from smartregion.core.selectors import VERBS

    root = Path(__file__).resolve().parents[2]
    actions = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        # Services write ``record_event(action="…")`` or through a small ``_event("…", …)`` helper.
        actions |= set(re.findall(r'(?:action=|_event\(\s*)f?"([a-z_]+\.[a-z_.{}]+)"', path.read_text()))
    verbs = {action.rpartition(".")[2] for action in actions if "{" not in action}
    assert verbs, "no actions found"
    assert sorted(verbs - set(VERBS)) == []


def test_csv_cells_that_look_like_formulas_stay_text(login, steinfurt, coordinator):
    coordinator.name = '=HYPERLINK("http://example.org","x")'
    coordinator.save()
    services.create_municipality(region=steinfurt, name="Greven", actor=coordinator)

    answer = login(coordinator).get("/r/kreis-steinfurt/verwaltung/protokoll.csv")

    rows = list(
        csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][1] == "'" + coordinator.name
