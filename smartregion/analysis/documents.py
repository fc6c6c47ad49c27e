"""Exports of a round: all answers as XLSX, the consolidated result (with heatmap) as PDF."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smartregion.analysis.consolidation import Consolidation, consolidate
from smartregion.analysis.heatmap import build_heatmap, svg_markup
from smartregion.analysis.models import AnalysisRound, Answer, TierMethod
from smartregion.core.documents import render_pdf
from smartregion.core.spreadsheets import XlsxWriter


def rule_explanation(analysis_round: AnalysisRound) -> dict[str, Any]:
    """The round's rule in words, for page and PDF."""
    rule = analysis_round.rule
    weights = [
        (analysis_round.dimension_label(key), weight)
        for key, weight in rule.get("weights", {}).items()
        if weight
    ]
    first, second = rule.get("thresholds", [4.0, 3.0])
    return {
        "method": rule.get("method"),
        "thirds": rule.get("method") == TierMethod.THIRDS,
        "weights": weights,
        "threshold_i": first,
        "threshold_ii": second,
    }


def result_context(analysis_round: AnalysisRound, result: Consolidation | None = None) -> dict[str, Any]:
    result = result or consolidate(analysis_round)
    low, high = analysis_round.scale["min"], analysis_round.scale["max"]
    heatmap = build_heatmap(result, low=low, high=high)
    return {
        "round": analysis_round,
        "result": result,
        "heatmap": heatmap,
        "heatmap_svg": svg_markup(heatmap),
        "rule": rule_explanation(analysis_round),
        "tiers_suggested": result.by_tier("suggested"),
        "tiers_confirmed": result.by_tier("tier"),
    }


def result_pdf(analysis_round: AnalysisRound) -> bytes:
    context = result_context(analysis_round)
    context["created_on"] = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    return render_pdf("analysis/result_pdf.html", context)


def answers_xlsx(analysis_round: AnalysisRound) -> bytes:
    """One row per municipality, field and dimension; free-text answers and the result on own sheets."""
    workbook = XlsxWriter()
    sheet = workbook.sheet(
        _("Antworten"),
        header=[
            _("Kommune"),
            _("Stand"),
            _("Handlungsfeld"),
            _("Dimension"),
            _("Wert"),
            _("Kommentar zum Feld"),
        ],
    )
    questionnaires = list(
        analysis_round.questionnaires.select_related("municipality").order_by("municipality__name")
    )
    fields = list(analysis_round.fields.order_by("order", "pk"))
    answers = {
        (a.questionnaire_id, a.field_id, a.dimension): a.value
        for a in Answer.objects.filter(questionnaire__round=analysis_round)
    }
    unknown = analysis_round.scale.get("unknown") or ""
    for questionnaire in questionnaires:
        status = str(questionnaire.get_status_display())
        for field in fields:
            comment = questionnaire.comments.get(str(field.pk), "")
            for dimension in analysis_round.dimensions:
                key = (questionnaire.pk, field.pk, dimension["key"])
                value: Any = answers.get(key, "") if key in answers else ""
                if key in answers and answers[key] is None:
                    value = unknown
                sheet.append(
                    [questionnaire.municipality.name, status, field.name, dimension["label"], value, comment]
                )
    texts = workbook.sheet(_("Freitext"), header=[_("Kommune"), _("Frage"), _("Antwort")])
    for questionnaire in questionnaires:
        for question, text in zip(analysis_round.questions, questionnaire.text_answers, strict=False):
            if text:
                texts.append([questionnaire.municipality.name, question, text])
    _result_sheet(workbook, analysis_round)
    return workbook.to_bytes()


def _result_sheet(workbook: XlsxWriter, analysis_round: AnalysisRound) -> None:
    result = consolidate(analysis_round)
    header = [_("Handlungsfeld")]
    for dimension in analysis_round.dimensions:
        label = dimension["label"]
        header += [
            f"{label}: {_('Mittelwert')}",
            f"{label}: {_('Median')}",
            f"{label}: {_('Streuung')}",
            f"{label}: {_('Anzahl')}",
        ]
    header += [_("Punktwert"), _("Vorschlag"), _("Bestätigt"), _("Begründung")]
    sheet = workbook.sheet(_("Ergebnis"), header=header)
    for item in result.fields:
        row: list[Any] = [item.name]
        for aggregate in item.aggregates:
            row += [aggregate.mean, aggregate.median, aggregate.spread, aggregate.count]
        row += [item.score, item.suggested, item.tier, item.reason]
        sheet.append(row)
