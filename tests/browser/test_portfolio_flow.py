"""From a citizen's idea to a reused Steckbrief, in Debian's Chromium; axe-core on every page.

A citizen submits an idea and confirms the address by the link in the mail; the Steinfurt
coordinator publishes it and turns it into a Steckbrief; the coordinator and the Greven officer
edit it at the same time in two browsers, and the second save is refused showing what changed;
the profile is selected, and the Dülmen officer (Kreis Coesfeld) reuses it.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from smartregion.ideas.models import Idea, IdeaStatus
from smartregion.portfolio.models import Project, ProjectStatus
from tests.browser.helpers import SCREENS_DIR, RequestLog, check_axe, demo_email, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

IDEAS = "/r/kreis-steinfurt/ideen/"
CONFIRM_LINK = re.compile(r"/r/kreis-steinfurt/ideen/bestaetigen/[A-Za-z0-9_-]+/")


def look(page: Page, name: str = "") -> None:
    """Every page on the way passes axe; some are kept as screenshots to look at."""
    check_axe(page)
    if name:
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS_DIR / f"portfolio-{name}.png", full_page=True)


def submit(page: Page, button: str) -> int:
    """Press a button that sends a form; the HTTP status of the page it leads to."""
    with page.expect_navigation(wait_until="load") as navigation:
        page.get_by_role("button", name=button, exact=True).first.click()
    response = navigation.value
    assert response is not None
    return response.status


def _select_through_assessment(coordinator: Page, project: Project) -> None:
    """A round with this one project, rated by the coordinator, closed, decided: Leitprojekt."""
    visit(coordinator, "/r/kreis-steinfurt/bewertung/neu/")
    coordinator.get_by_label("Titel", exact=True).fill(f"Auswahl: {project.title}")
    coordinator.get_by_label("Frist").fill((timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    for box in coordinator.locator("input[name=candidates]").all():
        box.set_checked(box.get_attribute("value") == str(project.pk))
    coordinator.get_by_label(re.compile(r"^Koordination Kreis Steinfurt")).check()
    assert submit(coordinator, "Bewertungsrunde eröffnen") == 200
    coordinator.get_by_role("link", name="Jetzt bewerten").click()
    coordinator.wait_for_load_state("load")
    for field in coordinator.locator(".rating-grid__input").all():
        field.fill("5")
    assert submit(coordinator, "Bewertung abgeben") == 200
    coordinator.locator(".kern-preline a").click()
    coordinator.wait_for_load_state("load")
    assert submit(coordinator, "Runde abschließen") == 200
    coordinator.get_by_label("Datum des Beschlusses").fill(timezone.localdate().isoformat())
    expect(coordinator.get_by_label(project.title)).to_have_value("leitprojekt")
    assert submit(coordinator, "Beschlüsse erfassen") == 200


def test_from_idea_to_reused_steckbrief(
    page: Page, request_log: RequestLog, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    title = f"Sensoren für freie Parkplätze am Bahnhof {uuid.uuid4().hex[:6]}"
    mail.outbox.clear()

    # A citizen without an account submits an idea …
    visit(page, IDEAS)
    look(page)
    page.get_by_role("link", name="Idee einreichen").first.click()
    page.wait_for_load_state("load")
    look(page, "idea-form")
    page.get_by_label("Titel Ihrer Idee").fill(title)
    page.get_by_label("Beschreibung").fill("Eine Anzeige am Bahnhof Greven zeigt, wo noch Plätze frei sind.")
    page.get_by_label("Handlungsfeld").select_option(label="Mobilität")
    page.get_by_label("Kommune").select_option(label="Greven")
    page.get_by_label("Ihr Name").fill("Erika Muster")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika.muster@example.org")
    # The mail leaves after the commit; on SQLite the live server writes inside this test's
    # transaction, so the callbacks it registers run when this block ends.
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(page, "Idee einreichen") == 200
    expect(page.locator("main")).to_contain_text("erika.muster@example.org")
    look(page)
    idea = Idea.objects.get(title=title)
    assert idea.status == IdeaStatus.UNCONFIRMED

    # … and confirms the address with the link from the mail.
    (message,) = [m for m in mail.outbox if m.to == ["erika.muster@example.org"]]
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body
    visit(page, link.group(0))
    look(page)
    assert submit(page, "E-Mail-Adresse bestätigen") == 200
    look(page)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED

    # The coordinator finds it in the moderation queue, publishes it and turns it into a Steckbrief.
    coordinator = people(demo_email("koordination"))
    visit(coordinator, IDEAS + "moderation/")
    look(coordinator, "moderation")
    coordinator.get_by_role("link", name=title).first.click()
    coordinator.wait_for_load_state("load")
    look(coordinator)
    if f"ideen/{idea.pk}/moderation/" not in coordinator.url:
        visit(coordinator, f"{IDEAS}{idea.pk}/moderation/")
        look(coordinator)
    assert submit(coordinator, "Idee veröffentlichen") == 200
    look(coordinator)
    visit(coordinator, f"{IDEAS}{idea.pk}/")
    look(coordinator)
    assert submit(coordinator, "Zum Steckbrief machen") == 200
    look(coordinator, "steckbrief-new")
    project = Project.objects.get(source_ideas=idea)
    assert project.status == ProjectStatus.DRAFTING
    assert coordinator.url.endswith(project.get_absolute_url())

    # Two editors open the same Steckbrief in two browsers.
    edit_url = project.get_absolute_url() + "bearbeiten/"
    officer = people(demo_email("kommune"))
    visit(coordinator, edit_url)
    look(coordinator)
    visit(officer, edit_url)
    look(officer)
    coordinator.get_by_label("Ziele – optional", exact=True).fill("Parksuchverkehr am Bahnhof halbieren.")
    assert submit(coordinator, "Speichern") == 200
    look(coordinator)
    officer_goals = "Freie Plätze in der Greven-App anzeigen."
    officer.get_by_label("Ziele – optional", exact=True).fill(officer_goals)
    officer.get_by_label("Ansprechperson – optional", exact=True).fill("Digitalisierung Greven")

    # The second save is refused; it shows what changed and keeps the officer's input.
    assert submit(officer, "Speichern") == 409
    look(officer, "edit-conflict")
    main = officer.locator("main")
    expect(main).to_contain_text("Jemand hat den Steckbrief gespeichert")
    expect(main).to_contain_text("Parksuchverkehr am Bahnhof halbieren.")
    expect(officer.get_by_label("Ziele – optional", exact=True)).to_have_value(officer_goals)
    project.refresh_from_db()
    assert project.goals == "Parksuchverkehr am Bahnhof halbieren."
    assert project.lead_person == ""
    assert project.version == 2

    # The project is put up for assessment and selected as a lead project by a recorded decision,
    # so other regions can see and reuse it.
    visit(coordinator, project.get_absolute_url())
    assert submit(coordinator, "Auf „zur Bewertung“ setzen") == 200
    expect(coordinator.locator("#stand")).to_contain_text("nur durch einen erfassten Beschluss")
    look(coordinator)
    _select_through_assessment(coordinator, project)
    visit(coordinator, project.get_absolute_url())
    expect(coordinator.locator("main")).to_contain_text("ausgewählt: Leitprojekt")
    look(coordinator, "steckbrief-selected")

    # The Dülmen officer (Kreis Coesfeld) reuses it for Dülmen.
    duelmen = people(demo_email("kommune", "coesfeld"))
    visit(duelmen, project.get_absolute_url())
    look(duelmen)
    duelmen.get_by_role("link", name="Projekt nachnutzen").click()
    duelmen.wait_for_load_state("load")
    look(duelmen, "adopt")
    duelmen.get_by_label("Dülmen (Kreis Coesfeld)").check()
    assert submit(duelmen, "Steckbrief anlegen") == 200
    look(duelmen, "adopted-copy")
    copy = Project.objects.get(adopted_from=project)
    assert copy.region.slug == "kreis-coesfeld"
    assert copy.adopted_by_municipality is not None
    assert copy.adopted_by_municipality.name == "Dülmen"
    assert copy.goals == "Parksuchverkehr am Bahnhof halbieren."
    expect(duelmen.locator("main")).to_contain_text(f"Nachnutzung von „{title}“")

    # The original shows who reuses it, to everyone.
    visit(page, project.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Wird nachgenutzt von")
    expect(page.locator("main")).to_contain_text("Dülmen (Kreis Coesfeld)")
    look(page, "steckbrief-public")

    # The project list links to ideas, import (for the coordinator) and exports; the catalogue finds it.
    visit(coordinator, "/r/kreis-steinfurt/projekte/")
    look(coordinator, "project-list")
    expect(coordinator.get_by_role("link", name="Projektliste importieren")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Ideen aus der Region")).to_be_visible()
    visit(page, "/projektkatalog/?q=Parkpl%C3%A4tze")
    look(page, "catalogue")
    expect(page.locator("main")).to_contain_text(title)
    request_log.assert_same_host()
