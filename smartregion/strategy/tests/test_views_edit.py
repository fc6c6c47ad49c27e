"""The coordinators' editor over HTTP: who may edit, what bad input answers, moving with and without htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, Goal, Phase, Strategy, StrategyVersion, Value

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/strategie/"
EDITOR = f"{BASE}bearbeiten/"
HTMX = {"HX-Request": "true"}


def _field(strategy: Strategy, slug: str) -> FieldOfAction:
    return FieldOfAction.objects.get(strategy=strategy, slug=slug)


def _value_names(strategy: Strategy) -> list[str]:
    return list(Value.objects.filter(strategy=strategy).values_list("name", flat=True))


def _editor_paths(strategy: Strategy) -> list[str]:
    field = _field(strategy, "verwaltung")
    goal = field.goals.first()
    value = Value.objects.filter(strategy=strategy).first()
    phase = Phase.objects.filter(strategy=strategy).first()
    return [
        EDITOR,
        f"{EDITOR}leitbild/",
        f"{EDITOR}werte/neu/",
        f"{EDITOR}werte/{value.pk}/",
        f"{EDITOR}handlungsfelder/neu/",
        f"{EDITOR}handlungsfelder/{field.pk}/",
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/",
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/{goal.pk}/",
        f"{EDITOR}phasen/{phase.pk}/",
        f"{BASE}fassungen/1/festschreiben/",
    ]


# Who may edit


def test_anonymous_visitor_is_sent_to_login_from_every_editor_page(client, strategy):
    for path in [*_editor_paths(strategy), f"{BASE}neu/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{reverse('account_login')}?next={path}", path


def test_anonymous_post_changes_nothing(client, strategy, state_of):
    before = state_of(strategy)
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")

    client.post(f"{EDITOR}werte/neu/", {"name": "Gehackt"})
    client.post(f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "down"})
    client.post(f"{EDITOR}werte/{value.pk}/entfernen/")

    assert state_of(strategy) == before


@pytest.mark.parametrize("person", ["reader", "officer", "coesfeld_coordinator"])
def test_people_who_do_not_coordinate_this_region_get_403_on_every_editor_page(
    request, login, strategy, person
):
    client = login(request.getfixturevalue(person))

    for path in _editor_paths(strategy):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("person", ["reader", "officer", "coesfeld_coordinator"])
def test_people_who_do_not_coordinate_this_region_change_nothing_by_post(
    request, login, strategy, state_of, person
):
    client = login(request.getfixturevalue(person))
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")
    field = _field(strategy, "verwaltung")
    before = state_of(strategy)

    responses = [
        client.post(f"{EDITOR}leitbild/", {"title": "Gehackt", "vision": ""}),
        client.post(f"{EDITOR}werte/neu/", {"name": "Gehackt"}),
        client.post(f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "down"}),
        client.post(f"{EDITOR}werte/{value.pk}/entfernen/"),
        client.post(f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/", {"text": "Gehackt"}),
        client.post(f"{BASE}fassungen/2/festschreiben/", {"name": "Gehackt"}),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert state_of(strategy) == before


def test_coordinator_of_coesfeld_can_edit_coesfeld_but_not_steinfurt(
    login, strategy, coesfeld_strategy, coesfeld_coordinator
):
    client = login(coesfeld_coordinator)

    assert client.get("/r/kreis-coesfeld/strategie/bearbeiten/").status_code == 200
    assert client.get(EDITOR).status_code == 403


def test_coordinator_sees_the_editor_with_its_lists_and_phases(login, strategy, coordinator):
    response = login(coordinator).get(EDITOR)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="werte-liste"' in content
    assert 'id="felder-liste"' in content
    assert "Aktuelle Fassung: 8." in content
    assert "Kompetenzaufbau – geplant" in content


# Objects of another region are not found


def test_ids_of_another_region_in_the_url_are_404_and_change_nothing(
    login, strategy, coesfeld_strategy, coordinator, state_of
):
    client = login(coordinator)
    field = _field(coesfeld_strategy, "verwaltung")
    goal = field.goals.get()
    value = services.add_value(strategy=coesfeld_strategy, actor=None, name="Coesfelder Wert")
    phase = Phase.objects.filter(strategy=coesfeld_strategy).first()
    own_field = _field(strategy, "verwaltung")
    before, before_coesfeld = state_of(strategy), state_of(coesfeld_strategy)

    gets = [
        f"{EDITOR}handlungsfelder/{field.pk}/",
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/",
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/{goal.pk}/",
        f"{EDITOR}handlungsfelder/{own_field.pk}/ziele/{goal.pk}/",
        f"{EDITOR}werte/{value.pk}/",
        f"{EDITOR}phasen/{phase.pk}/",
    ]
    posts = [
        (f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/", {"text": "Fremdes Ziel"}),
        (f"{EDITOR}handlungsfelder/{field.pk}/", {"name": "Gehackt", "colour": "#000000"}),
        (f"{EDITOR}handlungsfelder/{field.pk}/verschieben/", {"richtung": "up"}),
        (f"{EDITOR}ziele/{goal.pk}/verschieben/", {"richtung": "up"}),
        (f"{EDITOR}werte/{value.pk}/entfernen/", {}),
        (f"{EDITOR}handlungsfelder/{field.pk}/entfernen/", {}),
        (f"{EDITOR}ziele/{goal.pk}/entfernen/", {}),
    ]

    for path in gets:
        assert client.get(path).status_code == 404, path
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    assert state_of(strategy) == before
    assert state_of(coesfeld_strategy) == before_coesfeld


def test_unknown_kind_of_item_is_404(login, strategy, coordinator):
    value = Value.objects.filter(strategy=strategy).first()

    response = login(coordinator).post(f"{EDITOR}phasen/{value.pk}/verschieben/", {"richtung": "up"})

    assert response.status_code == 404


# Vision and values


def test_coordinator_changes_the_vision_in_a_new_version(login, strategy, coordinator):
    response = login(coordinator).post(
        f"{EDITOR}leitbild/", {"title": "#Zukunft ST", "vision": "Vor allem: Machen wir!"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}#leitbild"
    fresh = Strategy.objects.get(pk=strategy.pk)
    assert (fresh.vision, fresh.current_version) == ("Vor allem: Machen wir!", 9)
    assert StrategyVersion.objects.get(strategy=strategy, number=9).author == coordinator


def test_vision_without_title_is_refused_with_a_german_message(login, strategy, coordinator, state_of):
    before = state_of(strategy)

    response = login(coordinator).post(f"{EDITOR}leitbild/", {"title": "  ", "vision": "Neu"})

    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert state_of(strategy) == before


def test_coordinator_adds_a_value(login, strategy, coordinator):
    client = login(coordinator)

    response = client.post(f"{EDITOR}werte/neu/", {"name": "Mut", "description": "Machen wir!"})

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}#werte"
    assert _value_names(strategy) == ["Gemeinschaft", "Teilhabe", "Mut"]
    assert "Der Wert wurde gespeichert." in client.get(EDITOR).content.decode()


@pytest.mark.parametrize("name", ["", "   "])
def test_value_with_empty_name_is_refused_with_a_german_message(login, strategy, coordinator, state_of, name):
    before = state_of(strategy)

    response = login(coordinator).post(f"{EDITOR}werte/neu/", {"name": name})

    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert state_of(strategy) == before


def test_coordinator_renames_a_value(login, strategy, coordinator):
    value = Value.objects.get(strategy=strategy, name="Teilhabe")
    client = login(coordinator)

    assert 'value="Teilhabe"' in client.get(f"{EDITOR}werte/{value.pk}/").content.decode()
    client.post(f"{EDITOR}werte/{value.pk}/", {"name": "Teilhabe für alle", "description": ""})

    assert Value.objects.get(pk=value.pk).name == "Teilhabe für alle"


# Fields of action and goals


def test_coordinator_adds_a_field_with_priority(login, strategy, coordinator):
    response = login(coordinator).post(
        f"{EDITOR}handlungsfelder/neu/",
        {"name": "Bildung", "slug": "", "colour": "#8a4b0f", "priority": "I", "priority_source": "Analyse"},
    )

    assert response.status_code == 302
    field = _field(strategy, "bildung")
    assert (field.priority, field.priority_source, field.colour) == ("I", "Analyse", "#8a4b0f")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Verwaltung"}, "Der Kurzname „verwaltung“ ist in dieser Strategie bereits vergeben."),
        (
            {"name": "Neu", "slug": "mobilitaet"},
            "Der Kurzname „mobilitaet“ ist in dieser Strategie bereits vergeben.",
        ),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"name": "Kultur", "colour": "blau"}, "Bitte eine Farbe als #RRGGBB angeben."),
        ({"name": "Kultur", "priority": "IV"}, "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_field_with_bad_input_is_refused_with_a_german_message(
    login, strategy, coordinator, state_of, data, message
):
    before = state_of(strategy)

    response = login(coordinator).post(
        f"{EDITOR}handlungsfelder/neu/", {"slug": "", "colour": "#1d4f91", "priority": "", **data}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state_of(strategy) == before


def test_renaming_a_field_onto_another_slug_is_refused(login, strategy, coordinator, state_of):
    field = _field(strategy, "mobilitaet")
    before = state_of(strategy)

    response = login(coordinator).post(
        f"{EDITOR}handlungsfelder/{field.pk}/",
        {"name": "Mobilität", "slug": "verwaltung", "colour": "#1d4f91", "priority": ""},
    )

    assert response.status_code == 400
    assert "Der Kurzname „verwaltung“ ist in dieser Strategie bereits vergeben." in response.content.decode()
    assert state_of(strategy) == before


def test_field_page_of_the_editor_lists_its_goals(login, strategy, coordinator):
    field = _field(strategy, "verwaltung")

    content = login(coordinator).get(f"{EDITOR}handlungsfelder/{field.pk}/").content.decode()

    assert 'id="ziele-liste"' in content
    assert "Interne Prozesse digitalisieren." in content
    assert f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/" in content


def test_coordinator_adds_and_changes_a_goal(login, strategy, coordinator):
    field = _field(strategy, "mobilitaet")
    client = login(coordinator)

    client.post(
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/", {"text": "Leihräder", "target_date": "2026-12-31"}
    )
    goal = Goal.objects.get(field=field, text="Leihräder")
    response = client.post(
        f"{EDITOR}handlungsfelder/{field.pk}/ziele/{goal.pk}/", {"text": "Leihräder anbinden."}
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.target_date) == ("Leihräder anbinden.", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"text": "Ziel", "target_date": "31.31.2026"}, "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_goal_with_bad_input_is_refused_with_a_german_message(
    login, strategy, coordinator, state_of, data, message
):
    field = _field(strategy, "mobilitaet")
    before = state_of(strategy)

    response = login(coordinator).post(f"{EDITOR}handlungsfelder/{field.pk}/ziele/neu/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state_of(strategy) == before


# Moving and removing, without and with htmx


def test_move_without_javascript_redirects_back_to_the_list(login, strategy, coordinator):
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")

    response = login(coordinator).post(f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "down"})

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}#werte"
    assert _value_names(strategy) == ["Teilhabe", "Gemeinschaft"]


def test_move_with_htmx_answers_with_the_changed_list(login, strategy, coordinator):
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")

    response = login(coordinator).post(
        f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "down"}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="werte-liste"' in content
    assert content.index("Teilhabe") < content.index("Gemeinschaft")
    assert _value_names(strategy) == ["Teilhabe", "Gemeinschaft"]


def test_moving_a_field_with_htmx_answers_with_the_field_list(login, strategy, coordinator):
    field = _field(strategy, "mobilitaet")

    response = login(coordinator).post(
        f"{EDITOR}handlungsfelder/{field.pk}/verschieben/", {"richtung": "up"}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="felder-liste"' in content
    assert content.index("Mobilität") < content.index("Verwaltung")


def test_moving_a_goal_with_htmx_answers_with_the_goal_list(login, strategy, coordinator):
    goal = Goal.objects.get(text="Dienstleistungen digital anbieten.")

    response = login(coordinator).post(
        f"{EDITOR}ziele/{goal.pk}/verschieben/", {"richtung": "up"}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="ziele-liste"' in content
    assert content.index("Dienstleistungen") < content.index("Interne Prozesse")


def test_moving_a_goal_without_javascript_returns_to_the_goals_of_its_field(login, strategy, coordinator):
    goal = Goal.objects.get(text="Dienstleistungen digital anbieten.")
    client = login(coordinator)

    response = client.post(f"{EDITOR}ziele/{goal.pk}/verschieben/", {"richtung": "up"})

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}handlungsfelder/{goal.field_id}/#ziele"
    page = client.get(response["Location"]).content.decode()
    assert page.index("Dienstleistungen") < page.index("Interne Prozesse")


def test_move_in_an_unknown_direction_shows_a_message_and_changes_nothing(
    login, strategy, coordinator, state_of
):
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")
    before = state_of(strategy)
    client = login(coordinator)

    response = client.post(f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "seitwärts"})

    assert response.status_code == 302
    assert "Unbekannte Richtung." in client.get(EDITOR).content.decode()
    assert state_of(strategy) == before


def test_move_by_get_is_not_allowed(login, strategy, coordinator, state_of):
    value = Value.objects.get(strategy=strategy, name="Gemeinschaft")
    before = state_of(strategy)

    response = login(coordinator).get(f"{EDITOR}werte/{value.pk}/verschieben/", {"richtung": "down"})

    assert response.status_code == 405
    assert state_of(strategy) == before


def test_removing_a_field_asks_first_and_names_what_goes_with_it(login, strategy, coordinator, state_of):
    client = login(coordinator)
    field = _field(strategy, "mobilitaet")
    url = f"{EDITOR}handlungsfelder/{field.pk}/entfernen/"
    goals = Goal.objects.filter(field=field).count()
    before = state_of(strategy)

    asked = client.get(url)
    posted_without_confirmation = client.post(url)

    for page in (asked, posted_without_confirmation):
        html = page.content.decode()
        assert page.status_code == 200
        assert "Handlungsfeld „Mobilität“ entfernen?" in html
        assert f"Ebenfalls entfernt werden: {goals} Ziel" in html
        assert 'name="bestaetigt" value="1"' in html
        assert f'href="{EDITOR}#handlungsfelder">Abbrechen</a>' in html
    assert state_of(strategy) == before


def test_coordinator_removes_a_value_and_a_field(login, strategy, coordinator):
    client = login(coordinator)
    value = Value.objects.get(strategy=strategy, name="Teilhabe")

    client.post(f"{EDITOR}werte/{value.pk}/entfernen/", {"bestaetigt": "1"})
    response = client.post(
        f"{EDITOR}handlungsfelder/{_field(strategy, 'mobilitaet').pk}/entfernen/", {"bestaetigt": "1"}
    )

    assert response["Location"] == f"{EDITOR}#handlungsfelder"
    assert _value_names(strategy) == ["Gemeinschaft"]
    assert list(FieldOfAction.objects.filter(strategy=strategy).values_list("slug", flat=True)) == [
        "verwaltung"
    ]
    assert "„Mobilität“ wurde entfernt." in client.get(EDITOR).content.decode()


def test_removing_a_goal_returns_to_the_goals_of_its_field(login, strategy, coordinator):
    goal = Goal.objects.get(text="Mobilstationen smart betreiben.")

    response = login(coordinator).post(f"{EDITOR}ziele/{goal.pk}/entfernen/", {"bestaetigt": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}handlungsfelder/{goal.field_id}/#ziele"
    assert not Goal.objects.filter(pk=goal.pk).exists()


# Fixing a version


def test_coordinator_fixes_a_version_under_a_name(login, strategy, coordinator):
    response = login(coordinator).post(
        f"{BASE}fassungen/8/festschreiben/",
        {"name": "Fassung vom 20.06.2022", "note": "Kreistag", "decided_on": "2022-06-20"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}fassungen/"
    version = StrategyVersion.objects.get(strategy=strategy, number=8)
    assert (version.fixed_name, str(version.fixed_on)) == ("Fassung vom 20.06.2022", "2022-06-20")


def test_fixing_a_version_twice_is_refused_and_changes_nothing(login, strategy, coordinator, state_of):
    client = login(coordinator)
    client.post(f"{BASE}fassungen/8/festschreiben/", {"name": "Fassung vom 20.06.2022"})
    before = state_of(strategy)

    response = client.post(f"{BASE}fassungen/8/festschreiben/", {"name": "Umbenannt", "note": "anders"})

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}fassungen/"
    assert "Diese Fassung ist bereits festgeschrieben und kann nicht mehr geändert werden." in (
        client.get(response["Location"]).content.decode()
    )
    assert state_of(strategy) == before


def test_opening_the_form_of_a_fixed_version_says_it_is_fixed(login, strategy, coordinator):
    client = login(coordinator)
    client.post(f"{BASE}fassungen/8/festschreiben/", {"name": "Fassung vom 20.06.2022"})

    response = client.get(f"{BASE}fassungen/8/festschreiben/", follow=True)

    assert response.redirect_chain == [(f"{BASE}fassungen/", 302)]
    assert "Diese Fassung ist bereits festgeschrieben" in response.content.decode()


def test_fixing_without_a_name_is_refused(login, strategy, coordinator, state_of):
    before = state_of(strategy)

    response = login(coordinator).post(f"{BASE}fassungen/8/festschreiben/", {"name": ""})

    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert state_of(strategy) == before


def test_fixing_a_version_that_does_not_exist_is_404(login, strategy, coordinator):
    assert login(coordinator).post(f"{BASE}fassungen/99/festschreiben/", {"name": "X"}).status_code == 404


# Process phases


def test_coordinator_changes_a_phase(login, strategy, coordinator):
    phase = Phase.objects.filter(strategy=strategy).first()

    response = login(coordinator).post(
        f"{EDITOR}phasen/{phase.pk}/",
        {"name": "Kompetenzaufbau", "status": "done", "start": "2021-06-01", "end": "2021-09-30"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{EDITOR}#prozess"
    phase.refresh_from_db()
    assert (phase.status, str(phase.end)) == ("done", "2021-09-30")


def test_phase_ending_before_it_starts_is_refused_with_a_german_message(
    login, strategy, coordinator, state_of
):
    phase = Phase.objects.filter(strategy=strategy).first()
    before = state_of(strategy)

    response = login(coordinator).post(
        f"{EDITOR}phasen/{phase.pk}/",
        {"name": "Kompetenzaufbau", "status": "done", "start": "2021-09-30", "end": "2021-06-01"},
    )

    assert response.status_code == 400
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert state_of(strategy) == before


# Creating the strategy


def test_coordinator_creates_the_strategy_of_a_region_without_one(login, steinfurt, coordinator):
    client = login(coordinator)

    assert client.get(EDITOR)["Location"] == f"{BASE}neu/"
    response = client.post(f"{BASE}neu/", {"title": "#Zukunft ST", "vision": "Machen wir!"})

    assert response.status_code == 302
    strategy = Strategy.objects.get(region=steinfurt)
    assert (strategy.title, strategy.current_version) == ("#Zukunft ST", 1)


def test_creating_a_second_strategy_leads_to_the_editor_and_changes_nothing(
    login, strategy, coordinator, state_of
):
    before = state_of(strategy)

    response = login(coordinator).post(f"{BASE}neu/", {"title": "Zweite"})

    assert response["Location"] == EDITOR
    assert state_of(strategy) == before
