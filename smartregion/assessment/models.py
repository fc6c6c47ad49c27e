"""Assessment and selection: rounds in which invited raters score project profiles, and decisions.

A coordinator opens a round over profiles that stand "zur Bewertung", with weighted criteria
(default Relevanz and Realisierbarkeit, 50 % each) and invited raters. While the round is open,
each rater scores the candidates on their own grid; in blind mode nobody sees anyone else's scores
until the round closes, and even the coordinator sees progress only. A rater may declare a conflict
of interest for a candidate and abstains for it. Every change of a score before closing is kept as a
``ScoreRevision``; after closing nothing changes. The coordinator then records the decisions
(Leitprojekt, Potenzialprojekt, zurückgestellt, abgelehnt) with the deciding body, date and
reference; the profile's status follows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region


class RoundStatus(models.TextChoices):
    OPEN = "open", _("läuft")
    CLOSED = "closed", _("abgeschlossen")


class Axis(models.TextChoices):
    """Where a criterion goes in the portfolio matrix."""

    NONE = "", _("nicht in der Matrix")
    RELEVANCE = "relevance", _("Relevanz (senkrechte Achse)")
    FEASIBILITY = "feasibility", _("Realisierbarkeit (waagerechte Achse)")


class Outcome(models.TextChoices):
    LEAD = "leitprojekt", _("Leitprojekt")
    POTENTIAL = "potenzialprojekt", _("Potenzialprojekt")
    DEFERRED = "zurueckgestellt", _("zurückgestellt")
    REJECTED = "abgelehnt", _("abgelehnt")


_OUTCOME_LABELS = dict(Outcome.choices)


class Conflict(models.TextChoices):
    """A rater's declaration about a candidate their municipality or organisation takes part in."""

    UNDECLARED = "", _("nicht erklärt")
    NONE = "none", _("nicht befangen")
    ABSTAIN = "abstain", _("befangen – enthalte mich")


DEFAULT_CRITERIA: tuple[dict[str, object], ...] = (
    {
        "name": "Relevanz",
        "description": (
            "Wie wichtig ist das Projekt für die Ziele der Strategie und für die Menschen im Kreis?"
        ),
        "weight": Decimal(50),
        "axis": Axis.RELEVANCE,
    },
    {
        "name": "Realisierbarkeit",
        "description": (
            "Lässt sich das Projekt mit den vorhandenen Partnern, Mitteln und Kenntnissen umsetzen?"
        ),
        "weight": Decimal(50),
        "axis": Axis.FEASIBILITY,
    },
)


class AssessmentRoundQuerySet(models.QuerySet["AssessmentRound"]):
    def published(self) -> AssessmentRoundQuerySet:
        return self.filter(published_at__isnull=False)


AssessmentRoundManager = RegionScopedManager.from_queryset(AssessmentRoundQuerySet)


