"""The record of processing activities (Art. 30 DSGVO) of a region: generated from the modules it uses
and its legal details, as a page for its coordinators and as a PDF."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.regions import services
from smartregion.regions.tests.test_legal import BARRIERS, FILLED
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

PAGE = "/r/kreis-steinfurt/verwaltung/verarbeitungsverzeichnis/"
PDF = "/r/kreis-steinfurt/verwaltung/verarbeitungsverzeichnis.pdf"


@pytest.fixture
def filled(steinfurt):
    return services.update_legal_details(region=steinfurt, actor=None, data=FILLED, barriers=BARRIERS)


def test_the_record_lists_every_processing_of_the_modules_in_use(
    login: Any, coordinator: Any, filled: Any
) -> None:
    text = login(coordinator).get(PAGE).content.decode()

    for heading in (
        "Verzeichnis von Verarbeitungstätigkeiten",
        "Landrat Dr. Martin Sommer",
        FILLED["dpo_name"],
        "Konten der Mitarbeitenden und Gremienmitglieder",
        "Ideen, Kommentare und Unterstützungen",
        "Umfragen",
        "Bedarfsanalyse der Kommunen",
        "Anmeldungen zu Veranstaltungen",
        "Kategorien betroffener Personen",
        "Teilnehmende an Veranstaltungen",
        "Kategorien von Empfängern",
        "Übermittlung in Drittländer",
        "Technische und organisatorische Maßnahmen",
    ):
        assert heading in text, heading
    assert (
        reverse("regions:processing_record", kwargs={"region_slug": "kreis-steinfurt"})
        in login(coordinator).get("/r/kreis-steinfurt/verwaltung/").content.decode()
    )


def test_a_module_switched_off_leaves_the_record(
    login: Any, coordinator: Any, steinfurt: Any, filled: Any
) -> None:
    keep = ["strategy", "ideas", "portfolio", "assessment", "roadmap", "reporting", "analysis", "events"]
    services.set_modules_in_use(region=steinfurt, actor=coordinator, in_use=keep)

    text = login(coordinator).get(PAGE).content.decode()

    assert "Teilnehmende an Umfragen" not in text
    assert "Teilnehmende an Veranstaltungen" in text


def test_the_pdf_is_a_real_document_of_the_record(login: Any, coordinator: Any, filled: Any) -> None:
    response = login(coordinator).get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Verzeichnis von Verarbeitungstätigkeiten",
        "Kreis Steinfurt",
        "Ideen, Kommentare und Unterstützungen",
        "Anmeldungen zu Veranstaltungen",
        "Technische und organisatorische Maßnahmen",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_only_the_regions_coordinators_get_it(
    client: Any, login: Any, url: str, steinfurt: Any, coesfeld_coordinator: Any
) -> None:
    reader = MembershipFactory(region=steinfurt, role=Role.READER, user=UserFactory()).user
    citizen = UserFactory()

    assert client.get(url).status_code == 302  # to the login
    assert login(citizen).get(url).status_code == 403
    assert login(reader).get(url).status_code == 403
    assert login(coesfeld_coordinator).get(url).status_code == 403
