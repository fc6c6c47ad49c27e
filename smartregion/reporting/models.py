"""Monitoring and reporting: status updates, indicators and status reports (Sachstandsberichte).

A project reports its state in status updates: a traffic light, the progress in percent and a
text, dated and signed. Indicators say what a project wants to change (a unit, a baseline and a
target) and are measured over time. Progress rolls up from the projects to the fields of action
and the strategy (``progress.py``). A status report for a committee's meeting is generated in the
background as PDF and editable DOCX and kept with its date; the coordinators publish it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.portfolio.models import Project
from smartregion.regions.models import Region


class Traffic(models.TextChoices):
    GREEN = "gruen", _("im Plan")
    YELLOW = "gelb", _("mit Abweichungen")
    RED = "rot", _("gefährdet")


class StatusUpdate(FieldConstraintsModel):
    """How a project stands on a day, as its team reports it."""

    constraint_fields = {"progress_out_of_range": "progress"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="status_updates")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_updates")
    reported_on = models.DateField(_("Stand vom"))
    traffic = models.CharField(_("Ampel"), max_length=5, choices=Traffic.choices)
    progress = models.PositiveSmallIntegerField(_("Fortschritt in Prozent"))
    text = models.TextField(_("Was ist geschehen, was steht an?"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("Gemeldet von"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("Statusmeldung")
        verbose_name_plural = _("Statusmeldungen")
        indexes = [
            models.Index(fields=["project", "-reported_on", "-id"]),
            models.Index(fields=["region", "-reported_on", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="status_progress_at_most_100",
                violation_error_message=_("Der Fortschritt liegt zwischen 0 und 100 Prozent."),
                violation_error_code="progress_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_traffic_display()} ({self.progress} %)"


class Indicator(FieldConstraintsModel):
    """What a project wants to change, in a unit: from a baseline to a target."""

    constraint_fields = {"name_taken": "name"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicators")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicator_set")
    name = models.CharField(_("Name"), max_length=200)
    unit = models.CharField(_("Einheit"), max_length=40)
    baseline = models.DecimalField(_("Ausgangswert"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=2)
    description = models.TextField(_("Wie wird gemessen?"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="indicator_name_per_project",
                violation_error_message=_("Dieses Projekt hat schon einen Indikator mit diesem Namen."),
                violation_error_code="name_taken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Measurement(FieldConstraintsModel):
    """One value of an indicator, on a day."""

    constraint_fields = {"day_taken": "measured_on"}

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("Gemessen am"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="one_measurement_per_day",
                violation_error_message=_("Für diesen Tag gibt es schon einen Messwert."),
                violation_error_code="day_taken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value} ({self.measured_on:%d.%m.%Y})"


class WeightBasis(models.TextChoices):
    BUDGET = "budget", _("nach Gesamtkosten der Projekte")
    EQUAL = "gleich", _("jedes Projekt gleich")


class MonitoringSettings(FieldConstraintsModel):
    """How a region weighs its projects' progress, and when a project's status is overdue."""

    constraint_fields = {"interval_out_of_range": "update_every_days"}

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="monitoring")
    basis = models.CharField(
        _("Gewichtung"), max_length=8, choices=WeightBasis.choices, default=WeightBasis.BUDGET
    )
    update_every_days = models.PositiveSmallIntegerField(
        _("Statusmeldung fällig nach (Tagen)"),
        default=90,
        help_text=_("Ein Projekt in Umsetzung ohne neuere Statusmeldung wird als überfällig markiert."),
    )

    objects = RegionScopedManager()

    class Meta:
        verbose_name = _("Einstellungen des Monitorings")
        verbose_name_plural = _("Einstellungen des Monitorings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(update_every_days__gte=7, update_every_days__lte=730),
                name="update_every_7_to_730_days",
                violation_error_message=_("Bitte wählen Sie zwischen 7 und 730 Tagen."),
                violation_error_code="interval_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.get_basis_display()}"


class ProjectWeight(FieldConstraintsModel):
    """A weight the coordinators set for one project, instead of the region's basis."""

    constraint_fields = {"weight_negative": "weight"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="project_weights")
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="progress_weight")
    weight = models.DecimalField(_("Gewicht"), max_digits=12, decimal_places=2)

    objects = RegionScopedManager()

    class Meta:
        verbose_name = _("Gewicht eines Projekts")
        verbose_name_plural = _("Gewichte der Projekte")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=Decimal(0)),
                name="project_weight_not_negative",
                violation_error_message=_("Ein Gewicht ist nicht negativ."),
                violation_error_code="weight_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.weight}"


class ReportState(models.TextChoices):
    QUEUED = "wartet", _("wartet auf Erstellung")
    RUNNING = "laeuft", _("wird erstellt")
    DONE = "fertig", _("fertig")
    FAILED = "fehler", _("fehlgeschlagen")


class StatusReport(FieldConstraintsModel):
    """A status report (Sachstandsbericht) for a committee's meeting, covering a period."""

    constraint_fields = {"period_reversed": "period_end"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="status_reports")
    title = models.CharField(_("Titel"), max_length=200)
    committee = models.CharField(_("Gremium"), max_length=200)
    meeting_date = models.DateField(_("Sitzung am"))
    period_start = models.DateField(_("Berichtszeitraum von"))
    period_end = models.DateField(_("Berichtszeitraum bis"))
    summary = models.TextField(
        _("Zusammenfassung"),
        blank=True,
        max_length=20000,
        help_text=_(
            "Steht am Anfang des Berichts. Absätze mit einer Leerzeile trennen, Aufzählungen mit „- “."
        ),
    )
    state = models.CharField(max_length=8, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="berichte/%Y/", blank=True)
    docx = models.FileField(upload_to="berichte/%Y/", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RegionScopedManager()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("Sachstandsbericht")
        verbose_name_plural = _("Sachstandsberichte")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_it_starts",
                violation_error_message=_("Der Berichtszeitraum endet vor seinem Beginn."),
                violation_error_code="period_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="report_progress_at_most_100",
                violation_error_message=_("Der Fortschritt liegt zwischen 0 und 100 Prozent."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", kwargs={"region_slug": self.region.slug, "report_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)
