"""The strategy of a region: vision, values, fields of action, goals, process phases, versions.

The strategy is a living document. Every change made through the services stores a new
``StrategyVersion`` holding a snapshot of the whole text, so any two versions can be
compared and a version adopted by a council can be fixed under its name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.markdown import FORMATTING_HELP
from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Municipality, Region

colour_validator = RegexValidator(
    regex=r"^#[0-9a-fA-F]{6}$", message=_("Bitte eine Farbe als #RRGGBB angeben, z. B. #1d4f91.")
)


class PriorityTier(models.TextChoices):
    I = "I", _("Priorität I")  # noqa: E741 - the tier is called "I" in the strategies
    II = "II", _("Priorität II")
    III = "III", _("Priorität III")


StrategyManager = RegionScopedManager.from_queryset(models.QuerySet)


class Strategy(models.Model):
    """One strategy per region; its current text lives in the related rows."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="strategy")
    title = models.CharField(_("Titel"), max_length=250)
    vision = models.TextField(_("Leitbild"), blank=True, help_text=FORMATTING_HELP)
    current_version = models.PositiveIntegerField(_("Aktuelle Fassung"), default=0)

    objects = StrategyManager()

    class Meta:
        verbose_name = _("Strategie")
        verbose_name_plural = _("Strategien")

    def __str__(self) -> str:
        return self.title


class Value(models.Model):
    """A value of the vision, e.g. Gemeinschaft, Teilhabe."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Kurztext"), blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Wert")
        verbose_name_plural = _("Werte")

    def __str__(self) -> str:
        return self.name


class FieldOfAction(FieldConstraintsModel):
    """A field of action (Handlungsfeld, Themenfeld) with its goals and priority tier."""

    constraint_fields = {"slug_taken": "slug"}

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=FORMATTING_HELP)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    colour = models.CharField(_("Farbe"), max_length=7, default="#1d4f91", validators=[colour_validator])
    priority = models.CharField(
        _("Priorität"), max_length=3, choices=PriorityTier.choices, blank=True, default=""
    )
    priority_source = models.CharField(
        _("Quelle der Priorität"),
        max_length=250,
        blank=True,
        help_text=_("z. B. „Bürgermeisterkonferenz November 2019“ oder eine Bedarfsanalyse"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "slug"],
                name="field_slug_per_strategy",
                violation_error_message=_(
                    "Diesen Kurznamen trägt schon ein anderes Handlungsfeld; bitte wählen Sie einen anderen."
                ),
                violation_error_code="slug_taken",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_id(self) -> int:
        return int(self.strategy.region_id)


class Goal(models.Model):
    """A goal of a field of action."""

    field = models.ForeignKey(FieldOfAction, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("Ziel"))
    target_date = models.DateField(_("Zieldatum"), null=True, blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")

    def __str__(self) -> str:
        return self.text[:80]


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    ACTIVE = "active", _("läuft")
    DONE = "done", _("abgeschlossen")


DEFAULT_PHASES = (
    "Kompetenzaufbau",
    "Vision und Handlungsfelder",
    "Projektentwicklung",
    "Konsolidierung",
    "Umsetzungsplanung",
    "Umsetzung",
)


class Phase(FieldConstraintsModel):
    """A phase of the strategy process, shown as a timeline.

    Surveys, events and assessment rounds point at their phase from their own apps.
    """

    constraint_fields = {"ends_before_start": "end"}

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="phase_end_after_start",
                violation_error_message=_("Das Ende der Phase darf nicht vor ihrem Beginn liegen."),
                violation_error_code="ends_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StrategyVersion(models.Model):
    """A numbered snapshot of the whole strategy text after one change.

    A version may be fixed under a name (e.g. the text adopted by the Kreistag); a fixed
    version is never changed again.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Nummer"))
    snapshot = models.JSONField()
    summary = models.CharField(_("Änderung"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fixed_name = models.CharField(_("Name der Fassung"), max_length=250, blank=True)
    fixed_note = models.CharField(
        _("Beschluss"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „beschlossen vom Kreistag, Vorlage B 110/2022“"),
    )
    fixed_on = models.DateField(_("Datum des Beschlusses"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="version_number_per_strategy",
                violation_error_message=_("Eine Fassung mit dieser Nummer gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        return self.fixed_name or f"Fassung {self.number}"

    @property
    def is_fixed(self) -> bool:
        return bool(self.fixed_name)


class MunicipalStrategy(models.Model):
    """A municipality's own strategy derived from its region's: chosen fields, own goals."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="strategy")
    derived_from = models.ForeignKey(
        StrategyVersion, on_delete=models.PROTECT, related_name="derived_strategies"
    )
    fields = models.ManyToManyField(FieldOfAction, related_name="municipal_strategies", blank=True)
    introduction = models.TextField(_("Einleitung"), blank=True, help_text=FORMATTING_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Strategie der Kommune")
        verbose_name_plural = _("Strategien der Kommunen")

    def __str__(self) -> str:
        return str(self.municipality)


class MunicipalGoal(models.Model):
    """A municipality's own goal and measures within one of its chosen fields.

    When the region removes the field, the municipality's goal stays (without field) until the
    municipality files it under another field or deletes it.
    """

    municipal_strategy = models.ForeignKey(MunicipalStrategy, on_delete=models.CASCADE, related_name="goals")
    field = models.ForeignKey(
        FieldOfAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="municipal_goals"
    )
    text = models.TextField(_("Ziel"))
    measures = models.TextField(_("Maßnahmen"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Ziel der Kommune")
        verbose_name_plural = _("Ziele der Kommune")

    def __str__(self) -> str:
        return self.text[:80]