class AssessmentRound(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="assessment_rounds")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Worum es geht"), blank=True)
    deadline = models.DateTimeField(_("Frist"))
    blind = models.BooleanField(
        _("Verdeckt bewerten"),
        default=True,
        help_text=_("Niemand sieht die Bewertungen anderer, bevor die Runde abgeschlossen ist."),
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentRoundManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Bewertungsrunde")
        verbose_name_plural = _("Bewertungsrunden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=RoundStatus.OPEN, closed_at__isnull=True)
                | models.Q(status=RoundStatus.CLOSED, closed_at__isnull=False),
                name="assessment_round_closed_at_when_closed",
                violation_error_message=_("Eine abgeschlossene Runde braucht den Zeitpunkt des Abschlusses."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:round", kwargs={"region_slug": self.region.slug, "assessment_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.deadline


class Criterion(FieldConstraintsModel):
    constraint_fields = {"name_taken": "name", "scale_reversed": "scale_max", "weight_out_of_range": "weight"}

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("Kriterium"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("Skala von"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("Skala bis"), default=5)
    weight = models.DecimalField(_("Gewicht in Prozent"), max_digits=5, decimal_places=2)
    axis = models.CharField(_("Achse der Matrix"), max_length=12, choices=Axis.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "name"],
                name="assessment_criterion_name_per_round",
                violation_error_message=_("Jedes Kriterium darf in einer Runde nur einmal vorkommen."),
                violation_error_code="name_taken",
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="assessment_criterion_scale_ordered",
                violation_error_message=_("Das Ende der Skala muss über ihrem Anfang liegen."),
                violation_error_code="scale_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0, weight__lte=100),
                name="assessment_criterion_weight_range",
                violation_error_message=_("Ein Gewicht liegt zwischen 0 und 100 Prozent."),
                violation_error_code="weight_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="candidates")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessment_candidacies")

    class Meta:
        ordering = ["project__title", "pk"]
        verbose_name = _("Kandidat")
        verbose_name_plural = _("Kandidaten")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project"],
                name="assessment_candidate_once_per_round",
                violation_error_message=_("Ein Projekt steht in einer Runde nur einmal zur Bewertung."),
            )
        ]

    def __str__(self) -> str:
        return str(self.project)


class Rater(models.Model):
    """An invitation to rate; ``submitted_at`` once the rater handed in a complete rating."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="raters")
    # Kept without a person when the account is deleted: the scores given stay part of the results.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                name="assessment_rater_once_per_round",
                violation_error_message=_("Eine Person ist zu einer Runde nur einmal eingeladen."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else str(_("gelöschtes Konto"))


class Score(models.Model):
    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="scores")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rater", "candidate", "criterion"],
                name="assessment_one_score_per_cell",
                violation_error_message=_("Je Projekt und Kriterium gibt es eine Bewertung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class CandidateNote(models.Model):
    """A rater's comment on a candidate and their declaration of a conflict of interest."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="notes")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    comment = models.TextField(_("Kommentar"), blank=True)
    conflict = models.CharField(_("Befangenheit"), max_length=8, choices=Conflict.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rater", "candidate"],
                name="assessment_one_note_per_candidate",
                violation_error_message=_("Je Projekt gibt es einen Kommentar."),
            )
        ]

    def __str__(self) -> str:
        return self.get_conflict_display()

    @property
    def abstains(self) -> bool:
        return self.conflict == Conflict.ABSTAIN


class ScoreRevision(models.Model):
    """One change of a score, a comment or a declaration before closing: the round's paper trail."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="revisions")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    what = models.CharField(max_length=10)  # "score", "comment" or "conflict"
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.what}: {self.old} → {self.new}"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def in_region(self, region: Region) -> DecisionQuerySet:
        return self.filter(region=region)


DecisionManager = RegionScopedManager.from_queryset(DecisionQuerySet)


class Decision(models.Model):
    """A recorded decision on one candidate, e.g. "Kreistag, 20.06.2022, B 110/2022"."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="assessment_decisions")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="decision")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessment_decisions")
    outcome = models.CharField(_("Beschluss"), max_length=20, choices=Outcome.choices)
    body = models.CharField(_("Beschließendes Gremium"), max_length=200)
    decided_on = models.DateField(_("Datum des Beschlusses"))
    reference = models.CharField(_("Aktenzeichen / Vorlage"), max_length=100, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionManager()

    class Meta:
        ordering = ["-decided_on", "project__title", "pk"]
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        indexes = [models.Index(fields=["region", "-decided_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_outcome_display()}"

    def get_outcome_display(self) -> str:  # type: ignore[no-redef]
        """The outcome's label; Django's own builds the dict of choices anew on every call, and the
        decision log calls this once per row."""
        return str(_OUTCOME_LABELS.get(self.outcome, self.outcome))

    @property
    def citation(self) -> str:
        """ "Kreistag, 20.06.2022, B 110/2022"."""
        from django.utils.formats import date_format

        parts = [self.body, date_format(self.decided_on, "SHORT_DATE_FORMAT")]
        if self.reference:
            parts.append(self.reference)
        return ", ".join(parts)
