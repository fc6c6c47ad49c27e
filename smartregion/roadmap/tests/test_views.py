"""The roadmap's pages: who sees and plans what, the timeline and its table, and bad input."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from smartregion.accounts.models import Role
from smartregion.portfolio.models import Project, ProjectStatus
from smartregion.roadmap.models import (
    CostLine,
    FundingProgramme,
    FundingSource,
    Milestone,
    PersonnelNeed,
    StaffCapacity,
)
from smartregion.roadmap.services import resources
from smartregion.roadmap.tests.conftest import D, person, profile, step

pytestmark = pytest.mark.django_db
PLAN = "/r/kreis-steinfurt/fahrplan/projekte/{slug}/"


def _plan_url(project: Project, rest: str = "") -> str:
    return PLAN.format(slug=project.slug) + rest


def _milestone_form(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "phase",
        "title": "Pilotbetrieb",
        "start": "2025-03-01",
        "end": "2025-09-30",
        "status": "geplant",
        "responsible_organisation": "",
        "responsible_person": "Steffen Mantke",
        "deliverable": "Bericht",
        **changes,
    }


def _snapshot() -> tuple[Any, ...]:
    return (
        list(Milestone.objects.values_list("pk", "title", "start", "end", "status")),
        list(PersonnelNeed.objects.values_list("fte")),
        list(CostLine.objects.values_list("year", "investment", "running")),
        list(FundingSource.objects.values_list("amount")),
        list(StaffCapacity.objects.values_list("filled")),
        list(FundingProgramme.objects.values_list("name")),
    )


def test_coordinator_adds_a_milestone_that_shows_on_the_roadmap(login, coordinator, project):
    client = login(coordinator)

    answer = client.post(_plan_url(project, "meilensteine/neu/"), _milestone_form())

    assert answer.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.title, milestone.start, milestone.responsible_person) == (
        "Pilotbetrieb",
        D(2025, 3, 1),
        "Steffen Mantke",
    )
    page = client.get("/r/kreis-steinfurt/fahrplan/").text
    assert 'role="img"' in page
    assert "Pilotbetrieb" in page
    assert "01.03.2025 – 30.09.2025" in page  # the table carries the same dates as the chart
    plan = client.get(_plan_url(project)).text
    assert "Pilotbetrieb" in plan


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"end": "2025-01-01"}, "Das Ende darf nicht vor dem Beginn liegen."),
        ({"start": "2024-06-01"}, "Der Beginn liegt vor dem Projektbeginn"),
        ({"start": "31.02.2025"}, "Bitte geben Sie ein Datum an"),
        ({"title": "Pilot\x00"}, "Null"),
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"kind": "gantt"}, "keine gültige Auswahl"),
        ({"responsible_organisation": "999999999"}, "gehört nicht zu dieser Region"),
        ({"responsible_organisation": "²"}, "gehört nicht zu dieser Region"),
        ({"deliverable": "x" * 2001}, "höchstens 2000 Zeichen"),
    ],
)
def test_bad_milestone_input_is_refused_in_german_and_changes_nothing(
    login, coordinator, project, changes, words
):
    before = _snapshot()

    answer = login(coordinator).post(_plan_url(project, "meilensteine/neu/"), _milestone_form(**changes))

    assert answer.status_code == 400
    assert words in answer.content.decode()
    assert "data-error-summary" in answer.content.decode()
    assert _snapshot() == before


def test_a_3_mb_form_is_refused_and_changes_nothing(login, coordinator, project):
    answer = login(coordinator).post(
        _plan_url(project, "meilensteine/neu/"), _milestone_form(deliverable="x" * 3_000_000)
    )

    assert answer.status_code in (400, 413)
    assert not Milestone.objects.exists()


def test_another_regions_organisation_id_is_refused(login, coordinator, project, coesfeld_agency):
    answer = login(coordinator).post(
        _plan_url(project, "meilensteine/neu/"), _milestone_form(responsible_organisation=coesfeld_agency.pk)
    )
    assert answer.status_code == 400
    assert not Milestone.objects.exists()


def test_a_milestone_of_another_project_or_region_is_404(
    login, coordinator, project, other_project, coesfeld
):
    theirs = step(other_project, "Aufbau", D(2025, 1, 1), D(2025, 2, 1))
    foreign = step(profile(coesfeld, "LoRaWAN"), "Gateways", D(2025, 1, 1), D(2025, 2, 1))
    client = login(coordinator)
    for milestone in (theirs, foreign):
        assert client.get(_plan_url(project, f"meilensteine/{milestone.pk}/")).status_code == 404
        url = _plan_url(project, f"meilensteine/{milestone.pk}/entfernen/")
        assert client.post(url, {"bestaetigt": "1"}).status_code == 404
    assert Milestone.objects.count() == 2


def test_removing_a_milestone_asks_first(login, coordinator, project):
    milestone = step(project, "Pilot", D(2025, 1, 1), D(2025, 2, 1))
    client = login(coordinator)
    url = _plan_url(project, f"meilensteine/{milestone.pk}/entfernen/")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "„Pilot“ entfernen?" in confirm.text
    assert Milestone.objects.exists()
    assert client.post(url).status_code == 200  # without the confirmation: the question again
    assert Milestone.objects.exists()
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    assert not Milestone.objects.exists()
    assert client.post(url, {"bestaetigt": "1"}).status_code == 404  # a second click finds nothing


@pytest.mark.parametrize("who", ["reader", "anonymous", "other_officer", "coesfeld_coordinator"])
def test_people_without_the_right_may_not_plan(
    client, login, project, reader, coesfeld_coordinator, emsdetten, who
):
    actors = {
        "reader": login(reader),
        "anonymous": client,
        "other_officer": login(
            person(project.region, Role.MUNICIPAL_OFFICER, "e@x.example", municipality=emsdetten)
        ),
        "coesfeld_coordinator": login(coesfeld_coordinator),
    }
    before = _snapshot()

    answer = actors[who].post(_plan_url(project, "meilensteine/neu/"), _milestone_form())

    assert answer.status_code in (302, 403)
    if who == "anonymous":
        assert "/konto/anmelden/" in answer["Location"] or "login" in answer["Location"]
    assert _snapshot() == before


def test_project_lead_of_the_lead_organisation_plans_costs_and_sources(
    login, project_lead, project, programme
):
    client = login(project_lead)

    costs = client.post(
        _plan_url(project, "kosten/"),
        {
            "investment_2025": "100.000,00",
            "running_2025": "10000",
            "running_2026": "10000,5",
            "extra_year": "",
        },
    )
    assert costs.status_code == 302
    assert resources.total_costs(project) == Decimal("120000.50")

    source = client.post(
        _plan_url(project, "quellen/neu/"),
        {
            "kind": "foerderprogramm",
            "programme": programme.pk,
            "amount": "78000",
            "funding_rate": "65",
            "status": "beantragt",
            "applied_on": "2025-02-01",
        },
    )
    assert source.status_code == 302
    assert FundingSource.objects.get().programme == programme

    too_much = client.post(
        _plan_url(project, "quellen/neu/"), {"kind": "eigenanteil", "amount": "50000", "status": "geplant"}
    )
    assert too_much.status_code == 400
    assert "übersteigen die Quellen (128.000,00 €) die Kosten des Projekts (120.000,50 €)" in too_much.text
    assert FundingSource.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"amount": "-5"}, "keinen negativen Wert"),
        ({"amount": "²"}, "Bitte geben Sie eine Zahl an"),
        ({"amount": "١٢"}, "Bitte geben Sie eine Zahl an"),
        ({"amount": "=1+1"}, "Bitte geben Sie eine Zahl an"),
        ({"funding_rate": "120"}, "zwischen 0 und 100"),
        ({"programme": "999999999"}, "aus dem Katalog"),
        ({"note": "Zeile\x0bumbruch"}, "keinen Zeilenumbruch"),
    ],
)
def test_bad_source_input_is_refused(login, coordinator, project, data, words):
    resources.save_cost_plan(project=project, actor=None, lines={2025: (Decimal(1000), Decimal(0))})
    form = {"kind": "eigenanteil", "amount": "100", "status": "geplant", **data}

    answer = login(coordinator).post(_plan_url(project, "quellen/neu/"), form)

    assert answer.status_code == 400
    assert words in answer.text
    assert not FundingSource.objects.exists()


def test_personnel_page_shows_the_gap_and_the_coordinator_enters_posts(
    login, coordinator, reader, project, smart_region_office
):
    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=Decimal("1.5")
    )
    client = login(coordinator)

    answer = client.post(
        "/r/kreis-steinfurt/fahrplan/personal/",
        {
            "organisation": smart_region_office.pk,
            "year": "2026",
            "filled": "1",
            "vacant": "0,5",
            "vacant_since": "2026-01-01",
        },
    )

    assert answer.status_code == 302
    page = client.get("/r/kreis-steinfurt/fahrplan/personal/").text
    assert "0,50 fehlen" in page
    reader_page = login(reader).get("/r/kreis-steinfurt/fahrplan/personal/")
    assert reader_page.status_code == 200
    assert "Stellen speichern" not in reader_page.text
    before = _snapshot()
    refused = login(reader).post(
        "/r/kreis-steinfurt/fahrplan/personal/",
        {"organisation": smart_region_office.pk, "year": "2026", "filled": "9", "vacant": "0"},
    )
    assert refused.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/r/kreis-steinfurt/fahrplan/personal/",
        "/r/kreis-steinfurt/fahrplan/finanzierung/",
        "/r/kreis-steinfurt/fahrplan/finanzierung.xlsx",
    ],
)
def test_financing_and_personnel_are_for_members(client, login, coesfeld_coordinator, url, steinfurt):
    assert client.get(url).status_code == 302  # to the login
    assert login(coesfeld_coordinator).get(url).status_code == 403


def test_programme_with_a_past_deadline_is_refused_and_a_good_one_saved(login, coordinator):
    client = login(coordinator)
    form = {
        "name": "Heimat 2.0",
        "funder": "Bund (BMI)",
        "funding_rate": "90",
        "deadline": "2020-01-31",
        "url": "https://example.org/heimat",
    }

    refused = client.post("/r/kreis-steinfurt/fahrplan/foerderprogramme/neu/", form)
    assert refused.status_code == 400
    assert "Die Frist 31.01.2020 liegt in der Vergangenheit." in refused.text
    assert not FundingProgramme.objects.exists()

    saved = client.post(
        "/r/kreis-steinfurt/fahrplan/foerderprogramme/neu/", {**form, "deadline": "2099-01-31"}
    )
    assert saved.status_code == 302
    programme = FundingProgramme.objects.get()
    assert list(programme.deadlines.values_list("date", flat=True)) == [D(2099, 1, 31)]


def test_only_the_adding_regions_coordinators_change_a_programme(login, coesfeld_coordinator, programme):
    url = f"/r/kreis-coesfeld/fahrplan/foerderprogramme/{programme.pk}/bearbeiten/"
    answer = login(coesfeld_coordinator).post(url, {"name": "Anders", "funder": "x"})
    assert answer.status_code == 403
    assert FundingProgramme.objects.get().name == "Smart Cities – Made in Germany"


def test_roadmap_filters_and_marks_late_milestones_and_conflicts(client, steinfurt, project, greven):
    pilot = step(project, "Pilot", D(2025, 1, 1), D(2025, 6, 30))
    step(project, "Ausbau", D(2025, 5, 1), D(2025, 12, 31), depends_on=[pilot])
    elsewhere = profile(steinfurt, "Ehrenamtsbörse", municipalities=[greven], status=ProjectStatus.LEAD)
    step(elsewhere, "Start", D(2099, 1, 1), D(2099, 1, 1), kind="meilenstein")

    page = client.get("/r/kreis-steinfurt/fahrplan/").text
    assert "verspätet" in page
    assert "hängt ab von „Pilot“, das erst am 30.06.2025 endet" in page

    only_greven = client.get("/r/kreis-steinfurt/fahrplan/?kommune=greven").text
    assert "Ehrenamtsbörse" in only_greven
    assert "IoT für ein besseres Leben" not in only_greven
    late = client.get("/r/kreis-steinfurt/fahrplan/?stand=verspaetet").text
    assert "IoT für ein besseres Leben" in late
    assert "Ehrenamtsbörse" not in re.sub(r"<select.*?</select>", "", late, flags=re.S)
    assert client.get("/r/kreis-steinfurt/fahrplan/?stand=<script>&seite=²").status_code == 200


def test_roadmap_pdf_and_exports_open(login, coordinator, project, smart_region_office):
    step(project, "Pilot", D(2025, 1, 1), D(2025, 6, 30))
    resources.save_personnel_need(
        project=project, actor=None, organisation=smart_region_office, year=2026, fte=Decimal(1)
    )
    client = login(coordinator)
    pdf = client.get("/r/kreis-steinfurt/fahrplan/fahrplan.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    for url in ("/r/kreis-steinfurt/fahrplan/finanzierung.xlsx", "/r/kreis-steinfurt/fahrplan/personal.xlsx"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.content.startswith(b"PK")


def test_the_profile_page_and_steckbrief_show_the_plan(client, project):
    step(project, "Pilot", D(2025, 1, 1), D(2025, 6, 30))
    page = client.get(project.get_absolute_url()).text
    assert "Fahrplan" in page
    assert "01.01.2025 – 30.06.2025 · Phase: Pilot" in page


@pytest.mark.page_cache
def test_a_plan_change_shows_on_the_profile_at_once(
    login, coordinator, project, django_capture_on_commit_callbacks
):
    """The profile keeps the plan's parts until the region's content changes (``pagecache.kept``)."""
    member = login(coordinator)  # signed in: the page itself is never a copy
    with django_capture_on_commit_callbacks(execute=True):
        step(project, "Pilot", D(2025, 1, 1), D(2025, 6, 30))
    assert "Phase: Pilot" in member.get(project.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        step(project, "Ausrollen", D(2025, 7, 1), D(2025, 12, 31))

    page = member.get(project.get_absolute_url()).text

    assert "Phase: Pilot" in page
    assert "Phase: Ausrollen" in page


def test_a_double_submit_of_the_same_source_cannot_exceed_the_costs(login, coordinator, project):
    resources.save_cost_plan(project=project, actor=None, lines={2025: (Decimal(1000), Decimal(0))})
    client = login(coordinator)
    form = {"kind": "eigenanteil", "amount": "600", "status": "geplant"}
    assert client.post(_plan_url(project, "quellen/neu/"), form).status_code == 302
    assert client.post(_plan_url(project, "quellen/neu/"), form).status_code == 400
    assert FundingSource.objects.count() == 1
