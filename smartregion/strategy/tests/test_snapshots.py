"""Snapshots of the whole text and the comparison of two of them."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartregion.core.textdiff import diff_text
from smartregion.strategy.snapshots import compare, snapshot_of


def _snapshot(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "#Zukunft ST",
        "vision": "Wir gestalten die Zukunft mit allen Menschen.",
        "values": [
            {"name": "Gemeinschaft", "description": "Alle im Kreis."},
            {"name": "Mut", "description": ""},
        ],
        "fields": [
            {
                "name": "Verwaltung",
                "slug": "verwaltung",
                "description": "",
                "colour": "#1d4f91",
                "priority": None,
                "priority_source": "",
                "goals": [{"text": "Prozesse digitalisieren.", "target_date": None}],
            },
            {
                "name": "Mobilität",
                "slug": "mobilitaet",
                "description": "",
                "colour": "#6b2c91",
                "priority": "II",
                "priority_source": "",
                "goals": [],
            },
        ],
    }
    base.update(changes)
    return base


def _tags_removed(marked: str) -> str:
    return html.unescape(re.sub(r"</?(?:del|ins)>", "", marked))


@pytest.mark.django_db
def test_snapshot_holds_the_text_in_its_order(strategy):
    snapshot = snapshot_of(strategy)

    assert snapshot["title"] == "#Zukunft ST"
    assert [v["name"] for v in snapshot["values"]] == ["Gemeinschaft", "Teilhabe"]
    assert [(f["slug"], f["priority"]) for f in snapshot["fields"]] == [
        ("verwaltung", None),
        ("mobilitaet", "II"),
    ]
    assert [g["text"] for g in snapshot["fields"][0]["goals"]] == [
        "Interne Prozesse digitalisieren.",
        "Dienstleistungen digital anbieten.",
    ]


@pytest.mark.django_db
def test_snapshot_takes_three_queries_however_many_fields(strategy, django_assert_num_queries):
    with django_assert_num_queries(3):
        snapshot_of(strategy)


def test_diff_text_marks_the_deleted_and_the_inserted_word():
    old, new = diff_text("Wir gestalten die Zukunft.", "Wir gestalten gemeinsam die Zukunft.")

    assert old == "Wir gestalten die Zukunft."
    assert new == "Wir gestalten <ins>gemeinsam </ins>die Zukunft."


def test_diff_text_marks_a_replaced_word_on_both_sides():
    old, new = diff_text("Kurze Wege schaffen.", "Lange Wege schaffen.")

    assert old == "<del>Kurze</del> Wege schaffen."
    assert new == "<ins>Lange</ins> Wege schaffen."


def test_diff_text_escapes_html_in_the_compared_texts():
    old, new = diff_text("<b>fett</b>", '<script>alert("x")</script> <img src=x onerror=alert(1)>')

    assert "<b>" not in old
    assert "&lt;b&gt;" in old
    assert "<script>" not in new
    assert "<img" not in new
    assert "&lt;script&gt;" in new
    assert "&lt;img src=x onerror=alert(1)&gt;" in new


@given(old=st.text(), new=st.text())
def test_diff_text_shows_each_text_exactly_with_only_del_and_ins_markup(old, new):
    left, right = diff_text(old, new)

    assert _tags_removed(left) == old
    assert _tags_removed(right) == new
    assert "<ins>" not in left
    assert "<del>" not in right
    assert not re.search(r"<(?!/?(?:del|ins)>)", left + right)


def test_compare_marks_a_changed_vision_and_counts_the_change():
    comparison = compare(_snapshot(), _snapshot(vision="Wir gestalten die Zukunft mit Mut."))

    assert comparison.vision.change == "changed"
    assert "<del>allen Menschen.</del>" in comparison.vision.old
    assert "<ins>Mut.</ins>" in comparison.vision.new
    assert comparison.title.change == "same"
    assert comparison.change_count == 1


def test_compare_marks_added_and_removed_values_and_fields():
    new_fields = [
        _snapshot()["fields"][0],  # type: ignore[index]
        {"name": "Bildung", "slug": "bildung", "priority": "I", "goals": [{"text": "Schulen <vernetzen>"}]},
    ]
    comparison = compare(
        _snapshot(),
        _snapshot(values=[{"name": "Gemeinschaft", "description": "Alle im Kreis."}], fields=new_fields),
    )

    assert [(r.label, r.change) for r in comparison.values] == [("Gemeinschaft", "same"), ("Mut", "removed")]
    assert comparison.values[1].old == "<del>Mut</del>"
    assert [(r.label, r.change) for r in comparison.fields] == [
        ("Verwaltung", "same"),
        ("Bildung", "added"),
        ("Mobilität", "removed"),
    ]
    added = comparison.fields[1]
    assert added.old == ""
    assert added.new == "<ins>Bildung\nPriorität I\n• Schulen &lt;vernetzen&gt;</ins>"
    assert comparison.change_count == 3
    assert comparison.unchanged_count == 4


def test_compare_shows_a_new_goal_inside_its_field():
    fields = _snapshot()["fields"]
    changed = [{**fields[0], "goals": [*fields[0]["goals"], {"text": "E-Akte einführen."}]}, fields[1]]  # type: ignore[index]

    comparison = compare(_snapshot(), _snapshot(fields=changed))

    row = comparison.fields[0]
    assert row.change == "changed"
    assert "<ins>" in row.new
    assert "E-Akte" in row.new


def test_sections_hide_unchanged_rows_unless_asked():
    comparison = compare(_snapshot(), _snapshot(title="#Zukunft ST 2.0"))

    assert [
        (caption, [r.label for r in rows]) for caption, rows in comparison.sections(show_unchanged=False)
    ] == [("Titel und Leitbild", ["Titel"])]
    all_sections = comparison.sections(show_unchanged=True)
    assert [caption for caption, _rows in all_sections] == [
        "Titel und Leitbild",
        "Werte",
        "Handlungsfelder und Ziele",
    ]


def test_reordering_alone_is_no_change_of_content():
    before = _snapshot()
    after = _snapshot(
        values=list(reversed(before["values"])),  # type: ignore[call-overload]
        fields=list(reversed(before["fields"])),  # type: ignore[call-overload]
    )

    comparison = compare(before, after)

    assert comparison.change_count == 0
    assert comparison.sections(show_unchanged=False) == []


def test_compare_marks_a_changed_target_date_and_priority_source():
    fields = _snapshot()["fields"]
    dated = [
        {**fields[0], "goals": [{"text": "Prozesse digitalisieren.", "target_date": "2026-12-31"}]},  # type: ignore[index]
        {**fields[1], "priority_source": "Bedarfsanalyse 2024"},  # type: ignore[index]
    ]

    comparison = compare(_snapshot(), _snapshot(fields=dated))

    administration, mobility = comparison.fields
    assert administration.change == "changed"
    assert administration.new.endswith("digitalisieren.<ins> (bis 31.12.2026)</ins>")
    assert mobility.change == "changed"
    assert "Priorität II<ins> (Bedarfsanalyse 2024)</ins>" in mobility.new
    assert comparison.change_count == 2


def test_compare_shows_a_second_value_of_the_same_name_as_added():
    values = [{"name": "Mut", "description": ""}]

    comparison = compare(
        _snapshot(values=values), _snapshot(values=[*values, {"name": "Mut", "description": "!"}])
    )

    assert [(r.label, r.change) for r in comparison.values] == [("Mut", "same"), ("Mut (2)", "added")]
    assert comparison.change_count == 1
