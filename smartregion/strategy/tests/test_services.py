"""Services of the strategy: every change is a numbered version; bad input changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from smartregion.core.models import AuditEvent
from smartregion.strategy import services
from smartregion.strategy.models import (
    DEFAULT_PHASES,
    FieldOfAction,
    Goal,
    Phase,
    PhaseStatus,
    Strategy,
    StrategyVersion,
    Value,
)
from smartregion.strategy.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def _field(strategy: Strategy, slug: str) -> FieldOfAction:
    return FieldOfAction.objects.get(strategy=strategy, slug=slug)


# Creating a strategy


def test_create_strategy_records_version_one_with_the_default_phases(steinfurt, coordinator):
    strategy = services.create_strategy(region=steinfurt, title="  #Zukunft ST ", actor=coordinator)

    assert strategy.title == "#Zukunft ST"
    assert strategy.current_version == 1
    version = StrategyVersion.objects.get(strategy=strategy)
    assert (version.number, version.author, version.summary) == (1, coordinator, "Strategie angelegt")
    assert version.snapshot == {"title": "#Zukunft ST", "vision": "", "values": [], "fields": []}
    assert list(Phase.objects.filter(strategy=strategy).values_list("name", flat=True)) == list(
        DEFAULT_PHASES
    )
    event = AuditEvent.objects.get(action="strategy.changed")
    assert (event.actor, event.region, event.details["version"]) == (coordinator, steinfurt, 1)


def test_create_strategy_with_blank_title_is_refused(steinfurt):
    with pytest.raises(ValidationError) as excinfo:
        services.create_strategy(region=steinfurt, title="   ")

    assert excinfo.value.message_dict["title"] == ["Bitte geben Sie einen Titel an."]
    assert not Strategy.objects.exists()


def test_second_strategy_for_a_region_is_refused(strategy, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError, match="bereits eine Strategie"):
        services.create_strategy(region=strategy.region, title="Noch eine")

    assert Strategy.objects.count() == 1
    assert state_of(strategy) == before


# Versions


def test_every_change_is_a_numbered_version_with_author_and_summary(steinfurt, coordinator):
    strategy = StrategyFactory(region=steinfurt)

    services.update_vision(strategy=strategy, actor=coordinator, title="Neu", vision="Unser Leitbild.")
    value = services.add_value(strategy=strategy, actor=coordinator, name="Mut")
    field = services.add_field(strategy=strategy, actor=coordinator, name="Bildung")
    services.add_goal(strategy=strategy, field=field, actor=coordinator, text="Schulen vernetzen.")
    services.delete_value(value=value, actor=coordinator)

    versions = StrategyVersion.objects.filter(strategy=strategy).order_by("number")
    assert [(v.number, v.summary) for v in versions] == [
        (1, "Strategie angelegt"),
        (2, "Leitbild geändert"),
        (3, "Wert „Mut“ hinzugefügt"),
        (4, "Handlungsfeld „Bildung“ hinzugefügt"),
        (5, "Ziel im Handlungsfeld „Bildung“ hinzugefügt"),
        (6, "Wert „Mut“ entfernt"),
    ]
    assert {v.author for v in versions[1:]} == {coordinator}
    assert Strategy.objects.get(pk=strategy.pk).current_version == 6
    assert versions[3].snapshot["fields"] == [
        {
            "name": "Bildung",
            "slug": "bildung",
            "description": "",
            "colour": "#1d4f91",
            "priority": None,
            "priority_source": "",
            "goals": [],
        }
    ]
    assert versions[4].snapshot["fields"][0]["goals"] == [{"text": "Schulen vernetzen.", "target_date": None}]
    assert versions[2].snapshot["values"] == [{"name": "Mut", "description": ""}]
    assert versions[5].snapshot["values"] == []


def test_fix_version_names_it_and_records_the_decision(strategy, coordinator):
    version = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version)

    services.fix_version(
        version=version,
        actor=coordinator,
        name="Fassung vom 20.06.2022",
        note="beschlossen vom Kreistag, Vorlage B 110/2022",
        decided_on=datetime.date(2022, 6, 20),
    )

    version.refresh_from_db()
    assert version.is_fixed
    assert (version.fixed_name, version.fixed_on) == ("Fassung vom 20.06.2022", datetime.date(2022, 6, 20))
    assert str(version) == "Fassung vom 20.06.2022"
    event = AuditEvent.objects.get(action="strategy.version_fixed")
    assert event.details == {"version": version.number, "name": "Fassung vom 20.06.2022"}
    assert Strategy.objects.get(pk=strategy.pk).current_version == version.number  # no new version


def test_fixing_a_fixed_version_again_is_refused_and_keeps_the_first_name(strategy, coordinator, state_of):
    version = StrategyVersion.objects.get(strategy=strategy, number=2)
    services.fix_version(version=version, actor=coordinator, name="Fassung vom 20.06.2022")
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.fix_version(version=version, actor=coordinator, name="Umbenannt", note="anders")

    assert excinfo.value.messages == [
        "Diese Fassung ist bereits festgeschrieben und kann nicht mehr geändert werden."
    ]
    assert state_of(strategy) == before
    assert StrategyVersion.objects.get(pk=version.pk).fixed_name == "Fassung vom 20.06.2022"


def test_fix_version_without_a_name_is_refused(strategy, coordinator, state_of):
    before = state_of(strategy)
    version = StrategyVersion.objects.get(strategy=strategy, number=1)

    with pytest.raises(ValidationError) as excinfo:
        services.fix_version(version=version, actor=coordinator, name=" ", note="beschlossen")

    assert excinfo.value.message_dict["name"] == ["Bitte geben Sie der Fassung einen Namen."]
    assert state_of(strategy) == before


def test_a_fixed_version_keeps_its_text_when_the_strategy_changes_later(strategy, coordinator):
    version = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version)
    services.fix_version(version=version, actor=coordinator, name="Beschluss")
    text_at_adoption = version.snapshot

    services.update_vision(strategy=strategy, actor=coordinator, title="Anders", vision="Ganz anders.")
    services.delete_field(field=_field(strategy, "verwaltung"), actor=coordinator)

    fixed = StrategyVersion.objects.get(pk=version.pk)
    assert fixed.snapshot == text_at_adoption
    assert fixed.snapshot["vision"] == "Wir gestalten die Zukunft."
    assert [f["slug"] for f in fixed.snapshot["fields"]] == ["verwaltung", "mobilitaet"]
    assert fixed.fixed_name == "Beschluss"


# Values


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_value_with_empty_name_is_refused_and_nothing_changes(strategy, coordinator, state_of, name):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_value(strategy=strategy, actor=coordinator, name=name)

    assert excinfo.value.message_dict["name"] == ["Bitte geben Sie einen Namen an."]
    assert state_of(strategy) == before


def test_renaming_a_value_to_empty_is_refused_and_nothing_changes(strategy, coordinator, state_of):
    value = Value.objects.get(strategy=strategy, name="Teilhabe")
    before = state_of(strategy)

    with pytest.raises(ValidationError):
        services.update_value(value=value, actor=coordinator, name="", description="x")

    assert state_of(strategy) == before


def test_update_value_changes_name_and_description(strategy, coordinator):
    value = Value.objects.get(strategy=strategy, name="Teilhabe")

    services.update_value(value=value, actor=coordinator, name="Teilhabe für alle", description="Neu.")

    assert Value.objects.get(pk=value.pk).name == "Teilhabe für alle"
    assert StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1).summary == (
        "Wert „Teilhabe für alle“ geändert"
    )


# Fields of action


def test_add_field_derives_the_slug_with_german_umlauts(strategy, coordinator):
    field = services.add_field(strategy=strategy, actor=coordinator, name="Bevölkerungsschutz und Größe")

    assert field.slug == "bevoelkerungsschutz-und-groesse"
    assert field.order == 2


@pytest.mark.parametrize("name", ["", "  "])
def test_field_with_empty_name_is_refused_and_nothing_changes(strategy, coordinator, state_of, name):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_field(strategy=strategy, actor=coordinator, name=name, slug="leer")

    assert excinfo.value.message_dict["name"] == ["Bitte geben Sie einen Namen an."]
    assert state_of(strategy) == before


def test_field_whose_name_gives_no_slug_is_refused(strategy, coordinator, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_field(strategy=strategy, actor=coordinator, name="!!!")

    assert "Kurznamen" in excinfo.value.message_dict["slug"][0]
    assert state_of(strategy) == before


@pytest.mark.parametrize(
    ("name", "slug"), [("Verwaltung", None), ("Verwaltung 2.0", "verwaltung"), ("Andere", "Verwaltung")]
)
def test_duplicate_slug_in_a_region_is_refused_and_nothing_changes(
    strategy, coordinator, state_of, name, slug
):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_field(strategy=strategy, actor=coordinator, name=name, slug=slug)

    assert excinfo.value.message_dict["slug"] == [
        "Der Kurzname „verwaltung“ ist in dieser Strategie bereits vergeben."
    ]
    assert state_of(strategy) == before


def test_renaming_a_field_onto_another_fields_slug_is_refused(strategy, coordinator, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.update_field(
            field=_field(strategy, "mobilitaet"), actor=coordinator, data={"slug": "verwaltung"}
        )

    assert "bereits vergeben" in excinfo.value.message_dict["slug"][0]
    assert state_of(strategy) == before


def test_the_same_slug_is_allowed_in_another_region(strategy, coesfeld_strategy):
    assert _field(coesfeld_strategy, "verwaltung").strategy_id != _field(strategy, "verwaltung").strategy_id


def test_update_field_keeps_its_slug_when_only_the_name_changes(strategy, coordinator):
    field = services.update_field(
        field=_field(strategy, "mobilitaet"), actor=coordinator, data={"name": "Mobilität im Kreis"}
    )

    assert (field.name, field.slug) == ("Mobilität im Kreis", "mobilitaet")


@pytest.mark.parametrize(
    ("data", "error_field"),
    [
        ({"name": ""}, "name"),
        ({"colour": "red"}, "colour"),
        ({"colour": "#12345"}, "colour"),
        ({"priority": "IV"}, "priority"),
    ],
)
def test_update_field_with_bad_input_is_refused_and_nothing_changes(
    strategy, coordinator, state_of, data, error_field
):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.update_field(field=_field(strategy, "verwaltung"), actor=coordinator, data=data)

    assert error_field in excinfo.value.message_dict
    assert state_of(strategy) == before


def test_field_colour_must_be_hex_with_a_german_message(strategy, coordinator, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_field(strategy=strategy, actor=coordinator, name="Kultur", colour="blau")

    assert excinfo.value.message_dict["colour"] == ["Bitte eine Farbe als #RRGGBB angeben, z. B. #1d4f91."]
    assert state_of(strategy) == before


def test_set_field_priority_stores_tier_and_source_in_a_new_version(strategy, coordinator):
    field = services.set_field_priority(
        field=_field(strategy, "verwaltung"), actor=coordinator, priority="I", source="Bedarfsanalyse 2024"
    )

    assert (field.priority, field.priority_source) == ("I", "Bedarfsanalyse 2024")
    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1)
    assert latest.snapshot["fields"][0]["priority"] == "I"


def test_removing_a_priority_stores_none_in_the_snapshot(strategy, coordinator):
    services.update_field(field=_field(strategy, "mobilitaet"), actor=coordinator, data={"priority": ""})

    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1)
    assert latest.snapshot["fields"][1]["priority"] is None


def test_delete_field_removes_its_goals_and_records_a_version(strategy, coordinator):
    services.delete_field(field=_field(strategy, "verwaltung"), actor=coordinator)

    assert not Goal.objects.filter(field__strategy=strategy, text__startswith="Interne").exists()
    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1)
    assert latest.summary == "Handlungsfeld „Verwaltung“ entfernt"
    assert [f["slug"] for f in latest.snapshot["fields"]] == ["mobilitaet"]


# Goals


def test_add_goal_with_target_date_appends_it_to_the_field(strategy, coordinator):
    field = _field(strategy, "verwaltung")

    goal = services.add_goal(
        strategy=strategy,
        field=field,
        actor=coordinator,
        text="  E-Akte einführen. ",
        target_date=datetime.date(2026, 12, 31),
    )

    assert (goal.text, goal.order) == ("E-Akte einführen.", 2)
    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1)
    assert latest.snapshot["fields"][0]["goals"][-1] == {
        "text": "E-Akte einführen.",
        "target_date": "2026-12-31",
    }


def test_goal_for_a_field_of_another_region_is_refused_and_nothing_changes(
    strategy, coesfeld_strategy, coordinator, state_of
):
    before, before_coesfeld = state_of(strategy), state_of(coesfeld_strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_goal(
            strategy=strategy,
            field=_field(coesfeld_strategy, "verwaltung"),
            actor=coordinator,
            text="Ein Ziel für Coesfeld.",
        )

    assert excinfo.value.message_dict["field"] == ["Dieses Handlungsfeld gehört nicht zu dieser Strategie."]
    assert state_of(strategy) == before
    assert state_of(coesfeld_strategy) == before_coesfeld


def test_goal_with_empty_text_is_refused_and_nothing_changes(strategy, coordinator, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.add_goal(
            strategy=strategy, field=_field(strategy, "verwaltung"), actor=coordinator, text=" "
        )

    assert excinfo.value.message_dict["text"] == ["Bitte beschreiben Sie das Ziel."]
    assert state_of(strategy) == before


def test_update_and_delete_goal_record_versions(strategy, coordinator):
    goal = Goal.objects.get(field__strategy=strategy, text="Mobilstationen smart betreiben.")

    services.update_goal(goal=goal, actor=coordinator, text="Mobilstationen ausbauen.")
    services.delete_goal(goal=Goal.objects.get(pk=goal.pk), actor=coordinator)

    summaries = StrategyVersion.objects.filter(strategy=strategy, number__gt=strategy.current_version)
    assert sorted(summaries.values_list("summary", flat=True)) == [
        "Ziel im Handlungsfeld „Mobilität“ entfernt",
        "Ziel im Handlungsfeld „Mobilität“ geändert",
    ]
    assert not Goal.objects.filter(pk=goal.pk).exists()


# Ordering


def test_move_down_swaps_a_value_with_its_neighbour_in_a_new_version(strategy, coordinator):
    first = Value.objects.get(strategy=strategy, name="Gemeinschaft")

    services.move(item=first, actor=coordinator, direction="down")

    assert list(Value.objects.filter(strategy=strategy).values_list("name", flat=True)) == [
        "Teilhabe",
        "Gemeinschaft",
    ]
    latest = StrategyVersion.objects.get(strategy=strategy, number=strategy.current_version + 1)
    assert latest.summary == "Reihenfolge geändert"
    assert [v["name"] for v in latest.snapshot["values"]] == ["Teilhabe", "Gemeinschaft"]


def test_move_up_reorders_fields_and_goals(strategy, coordinator):
    services.move(item=_field(strategy, "mobilitaet"), actor=coordinator, direction="up")
    services.move(
        item=Goal.objects.get(text="Dienstleistungen digital anbieten."), actor=coordinator, direction="up"
    )

    assert list(FieldOfAction.objects.filter(strategy=strategy).values_list("slug", flat=True)) == [
        "mobilitaet",
        "verwaltung",
    ]
    assert list(_field(strategy, "verwaltung").goals.values_list("text", flat=True)) == [
        "Dienstleistungen digital anbieten.",
        "Interne Prozesse digitalisieren.",
    ]


@pytest.mark.parametrize(("name", "direction"), [("Gemeinschaft", "up"), ("Teilhabe", "down")])
def test_moving_past_the_end_of_the_list_changes_nothing(strategy, coordinator, state_of, name, direction):
    before = state_of(strategy)

    services.move(
        item=Value.objects.get(strategy=strategy, name=name), actor=coordinator, direction=direction
    )

    assert state_of(strategy) == before


def test_move_in_an_unknown_direction_is_refused(strategy, coordinator, state_of):
    before = state_of(strategy)

    with pytest.raises(ValidationError, match="Unbekannte Richtung"):
        services.move(item=Value.objects.get(name="Teilhabe"), actor=coordinator, direction="sideways")

    assert state_of(strategy) == before


# Process phases


def test_update_phase_sets_status_and_dates_without_a_new_version(strategy, coordinator):
    phase = Phase.objects.filter(strategy=strategy).first()

    services.update_phase(
        phase=phase,
        actor=coordinator,
        name="Kompetenzaufbau",
        status=PhaseStatus.DONE,
        start=datetime.date(2021, 6, 1),
        end=datetime.date(2021, 9, 30),
        description="Wissenschaftliche Begleitung.",
    )

    phase.refresh_from_db()
    assert (phase.status, phase.end) == (PhaseStatus.DONE, datetime.date(2021, 9, 30))
    assert Strategy.objects.get(pk=strategy.pk).current_version == strategy.current_version
    assert AuditEvent.objects.filter(action="strategy.phase_changed", object_id=str(phase.pk)).exists()


@pytest.mark.parametrize(
    ("name", "status", "start", "end", "error_field", "message"),
    [
        (
            "Umsetzung",
            PhaseStatus.ACTIVE,
            datetime.date(2022, 6, 20),
            datetime.date(2022, 6, 19),
            "end",
            "Das Ende darf nicht vor dem Beginn liegen.",
        ),
        ("Umsetzung", "paused", None, None, "status", "Bitte wählen Sie einen gültigen Stand."),
        ("", PhaseStatus.ACTIVE, None, None, "name", "Bitte geben Sie einen Namen an."),
    ],
)
def test_phase_with_bad_input_is_refused_and_nothing_changes(
    strategy, coordinator, state_of, name, status, start, end, error_field, message
):
    phase = Phase.objects.filter(strategy=strategy).last()
    before = state_of(strategy)

    with pytest.raises(ValidationError) as excinfo:
        services.update_phase(phase=phase, actor=coordinator, name=name, status=status, start=start, end=end)

    assert excinfo.value.message_dict[error_field] == [message]
    assert state_of(strategy) == before
