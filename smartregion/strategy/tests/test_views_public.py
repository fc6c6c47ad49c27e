"""Public strategy pages: the current text, a field, versions, the comparison, harmless Markdown."""

from __future__ import annotations

import datetime

import pytest

from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, StrategyVersion
from smartregion.strategy.tests.factories import FieldFactory

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/strategie/"

HOSTILE_MARKDOWN = (
    "Unser **Leitbild**.\n\n"
    "<script>alert('leitbild')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    '<a href="https://example.org" onclick="alert(2)">Link</a> '
    "[Klick](javascript:alert(3))\n\n"
    '<p onmouseover="alert(4)" style="color:red">Text</p>'
)


def _assert_harmless(content: str) -> None:
    for dangerous in ("<script>alert", "onerror", "onclick", "onmouseover", "javascript:", "<img", "<style"):
        assert dangerous not in content, dangerous


# Overview


def test_overview_shows_title_vision_values_fields_priority_and_phases(client, strategy):
    response = client.get(BASE)

    assert response.status_code == 200
    content = response.content.decode()
    assert "#Zukunft ST" in content
    assert "Wir gestalten die Zukunft." in content
    assert "Gemeinschaft" in content
    assert "Mit allen Menschen im Kreis." in content
    assert f'href="{BASE}handlungsfelder/verwaltung/"' in content
    assert "Mobilität" in content
    assert "Priorität II" in content
    assert "2 Ziele" in content
    assert "Kompetenzaufbau" in content
    assert "Strategie bearbeiten" not in content


def test_overview_links_the_fixed_versions_by_name(client, strategy, coordinator):
    version = StrategyVersion.objects.get(strategy=strategy, number=3)
    services.fix_version(version=version, actor=coordinator, name="Fassung vom 20.06.2022", note="Kreistag")

    content = client.get(BASE).content.decode()

    assert f'href="{BASE}fassungen/3/">Fassung vom 20.06.2022</a> (Kreistag)' in content


def test_overview_offers_the_editor_to_a_coordinator_only(login, strategy, coordinator, reader):
    assert "Strategie bearbeiten" in login(coordinator).get(BASE).content.decode()
    assert "Strategie bearbeiten" not in login(reader).get(BASE).content.decode()


def test_region_without_strategy_says_so_and_offers_creation_to_its_coordinator(client, login, coordinator):
    response = client.get(BASE)

    assert response.status_code == 200
    assert "Im Kreis Steinfurt ist noch keine Strategie veröffentlicht." in response.content.decode()
    assert "strategie/neu/" not in response.content.decode()
    assert "strategie/neu/" in login(coordinator).get(BASE).content.decode()


def test_unknown_region_is_404(client, strategy):
    assert client.get("/r/kreis-unbekannt/strategie/").status_code == 404


