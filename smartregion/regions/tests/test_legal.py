"""A region's Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: built from its legal
details and the modules it uses, complete, and edited by its coordinators; bad input changes nothing."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from smartregion.core.models import AuditEvent
from smartregion.events.models import Event
from smartregion.regions import legal, services
from smartregion.regions.models import Compliance, LegalDetails, Region

pytestmark = pytest.mark.django_db

IMPRINT = "/r/kreis-steinfurt/impressum/"
PRIVACY = "/r/kreis-steinfurt/datenschutz/"
ACCESSIBILITY = "/r/kreis-steinfurt/barrierefreiheit/"
EDIT = "/r/kreis-steinfurt/verwaltung/rechtliches/{page}/"

FILLED: dict[str, Any] = {
    "body_name": "Kreis Steinfurt",
    "legal_form": "Körperschaft des öffentlichen Rechts",
    "representative": "Landrat Dr. Martin Sommer",
    "street": "Tecklenburger Straße 10",
    "postal_code": "48565",
    "city": "Steinfurt",
    "phone": "02551 69-0",
    "email": "kontakt@steinfurt.example",
    "vat_id": "DE123456789",
    "supervisory_authority": "Bezirksregierung Münster, Domplatz 1–3, 48143 Münster",
    "content_responsible": "Smart Region Büro, Tecklenburger Straße 10, 48565 Steinfurt",
    "dpo_name": "Datenschutzbeauftragte des Kreises Steinfurt",
    "dpo_email": "datenschutz@steinfurt.example",
    "feedback_contact": "Smart Region Büro",
    "feedback_email": "barrierefreiheit@steinfurt.example",
    "feedback_phone": "02551 69-1195",
    "statement_date": datetime.date(2024, 5, 2),
    "last_review": datetime.date(2025, 5, 5),
    "compliance": Compliance.PARTIAL,
}
BARRIERS = [{"barrier": "Keine Leichte Sprache.", "alternative": "Wir erklären es am Telefon."}]


@pytest.fixture
def filled(steinfurt: Region) -> LegalDetails:
    return services.update_legal_details(region=steinfurt, actor=None, data=FILLED, barriers=BARRIERS)


def _text(response: Any) -> str:
    """The page's main content as text, one space between words."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&nbsp;", " ").split())


def _state(region: Region) -> tuple[Any, ...]:
    details = LegalDetails.objects.filter(region=region).values().first()
    additions = Region.objects.values_list("imprint", "privacy", "accessibility").get(pk=region.pk)
    return details, additions, AuditEvent.objects.filter(action="region.legal_updated").count()


# ---- Impressum ------------------------------------------------------------------------------


def test_imprint_has_every_field_of_section_5_ddg(client, filled):
    text = _text(client.get(IMPRINT))

    for value in (
        "§ 5 Digitale-Dienste-Gesetz",
        "Kreis Steinfurt",
        "Tecklenburger Straße 10",
        "48565 Steinfurt",
        "Rechtsform Körperschaft des öffentlichen Rechts",
        "Vertreten durch Landrat Dr. Martin Sommer",
        "Telefon 02551 69-0",
        "kontakt@steinfurt.example",
        "Umsatzsteuer-Identifikationsnummer DE123456789",
        "Zuständige Aufsichtsbehörde Bezirksregierung Münster",
        "Verantwortlich für den Inhalt Smart Region Büro",
    ):
        assert value in text


def test_coordinator_sees_what_the_imprint_still_lacks_citizens_do_not(client, login, coordinator, steinfurt):
    warning = "Es fehlen noch Pflichtangaben"

    assert warning not in _text(client.get(IMPRINT))
    text = _text(login(coordinator).get(IMPRINT))
    assert warning in text
    assert "Vertreten durch, Straße und Hausnummer, Postleitzahl, Ort, E-Mail-Adresse." in text


def test_missing_imprint_fields_are_named():
    details = LegalDetails(body_name="Kreis X", legal_form="Körperschaft des öffentlichen Rechts", city="X")

    assert legal.missing_imprint_fields(details) == [
        "Vertreten durch",
        "Straße und Hausnummer",
        "Postleitzahl",
        "E-Mail-Adresse",
    ]


# ---- Erklärung zur Barrierefreiheit -----------------------------------------------------------


