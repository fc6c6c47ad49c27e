"""Needs analysis (Bedarfsanalyse): rounds, one questionnaire per municipality, answers, tiers.

A coordinator opens a round over some fields of action of the region's strategy. Each invited
municipality answers its questionnaire: per field and dimension a value on the round's scale
(or "kann ich nicht beurteilen", stored as NULL), a comment per field, free-text answers.
After the round closes, the answers are consolidated into priority tiers by the round's rule;
the coordinator confirms the tiers (an override needs a written reason) and may publish them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction, Phase, PriorityTier

# Keys of the default dimensions; the default rule combines the first two.
RELEVANCE = "relevanz"
SCOPE = "spielraum"
MATURITY = "reifegrad"
DEFAULT_DIMENSIONS: tuple[tuple[str, str], ...] = (
    (RELEVANCE, "Relevanz der Digitalisierung"),
    (SCOPE, "Gestaltungsspielraum der Kommune"),
    (MATURITY, "heutiger digitaler Reifegrad"),
)
DEFAULT_SCALE_LABELS = ("sehr gering", "gering", "mittel", "hoch", "sehr hoch")
UNKNOWN_LABEL = "kann ich nicht beurteilen"


class TierMethod(models.TextChoices):
    THRESHOLDS = "thresholds", _("Schwellenwerte")
    THIRDS = "thirds", _("Rangfolge in Dritteln")


def default_rule() -> dict[str, Any]:
    return {
        "method": TierMethod.THRESHOLDS.value,
        "weights": {RELEVANCE: 1, SCOPE: 1},
        "thresholds": [4.0, 3.0],
    }


def default_dimensions() -> list[dict[str, str]]:
    return [{"key": key, "label": label} for key, label in DEFAULT_DIMENSIONS]


def default_scale() -> dict[str, Any]:
    return {"min": 1, "max": 5, "labels": list(DEFAULT_SCALE_LABELS), "unknown": UNKNOWN_LABEL}


class RoundStatus(models.TextChoices):
    OPEN = "open", _("läuft")
    CLOSED = "closed", _("abgeschlossen")


class AnalysisRoundQuerySet(models.QuerySet["AnalysisRound"]):
    def in_region(self, region: Region) -> AnalysisRoundQuerySet:
        return self.filter(region=region)

    def published(self) -> AnalysisRoundQuerySet:
        return self.filter(published_at__isnull=False)


AnalysisRoundManager = RegionScopedManager.from_queryset(AnalysisRoundQuerySet)


class AnalysisRound(models.Model):
    """One needs analysis of a region: fields, dimensions, scale, questions, deadline, invitees."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="analysis_rounds")
    name = models.CharField(_("Name"), max_length=200)
    introduction = models.TextField(_("Einleitung"), blank=True)
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analysis_rounds",
        verbose_name=_("Phase der Strategie"),
    )
    fields = models.ManyToManyField(FieldOfAction, related_name="analysis_rounds", verbose_name=_("Felder"))
    municipalities = models.ManyToManyField(
        Municipality, related_name="analysis_rounds", verbose_name=_("Eingeladene Kommunen")
    )
    dimensions = models.JSONField(_("Dimensionen"), default=default_dimensions)
    scale = models.JSONField(_("Skala"), default=default_scale)
    questions = models.JSONField(_("Freitextfragen"), default=list, blank=True)
    rule = models.JSONField(_("Regel für die Prioritäten"), default=default_rule)
    deadline = models.DateTimeField(_("Frist"))
    reminder_days = models.PositiveSmallIntegerField(_("Erinnerung Tage vor der Frist"), default=7)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnalysisRoundManager()

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("Bedarfsanalyse")
        verbose_name_plural = _("Bedarfsanalysen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analysis:round", kwargs={"region_slug": self.region.slug, "round_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.deadline

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def dimension_keys(self) -> list[str]:
        return [d["key"] for d in self.dimensions]

    def dimension_label(self, key: str) -> str:
        return next((d["label"] for d in self.dimensions if d["key"] == key), key)

    def scale_values(self) -> list[int]:
        return list(range(int(self.scale["min"]), int(self.scale["max"]) + 1))

    def scale_choices(self) -> list[tuple[int, str]]:
        labels = list(self.scale.get("labels") or [])
        choices = []
        for index, value in enumerate(self.scale_values()):
            label = labels[index] if index < len(labels) and labels[index] else ""
            choices.append((value, f"{value} – {label}" if label else str(value)))
        return choices


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("abgegeben")


class Questionnaire(models.Model):
    """One municipality's questionnaire in one round; ``version`` guards against lost updates."""

    round = models.ForeignKey(AnalysisRound, on_delete=models.CASCADE, related_name="questionnaires")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="questionnaires")
    status = models.CharField(
        max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    comments = models.JSONField(default=dict, blank=True)  # field id (str) -> text
    text_answers = models.JSONField(default=list, blank=True)  # one text per question of the round
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("Fragebogen")
        verbose_name_plural = _("Fragebögen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                name="one_questionnaire_per_round",
                violation_error_message=_(
                    "Diese Kommune hat in dieser Bedarfsanalyse schon einen Fragebogen."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.municipality}"

    @property
    def region_id(self) -> int:
        return int(self.municipality.region_id)

    @property
    def is_submitted(self) -> bool:
        return self.status == QuestionnaireStatus.SUBMITTED


class Answer(models.Model):
    """A value for one field and dimension; NULL means "kann ich nicht beurteilen"."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="answers")
    field = models.ForeignKey(FieldOfAction, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=40)
    value = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "field", "dimension"],
                name="one_answer_per_field_dimension",
                violation_error_message=_("Diese Frage ist in diesem Fragebogen schon beantwortet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field_id}/{self.dimension}: {self.value}"


class TierDecision(models.Model):
    """The confirmed tier of one field in a round, beside the tier the rule suggested."""

    round = models.ForeignKey(AnalysisRound, on_delete=models.CASCADE, related_name="decisions")
    field = models.ForeignKey(FieldOfAction, on_delete=models.CASCADE, related_name="+")
    suggested = models.CharField(max_length=3, choices=PriorityTier.choices, blank=True)
    tier = models.CharField(max_length=3, choices=PriorityTier.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("Bestätigte Priorität")
        verbose_name_plural = _("Bestätigte Prioritäten")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "field"],
                name="one_decision_per_field",
                violation_error_message=_("Für dieses Handlungsfeld ist die Priorität schon bestätigt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field_id}: {self.tier}"

    @property
    def overridden(self) -> bool:
        return self.suggested != self.tier