def test_overview_shows_an_older_version_by_query_parameter(client, strategy):
    response = client.get(BASE, {"fassung": "1"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Fassung 1 vom" in content
    assert "Zur aktuellen Fassung" in content
    assert "Gemeinschaft" not in content


@pytest.mark.parametrize("requested", ["abc", "-1", "999", "0"])
def test_overview_with_a_version_that_does_not_exist_is_404(client, strategy, requested):
    assert client.get(BASE, {"fassung": requested}).status_code == 404


# A field of action


def test_field_page_shows_description_priority_source_and_goals_with_dates(client, strategy, coordinator):
    field = FieldOfAction.objects.get(strategy=strategy, slug="mobilitaet")
    services.update_field(field=field, actor=coordinator, data={"description": "Mobil *im* Kreis."})
    services.add_goal(
        strategy=strategy,
        field=field,
        actor=coordinator,
        text="Leihräder anbinden.",
        target_date=datetime.date(2026, 12, 31),
    )

    response = client.get(f"{BASE}handlungsfelder/mobilitaet/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Handlungsfeld Mobilität" in content
    assert "Mobil <em>im</em> Kreis." in content
    assert "Quelle: Bürgermeisterkonferenz 2019" in content
    assert "Mobilstationen smart betreiben." in content
    assert "Leihräder anbinden." in content
    assert "bis 31.12.2026" in content


def test_field_without_goals_says_so(client, strategy):
    FieldFactory(strategy=strategy, name="Kultur")

    content = client.get(f"{BASE}handlungsfelder/kultur/").content.decode()

    assert "Für dieses Handlungsfeld sind noch keine Ziele formuliert." in content


def test_field_slug_of_another_region_is_404(client, strategy, coesfeld_strategy):
    FieldFactory(strategy=coesfeld_strategy, name="Bildung")

    assert client.get(f"{BASE}handlungsfelder/bildung/").status_code == 404
    assert client.get("/r/kreis-coesfeld/strategie/handlungsfelder/bildung/").status_code == 200


# Versions


def test_versions_page_lists_every_version_newest_first_with_author(login, strategy, coordinator, reader):
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")

    response = login(reader).get(f"{BASE}fassungen/")

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Wert „Mut“ hinzugefügt") < content.index("Strategie angelegt")
    assert coordinator.name in content
    assert f"{BASE}vergleich/?von=8&amp;bis=9" in content
    assert "festschreiben" not in content


def test_versions_page_offers_fixing_to_the_coordinator(login, strategy, coordinator):
    content = login(coordinator).get(f"{BASE}fassungen/").content.decode()

    assert f"{BASE}fassungen/{strategy.current_version}/festschreiben/" in content


def test_version_page_shows_the_text_of_that_version(client, strategy, coordinator):
    services.update_vision(
        strategy=strategy, actor=coordinator, title="#Zukunft ST", vision="Neues Leitbild."
    )

    old = client.get(f"{BASE}fassungen/{strategy.current_version}/").content.decode()
    new = client.get(f"{BASE}fassungen/{strategy.current_version + 1}/").content.decode()

    assert "Wir gestalten die Zukunft." in old
    assert "Neues Leitbild." not in old
    assert "Neues Leitbild." in new


def test_version_that_does_not_exist_is_404(client, strategy, coesfeld_strategy):
    assert client.get(f"{BASE}fassungen/99/").status_code == 404
    assert client.get("/r/kreis-coesfeld/strategie/fassungen/99/").status_code == 404


# Comparing versions


def test_comparison_marks_a_change_made_in_this_test(client, strategy, coordinator):
    old_number = strategy.current_version
    services.update_vision(
        strategy=strategy,
        actor=coordinator,
        title="#Zukunft ST",
        vision="Wir gestalten die Zukunft gemeinsam.",
    )
    services.add_goal(
        strategy=strategy,
        field=FieldOfAction.objects.get(strategy=strategy, slug="mobilitaet"),
        actor=coordinator,
        text="Leihräder anbinden.",
    )

    response = client.get(f"{BASE}vergleich/", {"von": old_number, "bis": old_number + 2})

    content = response.content.decode()
    assert response.status_code == 200
    summary = f"Zwischen Fassung {old_number} und Fassung {old_number + 2} haben sich 2 Abschnitte geändert."
    assert summary in content
    assert "<del>Zukunft.</del>" in content
    assert "<ins>Zukunft gemeinsam.</ins>" in content
    assert "• Leihräder anbinden.</ins>" in content
    assert "Verwaltung" not in content  # unchanged sections are hidden …
    assert "unveränderte Abschnitte sind ausgeblendet" in content


def test_comparison_shows_unchanged_sections_when_asked(client, strategy, coordinator):
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")

    response = client.get(f"{BASE}vergleich/", {"von": 8, "bis": 9, "alle": "1"})

    content = response.content.decode()
    assert "Verwaltung" in content
    assert "unverändert" in content
    assert "<ins>Mut</ins>" in content


def test_comparison_in_either_order_shows_old_on_the_left(client, strategy):
    content = client.get(f"{BASE}vergleich/", {"von": 8, "bis": 7}).content.decode()

    assert "Zwischen Fassung 7 und Fassung 8" in content


def test_comparison_of_a_version_with_itself_finds_no_difference(client, strategy):
    content = client.get(f"{BASE}vergleich/", {"von": 3, "bis": 3}).content.decode()

    assert "Die beiden Fassungen stimmen überein." in content


@pytest.mark.parametrize(("old", "new"), [(1, 99), (99, 1), (100, 101)])
def test_comparing_a_version_that_does_not_exist_says_which_exist(client, strategy, old, new):
    response = client.get(f"{BASE}vergleich/", {"von": old, "bis": new})

    assert response.status_code == 404
    content = response.content.decode()
    assert "Diese Fassung gibt es nicht. Es gibt die Fassungen 1 bis 8." in content
    assert "<del>" not in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Dieses Feld ist zwingend erforderlich."),
        ({"von": "eins", "bis": "2"}, "Bitte eine ganze Zahl eingeben."),
        ({"von": "0", "bis": "2"}, "größer oder gleich 1"),
    ],
)
def test_comparing_without_valid_numbers_is_a_bad_request_with_a_german_message(
    client, strategy, query, message
):
    response = client.get(f"{BASE}vergleich/", query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_versions_of_another_region_cannot_be_compared_here(client, strategy, coesfeld_strategy, coordinator):
    services.add_value(strategy=coesfeld_strategy, actor=None, name="Nur in Coesfeld")
    coesfeld_latest = coesfeld_strategy.current_version + 1

    response = client.get(f"{BASE}vergleich/", {"von": 1, "bis": max(coesfeld_latest, 9)})

    assert response.status_code == 404
    assert "Nur in Coesfeld" not in response.content.decode()


# Markdown is rendered harmless everywhere


def test_markdown_with_script_and_event_handlers_is_rendered_harmless(client, strategy, coordinator):
    services.update_vision(strategy=strategy, actor=coordinator, title="#Zukunft ST", vision=HOSTILE_MARKDOWN)
    services.update_field(
        field=FieldOfAction.objects.get(strategy=strategy, slug="verwaltung"),
        actor=coordinator,
        data={"description": HOSTILE_MARKDOWN},
    )

    pages = [BASE, f"{BASE}handlungsfelder/verwaltung/", f"{BASE}fassungen/{strategy.current_version + 2}/"]
    for page in pages:
        response = client.get(page)
        content = response.content.decode()
        assert response.status_code == 200, page
        _assert_harmless(content)
        assert "<strong>Leitbild</strong>" in content, page
        assert '<a href="https://example.org" rel="noopener noreferrer">Link</a>' in content, page


def test_comparison_shows_markup_in_the_text_as_text(client, strategy, coordinator):
    services.update_vision(strategy=strategy, actor=coordinator, title="#Zukunft ST", vision=HOSTILE_MARKDOWN)

    response = client.get(f"{BASE}vergleich/", {"von": 8, "bis": 9})

    content = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;leitbild&#x27;)&lt;/script&gt;" in content
    assert "<script>alert" not in content
    assert "<img" not in content


# The demo data


def test_demo_strategy_of_steinfurt_shows_its_adopted_version(client, demo):
    response = client.get(BASE)

    content = response.content.decode()
    assert "#Zukunft ST – Interkommunale Digitalisierungsstrategie Kreis Steinfurt" in content
    assert "Fassung vom 20.06.2022" in content
    assert content.count('class="kern-card kern-card--small field-card"') == 6
    assert content.count("<li><strong>") == 7


def test_timeline_shows_the_links_of_registered_providers_for_the_viewer(client, strategy, monkeypatch):
    from smartregion.core import modules, phase_links

    phase = strategy.phases.first()
    seen_users = []

    def provider(phase_ids, user):
        seen_users.append(user)
        yield phase_links.PhaseLink(
            phase.pk, "Workshop Mobilität", "/r/kreis-steinfurt/termine/1/", "30 Teilnehmende"
        )
        yield phase_links.PhaseLink(-1, "Fremde Phase", "/anderswo/")

    module = modules.Module(key="workshops", label="Workshops", can_switch_off=False)
    monkeypatch.setattr(modules, "phase_link_providers", lambda: [(module, provider)])
    monkeypatch.setattr(modules, "get", lambda key: module)

    content = client.get(BASE).content.decode()

    assert (
        '<a class="kern-link" href="/r/kreis-steinfurt/termine/1/">Workshop Mobilität</a>: 30 Teilnehmende'
        in content
    )
    assert "Fremde Phase" not in content
    assert len(seen_users) == 1
    assert not seen_users[0].is_authenticated
