"""The record of processing activities (Art. 30 DSGVO) of a region: generated from the modules it uses
and its legal details, as a page for its coordinators and as a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from smartregion.accounts.models import Role
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.core import modules as platform_modules
from smartregion.core.privacy import Processing
from smartregion.regions import legal, selectors, services
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


@pytest.mark.parametrize("surveys_on", [True, False])
def test_the_survey_processing_is_listed_exactly_while_surveys_are_on(
    steinfurt: Any, filled: Any, surveys_on: bool
) -> None:
    in_use = [module.key for module in platform_modules.switchable()]
    if not surveys_on:
        in_use.remove("surveys")
    region = services.set_modules_in_use(region=steinfurt, actor=None, in_use=in_use)

    record = selectors.processing_record_of(region)

    assert ("umfragen" in [section.key for section in record.sections]) is surveys_on
    assert ("Bürgerbeteiligung (Umfragen)" in record.modules) is surveys_on


def weather_processing(details: Any) -> Iterator[Processing]:
    """The privacy hook of a module that is not part of the platform: two activities."""
    yield Processing(
        key="wetter-meldungen",
        title="Meldungen von Wetterstationen",
        data="Name und E-Mail-Adresse der Betreuerin einer Station",
        purpose="Messwerte einer Station zuordnen",
        legal_basis=legal.public_task(details),
        retention="Bis die Station abgebaut ist",
        subjects="Betreuerinnen und Betreuer von Wetterstationen",
        recipients="Wetterdienst des Kreises",
        position=35,
    )
    yield Processing(
        key="wetter-fotos",
        title="Fotos von Wetterstationen",
        data="Fotos, auf denen Personen zu sehen sein können",
        purpose="Zustand einer Station dokumentieren",
        legal_basis=legal.public_task(details),
        retention="Ein Jahr",
        subjects="Passantinnen und Passanten",
        recipients="Öffentlichkeit",
        position=35,
    )


WEATHER = platform_modules.Module(
    key="weather",
    label="Wetterstationen",
    privacy="smartregion.regions.tests.test_processing_record.weather_processing",
)


@pytest.fixture
def with_weather(monkeypatch: Any) -> None:
    installed = platform_modules.modules()
    monkeypatch.setattr(platform_modules, "modules", lambda: (*installed, WEATHER))


@pytest.mark.usefixtures("with_weather")
def test_a_modules_privacy_hook_brings_its_activities_into_the_record(
    login: Any, coordinator: Any, steinfurt: Any, filled: Any
) -> None:
    keys = [section.key for section in selectors.processing_record_of(steinfurt).sections]
    text = login(coordinator).get(PAGE).content.decode()

    # Between the analysis (30) and the events (40), as its position says.
    assert keys.index("bedarfsanalyse") < keys.index("wetter-meldungen") < keys.index("termine")
    assert keys.index("wetter-meldungen") + 1 == keys.index("wetter-fotos")
    for expected in (
        "Meldungen von Wetterstationen",
        "Fotos von Wetterstationen",
        "Betreuerinnen und Betreuer von Wetterstationen",
        "Wetterdienst des Kreises",
        "Wetterstationen",
    ):
        assert expected in text, expected


@pytest.mark.usefixtures("with_weather")
def test_a_module_the_region_switched_off_brings_nothing(steinfurt: Any, filled: Any) -> None:
    in_use = [module.key for module in platform_modules.switchable() if module.key != "weather"]
    region = services.set_modules_in_use(region=steinfurt, actor=None, in_use=in_use)

    record = selectors.processing_record_of(region)

    assert not [section for section in record.sections if section.key.startswith("wetter")]
    assert "Wetterstationen" not in record.modules


def test_the_pdf_is_a_real_document_of_the_record(
    login: Any, coordinator: Any, steinfurt: Any, filled: Any
) -> None:
    response = login(coordinator).get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    titles = [section.title for section in selectors.processing_record_of(steinfurt).sections]
    assert len(titles) == 9
    for expected in (
        "Verzeichnis von Verarbeitungstätigkeiten",
        "Kreis Steinfurt, vertreten durch Landrat Dr. Martin Sommer",
        "Tecklenburger Straße 10",
        FILLED["dpo_name"],
        FILLED["dpo_email"],
        *titles,
        "Technische und organisatorische Maßnahmen",
    ):
        assert expected in text, expected


# ---- the measures (Art. 32 DSGVO) state what this installation's settings do ----------------------

PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "REQUIRE_MFA_FOR_COORDINATORS": True,
    "AXES_ENABLED": True,
    "ANONYMOUS_WRITE_LIMITS": True,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
}


def _measures(settings: Any, **changes: Any) -> str:
    for name, value in {**PRODUCTION, **changes}.items():
        setattr(settings, name, value)
    return "\n".join(legal.measures())


def test_a_production_installation_states_its_measures(settings: Any) -> None:
    text = _measures(settings)

    assert "nur über HTTPS (HSTS)" in text
    assert "Passwörter nur als Prüfwert (PBKDF2)" in text
    assert "für die Koordination Pflicht" in text
    assert f"nach {settings.AXES_FAILURE_LIMIT} Fehlversuchen" in text
    assert "Grenzen für anonyme Einsendungen" in text


def test_a_measure_switched_off_is_not_claimed(settings: Any) -> None:
    text = _measures(
        settings,
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        REQUIRE_MFA_FOR_COORDINATORS=False,
        AXES_ENABLED=False,
        ANONYMOUS_WRITE_LIMITS=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"],
    )

    assert "HSTS" not in text
    assert "leitet nicht selbst auf HTTPS um" in text
    assert "Passwörter nur als Prüfwert (Argon2)" in text
    assert "in dieser Installation für niemanden Pflicht" in text
    assert "für die Koordination Pflicht" not in text
    assert "Anmeldesperre" not in text
    assert "Grenzen für anonyme Einsendungen" not in text


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_only_the_regions_coordinators_get_it(
    client: Any, login: Any, url: str, steinfurt: Any, coesfeld_coordinator: Any
) -> None:
    reader = MembershipFactory(region=steinfurt, role=Role.READER, user=UserFactory()).user
    citizen = UserFactory()

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert login(citizen).get(url).status_code == 403
    assert login(reader).get(url).status_code == 403
    assert login(coesfeld_coordinator).get(url).status_code == 403
