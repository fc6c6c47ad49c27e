"""A municipality derives its own strategy, adds own goals and sees changes of the region's strategy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregion.accounts.models import User
from smartregion.core.models import AuditEvent
from smartregion.regions.models import Municipality
from smartregion.strategy import selectors, services
from smartregion.strategy.models import (
    FieldOfAction,
    MunicipalGoal,
    MunicipalStrategy,
    Strategy,
    StrategyVersion,
    Value,
)

pytestmark = pytest.mark.django_db

GREVEN = "/r/kreis-steinfurt/kommunen/greven/strategie/"
EMSDETTEN = "/r/kreis-steinfurt/kommunen/emsdetten/strategie/"
UPSTREAM_BANNER = "Die Kreisstrategie wurde seit der Ableitung geändert"


def _field(strategy: Strategy, slug: str) -> FieldOfAction:
    return FieldOfAction.objects.get(strategy=strategy, slug=slug)


def _municipal_state() -> list[object]:
    return [
        list(MunicipalStrategy.objects.values_list("municipality_id", "derived_from_id", "introduction")),
        list(
            MunicipalStrategy.fields.through.objects.values_list("municipalstrategy_id", "fieldofaction_id")
        ),
        list(MunicipalGoal.objects.values_list("municipal_strategy_id", "field_id", "text", "measures")),
    ]


@pytest.fixture
def derived(strategy: Strategy, greven: Municipality, officer: User) -> MunicipalStrategy:
    """Greven has derived Verwaltung and Mobilität and set one own goal in Mobilität."""
    derived = services.derive_municipal_strategy(
        municipality=greven,
        actor=officer,
        fields=[_field(strategy, "verwaltung"), _field(strategy, "mobilitaet")],
        introduction="Greven setzt die Kreisstrategie *gemeinsam* um.",
    )
    services.add_municipal_goal(
        municipal_strategy=derived,
        field=_field(strategy, "mobilitaet"),
        actor=officer,
        text="Eine Mobilstation am Bahnhof Greven einrichten.",
        measures="Standort prüfen, Förderantrag stellen.",
    )
    return derived


# Services


def test_derive_builds_on_the_current_version_with_the_chosen_fields(strategy, greven, officer):
    derived = services.derive_municipal_strategy(
        municipality=greven, actor=officer, fields=[_field(strategy, "mobilitaet")]
    )

    assert derived.derived_from == StrategyVersion.objects.get(strategy=strategy, number=8)
    assert [f.slug for f in derived.fields.all()] == ["mobilitaet"]
    event = AuditEvent.objects.get(action="strategy.derived")
    assert (event.actor, event.details) == (officer, {"version": 8, "fields": ["mobilitaet"]})
    assert selectors.upstream_changes(derived) is None


def test_deriving_twice_is_refused_and_changes_nothing(derived, strategy, greven, officer):
    before = _municipal_state()

    with pytest.raises(ValidationError, match="bereits eine abgeleitete Strategie"):
        services.derive_municipal_strategy(municipality=greven, actor=officer, fields=[])

    assert _municipal_state() == before


def test_deriving_without_a_region_strategy_is_refused(greven, officer):
    with pytest.raises(ValidationError, match="noch keine Strategie"):
        services.derive_municipal_strategy(municipality=greven, actor=officer, fields=[])

    assert not MunicipalStrategy.objects.exists()


def test_deriving_a_field_of_another_region_is_refused(strategy, coesfeld_strategy, greven, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.derive_municipal_strategy(
            municipality=greven,
            actor=officer,
            fields=[_field(strategy, "mobilitaet"), _field(coesfeld_strategy, "verwaltung")],
        )

    assert excinfo.value.message_dict["fields"] == [
        "Es können nur Handlungsfelder der eigenen Region gewählt werden."
    ]
    assert not MunicipalStrategy.objects.exists()


def test_choosing_a_field_of_another_region_later_is_refused(derived, coesfeld_strategy, officer):
    before = _municipal_state()

    with pytest.raises(ValidationError):
        services.update_municipal_strategy(
            municipal_strategy=derived,
            actor=officer,
            fields=[_field(coesfeld_strategy, "verwaltung")],
            introduction="Anders.",
        )

    assert _municipal_state() == before


def test_own_goal_in_a_field_not_chosen_is_refused(strategy, greven, officer):
    derived = services.derive_municipal_strategy(
        municipality=greven, actor=officer, fields=[_field(strategy, "mobilitaet")]
    )

    with pytest.raises(ValidationError) as excinfo:
        services.add_municipal_goal(
            municipal_strategy=derived, field=_field(strategy, "verwaltung"), actor=officer, text="Ziel"
        )

    assert excinfo.value.message_dict["field"] == [
        "Wählen Sie zuerst dieses Handlungsfeld für Ihre Strategie."
    ]
    assert not MunicipalGoal.objects.exists()


def test_own_goal_without_text_is_refused(derived, strategy, officer):
    before = _municipal_state()

    with pytest.raises(ValidationError) as excinfo:
        services.add_municipal_goal(
            municipal_strategy=derived, field=_field(strategy, "mobilitaet"), actor=officer, text=" "
        )

    assert excinfo.value.message_dict["text"] == ["Bitte beschreiben Sie das Ziel."]
    assert _municipal_state() == before


def test_a_change_of_the_region_strategy_shows_as_upstream_change_until_accepted(
    derived, strategy, coordinator, officer
):
    services.add_goal(
        strategy=strategy, field=_field(strategy, "mobilitaet"), actor=coordinator, text="Leihräder anbinden."
    )

    upstream = selectors.upstream_changes(selectors.municipal_strategy_of(derived.municipality))
    assert upstream is not None
    assert [(row.label, row.change) for row in upstream.fields if row.change != "same"] == [
        ("Mobilität", "changed")
    ]

    services.accept_upstream_changes(municipal_strategy=derived, actor=officer)

    fresh = selectors.municipal_strategy_of(derived.municipality)
    assert fresh.derived_from.number == 9
    assert selectors.upstream_changes(fresh) is None
    assert AuditEvent.objects.get(action="strategy.upstream_accepted").details == {"version": 9}


def test_reordering_the_region_strategy_alone_is_no_upstream_change(derived, strategy, coordinator):
    services.move(
        item=Value.objects.get(strategy=strategy, name="Teilhabe"), actor=coordinator, direction="up"
    )

    assert selectors.upstream_changes(selectors.municipal_strategy_of(derived.municipality)) is None


# Pages: who may derive and add goals


def test_officer_of_greven_is_offered_to_derive_for_greven_but_not_for_emsdetten(
    login, strategy, emsdetten, officer
):
    client = login(officer)

    assert "Strategie ableiten" in client.get(GREVEN).content.decode()
    content = client.get(EMSDETTEN).content.decode()
    assert "Emsdetten hat noch keine eigene Strategie aus der Kreisstrategie abgeleitet." in content
    assert "Strategie ableiten" not in content


def test_officer_of_greven_derives_the_strategy_of_greven(login, strategy, greven, officer):
    client = login(officer)
    assert client.get(f"{GREVEN}bearbeiten/").status_code == 200

    response = client.post(
        f"{GREVEN}bearbeiten/",
        {"chosen_fields": [_field(strategy, "mobilitaet").pk], "introduction": "Greven macht mit."},
    )

    assert response.status_code == 302
    assert response["Location"] == GREVEN
    derived = MunicipalStrategy.objects.get(municipality=greven)
    assert [f.slug for f in derived.fields.all()] == ["mobilitaet"]
    assert derived.derived_from.number == 8
    assert "Abgeleitet aus „#Zukunft ST“, Fassung 8." in client.get(GREVEN).content.decode()


def test_officer_of_greven_cannot_derive_for_emsdetten(login, strategy, emsdetten, officer):
    client = login(officer)

    assert client.get(f"{EMSDETTEN}bearbeiten/").status_code == 403
    response = client.post(f"{EMSDETTEN}bearbeiten/", {"chosen_fields": [_field(strategy, "mobilitaet").pk]})

    assert response.status_code == 403
    assert not MunicipalStrategy.objects.exists()


@pytest.mark.parametrize("person", ["reader", "coesfeld_coordinator"])
def test_people_without_a_role_for_greven_cannot_derive(request, login, strategy, greven, person):
    client = login(request.getfixturevalue(person))

    response = client.post(f"{GREVEN}bearbeiten/", {"chosen_fields": [_field(strategy, "mobilitaet").pk]})

    assert response.status_code == 403
    assert not MunicipalStrategy.objects.exists()


def test_anonymous_visitor_is_sent_to_login_and_nothing_changes(client, derived, strategy):
    before = _municipal_state()

    for path in (f"{GREVEN}bearbeiten/", f"{GREVEN}ziele/neu/", f"{GREVEN}grundlage-aktualisieren/"):
        response = client.post(path, {"text": "Gehackt", "field": _field(strategy, "mobilitaet").pk})
        assert response.status_code == 302, path
        assert response["Location"].startswith("/konto/login/?next="), path
    assert _municipal_state() == before


def test_coordinator_may_derive_for_any_municipality_of_the_region(login, strategy, emsdetten, coordinator):
    response = login(coordinator).post(
        f"{EMSDETTEN}bearbeiten/", {"chosen_fields": [_field(strategy, "verwaltung").pk]}
    )

    assert response.status_code == 302
    assert MunicipalStrategy.objects.get(municipality=emsdetten).fields.get().slug == "verwaltung"


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ("coesfeld", "Es können nur Handlungsfelder der eigenen Region gewählt werden."),
        ("none", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_deriving_with_bad_fields_is_refused_with_a_german_message(
    login, strategy, coesfeld_strategy, greven, officer, chosen, message
):
    fields = [_field(coesfeld_strategy, "verwaltung").pk] if chosen == "coesfeld" else []

    response = login(officer).post(f"{GREVEN}bearbeiten/", {"chosen_fields": fields, "introduction": ""})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MunicipalStrategy.objects.exists()


def test_officer_changes_the_chosen_fields_of_greven(login, derived, strategy, officer):
    client = login(officer)
    assert "Greven setzt die Kreisstrategie" in client.get(f"{GREVEN}bearbeiten/").content.decode()

    response = client.post(
        f"{GREVEN}bearbeiten/", {"chosen_fields": [_field(strategy, "verwaltung").pk], "introduction": ""}
    )

    assert response.status_code == 302
    assert [f.slug for f in MunicipalStrategy.objects.get(pk=derived.pk).fields.all()] == ["verwaltung"]


def test_officer_of_greven_adds_an_own_goal_with_measures(login, derived, strategy, officer):
    client = login(officer)

    response = client.post(
        f"{GREVEN}ziele/neu/",
        {
            "field": _field(strategy, "verwaltung").pk,
            "text": "Bürgerbüro digital.",
            "measures": "Termine online.",
        },
    )

    assert response.status_code == 302
    assert MunicipalGoal.objects.filter(municipal_strategy=derived, text="Bürgerbüro digital.").exists()
    content = client.get(GREVEN).content.decode()
    assert "Bürgerbüro digital." in content
    assert "Maßnahmen: Termine online." in content


def test_officer_of_greven_cannot_add_a_goal_for_emsdetten(login, strategy, emsdetten, coordinator, officer):
    services.derive_municipal_strategy(
        municipality=emsdetten, actor=coordinator, fields=[_field(strategy, "verwaltung")]
    )
    before = _municipal_state()
    client = login(officer)

    assert client.get(f"{EMSDETTEN}ziele/neu/").status_code == 403
    response = client.post(
        f"{EMSDETTEN}ziele/neu/", {"field": _field(strategy, "verwaltung").pk, "text": "X"}
    )

    assert response.status_code == 403
    assert _municipal_state() == before


def test_own_goal_in_a_field_not_chosen_is_refused_on_the_page(login, strategy, greven, officer):
    derived = services.derive_municipal_strategy(
        municipality=greven, actor=officer, fields=[_field(strategy, "mobilitaet")]
    )

    response = login(officer).post(
        f"{GREVEN}ziele/neu/", {"field": _field(strategy, "verwaltung").pk, "text": "Ziel"}
    )

    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not MunicipalGoal.objects.filter(municipal_strategy=derived).exists()


def test_goal_for_a_municipality_that_has_not_derived_is_404(login, strategy, greven, officer):
    assert login(officer).get(f"{GREVEN}ziele/neu/").status_code == 404


def test_municipality_of_another_region_is_404(client, derived, coesfeld_strategy, duelmen):
    assert client.get("/r/kreis-coesfeld/kommunen/greven/strategie/").status_code == 404
    assert client.get("/r/kreis-steinfurt/kommunen/duelmen/strategie/").status_code == 404


# The page and its upstream banner


def test_page_shows_the_chosen_fields_own_goals_and_harmless_introduction(client, derived, coordinator):
    services.update_municipal_strategy(
        municipal_strategy=derived,
        actor=coordinator,
        fields=list(derived.fields.all()),
        introduction="Greven <script>alert(1)</script> <img src=x onerror=alert(2)> **gemeinsam**.",
    )

    response = client.get(GREVEN)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Digitalisierungsstrategie Greven" in content
    assert "Eine Mobilstation am Bahnhof Greven einrichten." in content
    assert "Maßnahmen: Standort prüfen, Förderantrag stellen." in content
    assert "Ziele des Kreises im Handlungsfeld Mobilität" in content
    assert "<strong>gemeinsam</strong>" in content
    assert "<script>alert" not in content
    assert "onerror" not in content
    assert UPSTREAM_BANNER not in content
    assert "Handlungsfelder wählen" not in content


def test_banner_appears_on_the_greven_page_after_a_change_of_the_region(
    login, derived, strategy, coordinator, officer
):
    services.update_vision(
        strategy=strategy,
        actor=coordinator,
        title="#Zukunft ST",
        vision="Wir gestalten die Zukunft gemeinsam.",
    )

    content = login(officer).get(GREVEN).content.decode()

    assert UPSTREAM_BANNER in content
    assert "Seit Fassung 8 hat sich bis Fassung 9 1 Abschnitt geändert." in content
    assert "/r/kreis-steinfurt/strategie/vergleich/?von=8&amp;bis=9" in content
    assert "Geprüft: aktuelle Fassung als Grundlage übernehmen" in content


def test_visitors_see_the_banner_but_cannot_accept(client, login, derived, strategy, coordinator, reader):
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")

    for visitor in (client, login(reader)):
        content = visitor.get(GREVEN).content.decode()
        assert UPSTREAM_BANNER in content
        assert "Geprüft: aktuelle Fassung als Grundlage übernehmen" not in content
    response = login(reader).post(f"{GREVEN}grundlage-aktualisieren/")

    assert response.status_code == 403
    assert MunicipalStrategy.objects.get(pk=derived.pk).derived_from.number == 8


def test_accepting_the_upstream_change_clears_the_banner(login, derived, strategy, coordinator, officer):
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")
    client = login(officer)

    response = client.post(f"{GREVEN}grundlage-aktualisieren/")

    assert response.status_code == 302
    assert response["Location"] == GREVEN
    content = client.get(GREVEN).content.decode()
    assert UPSTREAM_BANNER not in content
    assert "Die aktuelle Fassung der Kreisstrategie ist nun die Grundlage." in content
    assert "Fassung 9." in content


def test_accepting_by_get_is_not_allowed(login, derived, strategy, coordinator, officer):
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")

    assert login(officer).get(f"{GREVEN}grundlage-aktualisieren/").status_code == 405
    assert MunicipalStrategy.objects.get(pk=derived.pk).derived_from.number == 8


# The demo data


def test_demo_greven_shows_the_goal_added_after_adoption_until_its_officer_accepts(client, login, demo):
    greven = selectors.municipal_strategy_of(Municipality.objects.get(slug="greven"))
    assert greven.derived_from.fixed_name == "Fassung vom 20.06.2022"
    changed = [row for row in selectors.upstream_changes(greven).fields if row.change != "same"]
    assert [row.label for row in changed] == ["Mobilität"]
    assert "digitalen Informations- und Buchungsangeboten" in changed[0].new
    content = client.get(GREVEN).content.decode()
    assert UPSTREAM_BANNER in content
    assert "Eine Mobilstation am Bahnhof Greven einrichten." in content

    officer = login(User.objects.get(email="kommune.steinfurt@demo.smartregion.example"))
    officer.post(f"{GREVEN}grundlage-aktualisieren/")

    assert UPSTREAM_BANNER not in officer.get(GREVEN).content.decode()


def test_removing_a_field_in_the_region_keeps_the_municipality_goal_and_shows_it_without_field(
    client, derived, strategy, coordinator
):
    services.delete_field(field=_field(strategy, "mobilitaet"), actor=coordinator)

    goal = MunicipalGoal.objects.get(municipal_strategy=derived)
    assert goal.text == "Eine Mobilstation am Bahnhof Greven einrichten."
    assert goal.field is None
    content = client.get(GREVEN).content.decode()
    assert "Ziele ohne Handlungsfeld" in content
    assert "Eine Mobilstation am Bahnhof Greven einrichten." in content
    assert UPSTREAM_BANNER in content