def test_accessibility_statement_has_every_part_bitv_requires(client, filled):
    text = _text(client.get(ACCESSIBILITY))

    for part in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "Keine Leichte Sprache. Alternative: Wir erklären es am Telefon.",
        "Diese Erklärung wurde am 2. Mai 2024 erstellt. Grundlage ist eine Selbstbewertung.",
        "Zuletzt überprüft am 5. Mai 2025.",
        "Feedback und Kontakt",
        "barrierefreiheit@steinfurt.example",
        "Telefon: 02551 69-1195",
        "Schlichtungsverfahren",
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        "Mauerstraße 53 10117 Berlin",
        "§ 10b Behindertengleichstellungsgesetz Nordrhein-Westfalen",
    ):
        assert part in text


def test_a_region_of_another_state_names_its_own_arbitration_body(client, steinfurt):
    Region.objects.filter(pk=steinfurt.pk).update(federal_state="SH")

    text = _text(client.get(ACCESSIBILITY))

    assert (
        "Schlichtungsstelle bei der Landesbeauftragten für Menschen mit Behinderungen Schleswig-Holstein"
        in text
    )
    assert "Nordrhein-Westfalen" not in text
    assert "Mauerstraße 53" in text


def test_fully_compliant_statement_lists_no_barriers(client, steinfurt):
    services.update_legal_details(
        region=steinfurt, actor=None, data={**FILLED, "compliance": Compliance.FULL}, barriers=[]
    )

    text = _text(client.get(ACCESSIBILITY))

    assert "mit den Anforderungen vollständig vereinbar" in text
    assert "Nicht barrierefreie Inhalte" not in text


# ---- Datenschutzerklärung ----------------------------------------------------------------------

ALWAYS = (
    "Konten der Mitarbeitenden und Gremienmitglieder",
    "Änderungsprotokoll",
    "E-Mails",
    "Anmelde- und Fehlerprotokolle",
    "Cookies",
)
BY_MODULE = {
    "ideas": "Ideen, Kommentare und Unterstützungen",
    "surveys": "Umfragen",
    "events": "Anmeldungen zu Veranstaltungen",
    "analysis": "Bedarfsanalyse der Kommunen",
}


def _section_titles(response: Any) -> list[str]:
    return re.findall(
        r'<h3 class="kern-heading-small" id="abschnitt-[a-z]+">([^<]+)</h3>', response.content.decode()
    )


def test_privacy_has_a_section_for_each_processing_with_purpose_basis_and_retention(client, filled):
    response = client.get(PRIVACY)

    titles = _section_titles(response)
    assert set(titles) == {*ALWAYS, *BY_MODULE.values()}
    html = response.content.decode()
    for label in ("Welche Daten", "Zweck", "Rechtsgrundlage", "Speicherdauer"):
        assert html.count(f">{label}</dt>") == len(titles)
    text = _text(response)
    assert "Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 Datenschutzgesetz Nordrhein-Westfalen" in text
    assert "Art. 6 Abs. 1 lit. a DSGVO" in text
    assert "Datenschutzbeauftragte des Kreises Steinfurt" in text
    assert "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen" in text


def test_privacy_leaves_out_the_modules_the_region_switched_off(client, steinfurt):
    services.set_modules_in_use(region=steinfurt, actor=None, in_use=[])

    titles = _section_titles(client.get(PRIVACY))

    assert set(titles) == set(ALWAYS)


@pytest.mark.parametrize("module", sorted(BY_MODULE))
def test_each_module_brings_its_own_section(client, steinfurt, module):
    services.set_modules_in_use(region=steinfurt, actor=None, in_use=[module])

    titles = _section_titles(client.get(PRIVACY))

    assert set(titles) == {*ALWAYS, BY_MODULE[module]}


def test_surveys_are_stated_anonymous_without_address_browser_or_account(client, filled):
    text = _text(client.get(PRIVACY))

    assert (
        "Es werden keine IP-Adresse, keine Angaben zu Ihrem Browser (User-Agent) und keine Verbindung" in text
    )
    assert "zu einem Konto gespeichert" in text


