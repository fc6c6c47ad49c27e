"""Roadmap, personnel and financing of a region's projects (Fahrplan: Was? Wann? Wo? Wer? Mit wem?).

A project is planned in milestones and phases (with dependencies between them, never in a circle),
the personnel it needs per organisation and year in full-time equivalents, a cost plan per year
and the sources that pay for it: funding programmes, budget lines of an organisation and the
own share. Organisations state their capacity per year (posts filled and vacant), so the
personnel overview shows the gap. Funding programmes form one catalogue shared by every region,
with deadlines that remind project leads and coordinators in time.

Money is ``Decimal`` in EUR, full-time equivalents ``Decimal`` with two places.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.portfolio.models import Project
from smartregion.regions.models import Organisation, Region


def plan_url(project: Project) -> str:
    """The page where a project's milestones, personnel and financing are planned."""
    kwargs = {"region_slug": project.region.slug, "project_slug": project.slug}
    return reverse("roadmap:project_plan", kwargs=kwargs)


class MilestoneKind(models.TextChoices):
    PHASE = "phase", _("Phase")
    MILESTONE = "meilenstein", _("Meilenstein")


class MilestoneStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    RUNNING = "laeuft", _("läuft")
    DONE = "erreicht", _("erreicht")
    DROPPED = "entfallen", _("entfallen")


FINISHED = (MilestoneStatus.DONE, MilestoneStatus.DROPPED)


class Milestone(FieldConstraintsModel):
    """A phase (a span of time) or a milestone (a date to reach) of one project."""

    constraint_fields = {"ends_before_start": "end"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="milestones")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(
        _("Art"), max_length=12, choices=MilestoneKind.choices, default=MilestoneKind.PHASE
    )
    title = models.CharField(_("Was"), max_length=200)
    start = models.DateField(_("Beginn"))
    end = models.DateField(_("Ende"))
    status = models.CharField(
        _("Stand"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("Verantwortliche Organisation"),
    )
    responsible_person = models.CharField(_("Verantwortliche Person"), max_length=200, blank=True)
    deliverable = models.TextField(_("Ergebnis"), blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="followers", verbose_name=_("Abhängig von")
    )

    objects = RegionScopedManager()

    class Meta:
        ordering = ["start", "end", "title", "pk"]
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="milestone_end_after_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
                violation_error_code="ends_before_start",
            )
        ]
        indexes = [models.Index(fields=["region", "start"])]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date) -> bool:
        """Not reached (nor dropped) although its end has passed."""
        return self.status not in FINISHED and self.end < today


class PersonnelNeed(FieldConstraintsModel):
    """Full-time equivalents one organisation needs for one project in one year."""

    constraint_fields = {"year_taken": "year", "fte_negative": "fte"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="personnel_needs")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="personnel_needs")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="personnel_needs", verbose_name=_("Organisation")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    fte = models.DecimalField(_("Vollzeitäquivalente"), max_digits=6, decimal_places=2)
    tasks = models.CharField(_("Aufgaben"), max_length=200, blank=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["year", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "year"],
                name="one_need_per_year",
                violation_error_message=_(
                    "Für diese Organisation ist in diesem Jahr schon ein Bedarf eingetragen."
                ),
                violation_error_code="year_taken",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0),
                name="need_not_negative",
                violation_error_message=_("Bitte geben Sie keinen negativen Bedarf an."),
                violation_error_code="fte_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.fte}"


