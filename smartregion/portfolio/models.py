"""Project profiles (Steckbriefe), their versions and reuse; they may grow from ideas (``ideas`` app)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.ideas.models import new_token  # noqa: F401  (named by portfolio's first migrations)
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction


class ProjectStatus(models.TextChoices):
    IDEA = "idee", _("Idee")
    DRAFTING = "in_arbeit", _("Steckbrief in Arbeit")
    IN_REVIEW = "zur_bewertung", _("zur Bewertung")
    LEAD = "leitprojekt", _("ausgewählt: Leitprojekt")
    POTENTIAL = "potenzialprojekt", _("ausgewählt: Potenzialprojekt")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    COMPLETED = "abgeschlossen", _("abgeschlossen")
    DEFERRED = "zurueckgestellt", _("zurückgestellt")
    DISCARDED = "verworfen", _("verworfen")


_STATUS_LABELS = dict(ProjectStatus.choices)


@functools.lru_cache(maxsize=4096)
def _projects_url(region_slug: str, script_prefix: str) -> str:
    """The address of a region's project list, under which its projects' pages lie."""
    return reverse("portfolio:overview", kwargs={"region_slug": region_slug})


_STATUS_TONES: dict[str, str] = {
    ProjectStatus.DISCARDED: "danger",
    ProjectStatus.DEFERRED: "warning",
    ProjectStatus.LEAD: "success",
    ProjectStatus.POTENTIAL: "success",
    ProjectStatus.IN_PROGRESS: "success",
    ProjectStatus.COMPLETED: "success",
}


# The lifecycle: which status may follow which. Deferring and discarding need a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.IDEA: (ProjectStatus.DRAFTING, ProjectStatus.DEFERRED, ProjectStatus.DISCARDED),
    ProjectStatus.DRAFTING: (ProjectStatus.IN_REVIEW, ProjectStatus.DEFERRED, ProjectStatus.DISCARDED),
    ProjectStatus.IN_REVIEW: (
        ProjectStatus.LEAD,
        ProjectStatus.POTENTIAL,
        ProjectStatus.DRAFTING,
        ProjectStatus.DEFERRED,
        ProjectStatus.DISCARDED,
    ),
    ProjectStatus.LEAD: (ProjectStatus.IN_PROGRESS, ProjectStatus.DEFERRED, ProjectStatus.DISCARDED),
    ProjectStatus.POTENTIAL: (
        ProjectStatus.LEAD,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.DEFERRED,
        ProjectStatus.DISCARDED,
    ),
    ProjectStatus.IN_PROGRESS: (ProjectStatus.COMPLETED, ProjectStatus.DEFERRED, ProjectStatus.DISCARDED),
    ProjectStatus.COMPLETED: (),
    ProjectStatus.DEFERRED: (ProjectStatus.DRAFTING,),
    ProjectStatus.DISCARDED: (),
}
NEEDS_REASON = (ProjectStatus.DEFERRED, ProjectStatus.DISCARDED)
# Shown on the public portal: selected projects and what grew from them.
PUBLIC_STATUSES = (
    ProjectStatus.LEAD,
    ProjectStatus.POTENTIAL,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
)


class Maturity(models.TextChoices):
    IDEA = "idee", _("Idee")
    CONCEPT = "konzept", _("Konzept liegt vor")
    PILOT = "pilot", _("Pilot läuft")
    PROVEN = "erprobt", _("erprobt, übertragbar")


class ProjectQuerySet(models.QuerySet["Project"]):
    pass


ProjectManager = RegionScopedManager.from_queryset(ProjectQuerySet)


class Project(FieldConstraintsModel):
    """A project profile (Steckbrief). Edits are versioned and refused when stale."""

    constraint_fields = {"slug_taken": "slug", "ends_before_start": "end_date"}

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    starting_point = models.TextField(_("Ausgangslage"), blank=True)
    goals = models.TextField(_("Ziele"), blank=True)
    measures = models.TextField(_("Maßnahmen"), blank=True)
    target_groups = models.TextField(_("Zielgruppen"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, related_name="projects", blank=True, verbose_name=_("Handlungsfelder")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="projects", blank=True, verbose_name=_("Wo (Kommunen)")
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("Federführung (Organisation)"),
    )
    lead_person = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    partners = models.TextField(_("Mit wem (Partner)"), blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    indicators = models.TextField(_("Indikatoren"), blank=True)
    risks = models.TextField(_("Risiken"), blank=True)
    dependencies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("Abhängig von")
    )
    maturity = models.CharField(
        _("Reifegrad"), max_length=10, choices=Maturity.choices, default=Maturity.IDEA
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    status_reason = models.TextField(_("Begründung"), blank=True)
    source_ideas = models.ManyToManyField(
        "ideas.Idea", blank=True, related_name="projects", verbose_name=_("Aus Ideen")
    )
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("Nachnutzung von"),
    )
    adopted_by_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_projects",
        verbose_name=_("Nachnutzende Kommune"),
    )
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Ausgedachtes Beispiel in den Demodaten.")
    )
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"],
                name="project_slug_per_region",
                violation_error_message=_(
                    "Diesen Kurznamen trägt schon ein anderes Projekt der Region; "
                    "bitte wählen Sie einen anderen."
                ),
                violation_error_code="slug_taken",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("Das Ende des Projekts darf nicht vor seinem Beginn liegen."),
                violation_error_code="ends_before_start",
            ),
            # Reuse: one linked copy per original and municipality, or per original and whole region.
            models.UniqueConstraint(
                fields=["adopted_from", "adopted_by_municipality"],
                condition=models.Q(adopted_from__isnull=False, adopted_by_municipality__isnull=False),
                name="one_adoption_per_municipality",
                violation_error_message=_("Diese Kommune nutzt das Projekt schon nach."),
            ),
            models.UniqueConstraint(
                fields=["adopted_from", "region"],
                condition=models.Q(adopted_from__isnull=False, adopted_by_municipality__isnull=True),
                name="one_adoption_per_region",
                violation_error_message=_("Diese Region nutzt das Projekt schon nach."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "title"]),
            # Public lists (several statuses) by title: read in order, stop after one page.
            models.Index(fields=["region", "title", "id"]),
            models.Index(fields=["title", "id"]),  # the catalogue across regions
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Lists ask this once per row: the region's part is reversed once per process.
        return f"{_projects_url(self.region.slug, get_script_prefix())}{self.slug}/"

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        """The status's label; Django's own builds the dict of choices anew on every call, and a
        list calls this once per row."""
        return str(_STATUS_LABELS.get(self.status, self.status))

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def status_tone(self) -> str:
        """KERN's badge colour for the status."""
        return _STATUS_TONES.get(self.status, "info")

    @property
    def period_label(self) -> str:
        """When it runs, as shown in lists and on the profile: "01.01.2024 – 31.12.2025", "ab …"."""
        start = date_format(self.start_date, "SHORT_DATE_FORMAT") if self.start_date else ""
        end = date_format(self.end_date, "SHORT_DATE_FORMAT") if self.end_date else ""
        if start and end:
            return f"{start} – {end}"
        if start:
            return _("ab %(start)s") % {"start": start}
        if end:
            return _("bis %(end)s") % {"end": end}
        return "–"


class ProjectVersion(models.Model):
    """A snapshot of a project profile after one change; any two can be compared."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    summary = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="project_version_number",
                violation_error_message=_("Eine Fassung mit dieser Nummer gibt es für dieses Projekt schon."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} – Fassung {self.number}"