def test_retention_periods_are_what_the_platform_and_the_region_do(filled):
    sections = {s.key: s for s in legal.privacy_sections(filled, ["ideas", "events"])}

    default_days = Event._meta.get_field("retention_days").default
    assert f"voreingestellt: {default_days} Tage" in sections["termine"].retention
    assert "automatisch gelöscht" in sections["termine"].retention
    assert sections["ideen"].retention.startswith(
        "24 Monate ab dem Eingang; diese Frist legt die Region fest"
    )
    assert (
        "nicht bestätigt wurde, löscht die Plattform, sobald 7 Tage vergangen sind"
        in sections["ideen"].retention
    )
    assert "Das Anmeldeprotokoll: höchstens 30 Tage" in sections["protokolle"].retention
    assert "löscht die Plattform jede Nacht" in sections["protokoll"].retention
    assert "unter „Meine Daten“ selbst löschen" in sections["konten"].retention
    assert "sobald 7 Tage vergangen sind" in sections["mails"].retention
    assert "sobald nach ihrem Verfall 7 Tage vergangen sind" in sections["termine"].retention


def test_a_modules_declared_processing_appears_only_where_the_module_is_on(filled):
    with_surveys = [s.key for s in legal.privacy_sections(filled, ["ideas", "surveys", "analysis", "events"])]
    without = [s.key for s in legal.privacy_sections(filled, ["ideas", "events"])]

    assert with_surveys == [
        "konten", "ideen", "umfragen", "bedarfsanalyse", "termine",
        "protokoll", "mails", "protokolle", "cookies",
    ]  # fmt: skip
    assert without == ["konten", "ideen", "termine", "protokoll", "mails", "protokolle", "cookies"]


# ---- editing -------------------------------------------------------------------------------------


def _form(page: str, **changes: Any) -> dict[str, Any]:
    """What the edit form of ``page`` sends with FILLED and BARRIERS, changed by ``changes``."""
    common = {"ergaenzung-text": ""}
    if page == "impressum":
        fields = [
            "body_name",
            "legal_form",
            "representative",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "vat_id",
            "supervisory_authority",
            "content_responsible",
        ]
        data = {name: FILLED[name] for name in fields}
    elif page == "datenschutz":
        data = {
            "dpo_name": FILLED["dpo_name"],
            "dpo_email": FILLED["dpo_email"],
            "dpo_phone": "",
            "data_protection_authority": "LDI NRW",
            "state_data_protection_law": "§ 3 DSG NRW",
            "ideas_retention_months": "24",
            "audit_retention_months": "36",
            "log_retention_days": "30",
        }
    else:
        data = {
            "accessibility_law": "BGG NRW",
            "compliance": "teilweise",
            "assessment_method": "selbstbewertung",
            "statement_date": "2024-05-02",
            "last_review": "2025-05-05",
            "feedback_contact": "Büro",
            "feedback_email": "barrierefreiheit@steinfurt.example",
            "feedback_phone": "",
            "arbitration_name": "Ombudsstelle",
            "arbitration_address": "",
            "arbitration_phone": "",
            "arbitration_email": "",
            "arbitration_url": "",
            "barriere-TOTAL_FORMS": "2",
            "barriere-INITIAL_FORMS": "1",
            "barriere-MIN_NUM_FORMS": "0",
            "barriere-MAX_NUM_FORMS": "30",
            "barriere-0-barrier": BARRIERS[0]["barrier"],
            "barriere-0-alternative": BARRIERS[0]["alternative"],
            "barriere-1-barrier": "",
            "barriere-1-alternative": "",
        }
    return {**common, **data, **changes}