class StaffCapacity(FieldConstraintsModel):
    """The posts an organisation has for the strategy's projects in one year."""

    constraint_fields = {"year_taken": "year"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="staff_capacities")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff_capacities",
        verbose_name=_("Organisation"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    filled = models.DecimalField(_("Besetzte Stellen (VZÄ)"), max_digits=6, decimal_places=2)
    vacant = models.DecimalField(_("Unbesetzte Stellen (VZÄ)"), max_digits=6, decimal_places=2)
    vacant_since = models.DateField(_("Unbesetzt seit"), null=True, blank=True)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["organisation__name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="one_capacity_per_year",
                violation_error_message=_(
                    "Für diese Organisation sind in diesem Jahr schon Stellen eingetragen."
                ),
                violation_error_code="year_taken",
            ),
            models.CheckConstraint(
                condition=models.Q(filled__gte=0, vacant__gte=0),
                name="capacity_not_negative",
                violation_error_message=_("Besetzte und offene Stellen können nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class CostLine(FieldConstraintsModel):
    """What a project costs in one year: investment and running costs."""

    constraint_fields = {"year_taken": "year"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="cost_lines")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_lines")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    investment = models.DecimalField(_("Investitionen (EUR)"), default=0, max_digits=14, decimal_places=2)
    running = models.DecimalField(_("Laufende Kosten (EUR)"), default=0, max_digits=14, decimal_places=2)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="one_cost_line_per_year",
                violation_error_message=_("Für dieses Jahr gibt es im Kostenplan schon eine Zeile."),
                violation_error_code="year_taken",
            ),
            models.CheckConstraint(
                condition=models.Q(investment__gte=0, running__gte=0),
                name="costs_not_negative",
                violation_error_message=_("Kosten können nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"

    @property
    def total(self) -> Decimal:
        return Decimal(self.investment) + Decimal(self.running)


class FundingProgramme(FieldConstraintsModel):
    """A funding programme in the catalogue every region shares."""

    constraint_fields = {"rate_out_of_range": "funding_rate"}

    name = models.CharField(_("Programm"), max_length=200, unique=True)
    funder = models.CharField(_("Fördergeber"), max_length=200)
    url = models.URLField(_("Link"), blank=True)
    funding_rate = models.DecimalField(
        _("Förderquote bis (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    eligible = models.TextField(_("Was gefördert wird"), blank=True)
    keywords = models.CharField(
        _("Stichworte"),
        max_length=300,
        blank=True,
        help_text=_("Durch Kommas getrennt; Projekte mit diesen Wörtern werden als passend vorgeschlagen."),
    )
    federal_states = models.JSONField(_("Bundesländer"), default=list, blank=True)
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Angaben zum Teil ausgedacht (Demodaten).")
    )
    added_by_region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="added_programmes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_rate__isnull=True)
                | models.Q(funding_rate__gte=0, funding_rate__lte=100),
                name="programme_rate_in_range",
                violation_error_message=_("Die Förderquote liegt zwischen 0 und 100 Prozent."),
                violation_error_code="rate_out_of_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ProgrammeDeadline(FieldConstraintsModel):
    """A date by which an application (or a stage of it) must be in."""

    constraint_fields = {"date_taken": "date"}

    programme = models.ForeignKey(FundingProgramme, on_delete=models.CASCADE, related_name="deadlines")
    date = models.DateField(_("Frist"))
    label = models.CharField(_("Wofür"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date"],
                name="one_deadline_per_day",
                violation_error_message=_(
                    "Für diesen Tag ist bei diesem Programm schon eine Frist eingetragen."
                ),
                violation_error_code="date_taken",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.date:%d.%m.%Y}"


class SourceKind(models.TextChoices):
    PROGRAMME = "foerderprogramm", _("Förderprogramm")
    BUDGET = "haushalt", _("Haushaltsmittel")
    OWN = "eigenanteil", _("Eigenanteil")


class SourceStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    APPLIED = "beantragt", _("beantragt")
    GRANTED = "bewilligt", _("bewilligt")
    REJECTED = "abgelehnt", _("abgelehnt")


class FundingSource(FieldConstraintsModel):
    """Money for one project: a programme's grant, an organisation's budget line or the own share.

    A rejected source covers nothing; the others count towards the project's costs.
    """

    constraint_fields = {"amount_negative": "amount", "rate_out_of_range": "funding_rate"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="funding_sources")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    kind = models.CharField(_("Art"), max_length=16, choices=SourceKind.choices)
    programme = models.ForeignKey(
        FundingProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("Förderprogramm"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("Organisation"),
    )
    budget_line = models.CharField(_("Haushaltsstelle"), max_length=100, blank=True)
    amount = models.DecimalField(_("Betrag (EUR)"), max_digits=14, decimal_places=2)
    funding_rate = models.DecimalField(
        _("Förderquote (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=SourceStatus.choices, default=SourceStatus.PLANNED
    )
    applied_on = models.DateField(_("Beantragt am"), null=True, blank=True)
    decided_on = models.DateField(_("Entschieden am"), null=True, blank=True)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="source_not_negative",
                violation_error_message=_("Ein Betrag kann nicht negativ sein."),
                violation_error_code="amount_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_rate__isnull=True)
                | models.Q(funding_rate__gte=0, funding_rate__lte=100),
                name="source_rate_in_range",
                violation_error_message=_("Die Förderquote liegt zwischen 0 und 100 Prozent."),
                violation_error_code="rate_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def covers(self) -> bool:
        return self.status != SourceStatus.REJECTED

    @property
    def name(self) -> str:
        if self.kind == SourceKind.PROGRAMME and self.programme is not None:
            return self.programme.name
        if self.kind == SourceKind.BUDGET:
            owner = self.organisation.name if self.organisation else ""
            return " · ".join(part for part in (owner, self.budget_line) if part)
        return self.organisation.name if self.organisation else str(self.get_kind_display())


class PlanNote(models.Model):
    """What a profile said in free text about costs, personnel and financing before they were
    planned in structures, kept where it could not be read as figures."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="plan_notes")
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="plan_note")
    costs = models.TextField(_("Hinweis zu den Kosten"), blank=True)
    personnel = models.TextField(_("Hinweis zum Personal"), blank=True)
    financing = models.TextField(_("Hinweis zur Finanzierung"), blank=True)

    objects = RegionScopedManager()

    def __str__(self) -> str:
        return str(self.project)


class DeadlineReminder(models.Model):
    """A reminder sent for one project before one deadline; it is never sent twice."""

    deadline = models.ForeignKey(ProgrammeDeadline, on_delete=models.CASCADE, related_name="reminders")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deadline_reminders")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "project"],
                name="one_reminder_per_deadline",
                violation_error_message=_("An diese Frist wurde für dieses Projekt schon erinnert."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} – {self.project}"
