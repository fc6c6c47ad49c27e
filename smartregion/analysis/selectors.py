"""Reads of the needs analysis that combine several models or depend on who is asking."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregion.accounts.roles import membership_in
from smartregion.analysis.models import AnalysisRound, Questionnaire, QuestionnaireStatus, RoundStatus
from smartregion.core.modules import DashboardItem
from smartregion.regions.models import Region


def rounds_for_region(*, region: Region, viewer: Any) -> QuerySet[AnalysisRound]:
    """The rounds the viewer may see: all for members, published ones for everyone else.

    Each round carries ``invited_count`` and ``submitted_count``.
    """
    rounds = AnalysisRound.objects.in_region(region)
    if not (getattr(viewer, "is_superuser", False) or membership_in(viewer, region.pk)):
        rounds = rounds.published()
    return rounds.select_related("region", "phase").annotate(
        invited_count=Count("questionnaires", distinct=True),
        submitted_count=Count(
            "questionnaires", filter=Q(questionnaires__status=QuestionnaireStatus.SUBMITTED), distinct=True
        ),
    )


def own_municipality_id(viewer: Any, region: Region) -> int | None:
    """The municipality an officer acts for in this region (the first, for one who acts for several),
    else None."""
    roles = membership_in(viewer, region.pk)
    if roles is None or not roles.officer_municipality_ids:
        return None
    return min(roles.officer_municipality_ids)


def progress_of(analysis_round: AnalysisRound) -> list[Questionnaire]:
    """Every questionnaire of the round with its municipality, by municipality name."""
    return list(
        analysis_round.questionnaires.select_related("municipality", "updated_by").order_by(
            "municipality__name"
        )
    )


def answers_of(questionnaire: Questionnaire) -> dict[tuple[int, str], int | None]:
    return {(a.field_id, a.dimension): a.value for a in questionnaire.answers.all()}


def dashboard_items(region: Region, user: Any) -> list[DashboardItem]:
    """What the needs analysis asks of the person (module registry), in two queries at most.

    Officers: per running round, the questionnaires of their municipalities not yet handed in,
    while the deadline still lets them (due by the deadline). Coordinators: per running round the
    questionnaires still missing (due by the deadline), rounds past their deadline to close, and
    closed rounds whose priorities wait for confirmation.
    """
    if not user.is_authenticated:
        return []
    now = timezone.now()
    items = _questionnaires_due(region, user, now)
    if user.has_perm("analysis.manage_round", region):
        items += _rounds_to_follow_up(region, now)
    return items


def _questionnaires_due(region: Region, user: Any, now: datetime.datetime) -> list[DashboardItem]:
    roles = membership_in(user, region.pk)
    if roles is None or not roles.officer_municipality_ids:
        return []
    due = (
        Questionnaire.objects.filter(
            round__region=region,
            round__status=RoundStatus.OPEN,
            round__deadline__gt=now,
            municipality_id__in=roles.officer_municipality_ids,
        )
        .exclude(status=QuestionnaireStatus.SUBMITTED)
        .select_related("round", "municipality")
        .order_by("round__deadline", "round_id", "municipality__name")
    )
    by_round: dict[int, list[Questionnaire]] = {}
    for questionnaire in due:
        by_round.setdefault(questionnaire.round_id, []).append(questionnaire)
    items = []
    for questionnaires in by_round.values():
        analysis_round = questionnaires[0].round
        url = (
            _questionnaire_url(region, questionnaires[0])
            if len(questionnaires) == 1
            else _round_url(region, analysis_round.pk)
        )
        items.append(
            DashboardItem(
                _("Fragebogen ausfüllen und abgeben: %(round)s") % {"round": analysis_round.name},
                len(questionnaires),
                url,
                due=timezone.localdate(analysis_round.deadline),
                detail=", ".join(q.municipality.name for q in questionnaires),
            )
        )
    return items


def _rounds_to_follow_up(region: Region, now: datetime.datetime) -> list[DashboardItem]:
    rounds = (
        AnalysisRound.objects.filter(region=region)
        .filter(Q(status=RoundStatus.OPEN) | Q(status=RoundStatus.CLOSED, confirmed_at__isnull=True))
        .annotate(
            invited=Count("questionnaires"),
            missing=Count("questionnaires", filter=~Q(questionnaires__status=QuestionnaireStatus.SUBMITTED)),
        )
        .order_by("deadline", "pk")
        .values("pk", "name", "deadline", "status", "invited", "missing")
    )
    items, to_close, to_confirm = [], [], []
    for row in rounds:
        if row["status"] == RoundStatus.CLOSED:
            to_confirm.append(row)
        elif row["deadline"] <= now:
            to_close.append(row)
        elif row["missing"]:
            items.append(
                DashboardItem(
                    _("Fragebögen noch nicht abgegeben: %(round)s") % {"round": row["name"]},
                    row["missing"],
                    _round_url(region, row["pk"]),
                    due=timezone.localdate(row["deadline"]),
                    detail=_("%(missing)s von %(invited)s Kommunen")
                    % {"missing": row["missing"], "invited": row["invited"]},
                )
            )
    for label, found in (
        (_("Bedarfsanalysen nach Ablauf der Frist abschließen"), to_close),
        (_("Prioritäten abgeschlossener Bedarfsanalysen bestätigen"), to_confirm),
    ):
        if found:
            single = len(found) == 1
            items.append(
                DashboardItem(
                    label,
                    len(found),
                    _round_url(region, found[0]["pk"]) if single else _overview_url(region),
                    detail=found[0]["name"] if single else "",
                )
            )
    return items


def _overview_url(region: Region) -> str:
    return reverse("analysis:overview", kwargs={"region_slug": region.slug})


def _round_url(region: Region, round_id: int) -> str:
    return reverse("analysis:round", kwargs={"region_slug": region.slug, "round_id": round_id})


def _questionnaire_url(region: Region, questionnaire: Questionnaire) -> str:
    return reverse(
        "analysis:questionnaire",
        kwargs={
            "region_slug": region.slug,
            "round_id": questionnaire.round_id,
            "municipality_slug": questionnaire.municipality.slug,
        },
    )
