"""The result charts: each label on its own line above its bar, text readable on a phone."""

from __future__ import annotations

from xml.etree import ElementTree

from smartregion.surveys.charts import bar_chart
from smartregion.surveys.selectors import Bar

SVG = "{http://www.w3.org/2000/svg}"
PHONE_CONTENT_WIDTH = 358  # a 390 px phone less the page's margins
DESKTOP_CHART_WIDTH = 408  # .survey-chart__svg { max-width: 25.5rem }


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def test_labels_stand_above_their_bars():
    bars = [Bar("Amt Burg-Sankt Michaelisdonn", 240, 14.1), Bar("Heide", 91, 5.3)]

    root = _parse(bar_chart(bars, "Wohnort"))

    texts = root.findall(f"{SVG}text")
    rects = root.findall(f"{SVG}rect")
    assert [text.text for text in texts] == ["Amt Burg-Sankt Michaelisdonn", "14,1%", "Heide", "5,3%"]
    for label, rect in zip(texts[::2], rects, strict=True):
        assert label.get("x") == rect.get("x") == "0", "label and bar start at the left edge"
        assert float(label.get("y", 0)) < float(rect.get("y", 0)), "the label stands above its bar"
    assert float(rects[0].get("width", 0)) > float(rects[1].get("width", 0))


def test_text_is_at_least_12_px_on_a_phone_and_not_oversized_on_a_desktop():
    root = _parse(bar_chart([Bar("Ja", 3, 60.0), Bar("Nein", 2, 40.0)], "Antworten"))

    width = float(root.get("viewBox", "").split()[2])
    font_size = float(root.get("font-size", 0))
    assert font_size * PHONE_CONTENT_WIDTH / width >= 12
    assert font_size * DESKTOP_CHART_WIDTH / width <= 18.5


def test_long_labels_are_shortened_and_every_text_is_escaped():
    label = "<b>Sehr</b> lange Antwort, die nicht in eine Zeile des Diagramms passt"

    svg = bar_chart([Bar(label, 1, 100.0)], 'Titel "mit" <Zeichen>')

    assert "<b>" not in svg
    assert 'aria-label="Titel &quot;mit&quot; &lt;Zeichen&gt;"' in svg
    shown = _parse(svg).findall(f"{SVG}text")[0].text or ""
    assert shown.endswith("…")
    assert len(shown) <= 42
    assert "&lt;b&gt;Sehr&lt;/b&gt; lange" in svg


def test_counts_instead_of_percent_and_an_empty_chart():
    root = _parse(bar_chart([Bar("Mo", 7, 70.0), Bar("Di", 3, 30.0)], "Antworten je Tag", unit=""))
    assert [text.text for text in root.findall(f"{SVG}text")][1::2] == ["7", "3"]

    empty = _parse(bar_chart([], "Keine Antworten"))
    assert empty.findall(f"{SVG}rect") == []
    assert float(empty.get("viewBox", "").split()[3]) > 0