def test_coordinator_saves_the_accessibility_statement_and_its_text(login, coordinator, filled):
    client = login(coordinator)

    response = client.post(
        EDIT.format(page="barrierefreiheit"),
        _form(
            "barrierefreiheit",
            **{"barriere-1-barrier": "Karten ohne Textfassung.", "ergaenzung-text": "## Hinweis\n\nDanke."},
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == ACCESSIBILITY
    details = LegalDetails.objects.get(region=filled.region)
    assert [b["barrier"] for b in details.barriers] == ["Keine Leichte Sprache.", "Karten ohne Textfassung."]
    assert Region.objects.get(pk=filled.region_id).accessibility == "## Hinweis\n\nDanke."
    event = AuditEvent.objects.filter(action="region.legal_updated").latest("pk")
    assert {"accessibility", "barriers", "feedback_contact"} <= set(event.details["fields"])
    page = client.get(ACCESSIBILITY).content.decode()
    assert "<h2>Hinweis</h2>" in page


def test_review_before_statement_is_refused_in_german_and_changes_nothing(login, coordinator, filled):
    before = _state(filled.region)

    response = login(coordinator).post(
        EDIT.format(page="barrierefreiheit"),
        _form("barrierefreiheit", last_review="2024-05-01", **{"ergaenzung-text": "neu"}),
    )

    assert response.status_code == 400
    assert (
        "Die letzte Überprüfung kann nicht vor der Erstellung der Erklärung liegen."
        in response.content.decode()
    )
    assert _state(filled.region) == before


def test_malformed_email_is_refused_in_german_and_changes_nothing(login, coordinator, filled):
    before = _state(filled.region)

    response = login(coordinator).post(
        EDIT.format(page="impressum"), _form("impressum", email="kontakt(at)steinfurt", postal_code="4856")
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Bitte gültige E-Mail-Adresse eingeben." in content
    assert "Eine Postleitzahl besteht aus genau 5 Ziffern." in content
    assert _state(filled.region) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"compliance": "vollstaendig"},
            "Solange Inhalte nicht barrierefrei sind, ist die Plattform nur teilweise",
        ),
        (
            {"barriere-0-barrier": "", "barriere-0-alternative": ""},
            "Bitte nennen Sie die Inhalte, die nicht barrierefrei sind, und ihre Alternativen.",
        ),
        (
            {"statement_date": "2099-01-01", "last_review": ""},
            "Die Erklärung kann nicht in der Zukunft erstellt sein.",
        ),
        ({"barriere-0-barrier": ""}, "Bitte beschreiben Sie zu jeder Alternative die Barriere."),
    ],
)
def test_an_inconsistent_statement_is_refused(login, coordinator, filled, changes, message):
    before = _state(filled.region)

    response = login(coordinator).post(
        EDIT.format(page="barrierefreiheit"), _form("barrierefreiheit", **changes)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(filled.region) == before


def test_retention_outside_its_range_is_refused(login, coordinator, filled):
    before = _state(filled.region)

    response = login(coordinator).post(
        EDIT.format(page="datenschutz"),
        _form("datenschutz", ideas_retention_months="0", log_retention_days="999"),
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Dieser Wert muss größer oder gleich 1 sein." in content
    assert "Dieser Wert muss kleiner oder gleich 730 sein." in content
    assert _state(filled.region) == before


def test_service_refuses_a_review_before_the_statement(steinfurt):
    with pytest.raises(ValidationError) as refused:
        services.update_legal_details(
            region=steinfurt,
            actor=None,
            data={**FILLED, "last_review": datetime.date(2020, 1, 1)},
            barriers=BARRIERS,
        )

    assert refused.value.message_dict == {
        "last_review": ["Die letzte Überprüfung kann nicht vor der Erstellung der Erklärung liegen."]
    }
    assert not LegalDetails.objects.exists()


def test_only_coordinators_edit_legal_pages(client, login, reader, officer, steinfurt):
    for page in ("impressum", "datenschutz", "barrierefreiheit"):
        url = EDIT.format(page=page)
        assert client.get(url).status_code == 302
        assert login(reader).get(url).status_code == 403
        assert login(officer).post(url, _form(page)).status_code == 403
    assert not LegalDetails.objects.exists()


def test_new_region_starts_with_its_states_legal_defaults():
    region = services.create_region(name="Kreis Dithmarschen", federal_state="SH")

    details = LegalDetails.objects.get(region=region)
    assert details.body_name == "Kreis Dithmarschen"
    assert details.arbitration_email == "schlichtung@landtag.ltsh.de"
    assert "Holstenstraße 98" in details.data_protection_authority
    assert details.state_data_protection_law.startswith("§ 3 Landesdatenschutzgesetz Schleswig-Holstein")
    assert [b["barrier"] for b in details.barriers] == [b["barrier"] for b in legal.PLATFORM_BARRIERS]


def test_coordinator_sees_what_each_page_still_lacks(login, coordinator, steinfurt):
    client = login(coordinator)

    privacy = _text(client.get(PRIVACY))
    accessibility = _text(client.get(ACCESSIBILITY))

    assert "Es fehlen noch Pflichtangaben: Straße und Hausnummer" in privacy
    assert "Datenschutzbeauftragte oder Datenschutzbeauftragter" in privacy
    assert "Es fehlen noch Pflichtangaben: E-Mail-Adresse für Meldungen zu Barrieren." in accessibility
    assert "Informationen zu Inhalt und Bedienung in Leichter Sprache" in accessibility
