"""Ideas from citizens and staff, and project profiles (Steckbriefe) that grow from them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.strategy.models import FieldOfAction


def new_token() -> str:
    return secrets.token_urlsafe(32)


class IdeaStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-Mail-Adresse noch nicht bestätigt")
    SUBMITTED = "submitted", _("wartet auf Freigabe")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("abgelehnt")
    MERGED = "merged", _("mit einer anderen Idee zusammengeführt")


class IdeaQuerySet(models.QuerySet["Idea"]):
    def public(self) -> IdeaQuerySet:
        return self.filter(status=IdeaStatus.PUBLISHED)


IdeaManager = RegionScopedManager.from_queryset(IdeaQuerySet)


class Idea(models.Model):
    """An idea for the region, submitted by a citizen or a member of staff."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=5000)
    field = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("Handlungsfeld"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("Kommune"),
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    image = models.ImageField(_("Bild"), upload_to="ideen/%Y/", blank=True)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=250, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    author_name = models.CharField(_("Name"), max_length=200, blank=True)
    author_email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        _("Stand"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    rejection_reason = models.TextField(_("Begründung der Ablehnung"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas"
    )
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = IdeaManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        indexes = [models.Index(fields=["region", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:idea", kwargs={"region_slug": self.region.slug, "idea_id": self.pk})


class IdeaSupport(models.Model):
    """One person's support of an idea: by account, or by an e-mail address they confirmed."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    email = models.EmailField(blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(user__isnull=False),
                name="one_support_per_account",
            ),
            models.UniqueConstraint(
                fields=["idea", "email"], condition=~models.Q(email=""), name="one_support_per_email"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""), name="support_has_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea} ({self.user or self.email})"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Freigabe")
    PUBLISHED = "published", _("veröffentlicht")
    HIDDEN = "hidden", _("ausgeblendet")


class IdeaComment(models.Model):
    """A moderated comment on a published idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    author_name = models.CharField(_("Name"), max_length=200, blank=True)
    text = models.TextField(_("Kommentar"), max_length=2000)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def __str__(self) -> str:
        return self.text[:60]


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


class Project(models.Model):
    """A project profile (Steckbrief). Edits are versioned and refused when stale."""

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
    estimated_costs = models.DecimalField(
        _("Geschätzte Kosten (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    personnel_need = models.CharField(_("Personalbedarf"), max_length=200, blank=True)
    financing_outline = models.TextField(_("Finanzierung"), blank=True)
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
        Idea, blank=True, related_name="projects", verbose_name=_("Aus Ideen")
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
            models.UniqueConstraint(fields=["region", "slug"], name="project_slug_per_region"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_costs__isnull=True) | models.Q(estimated_costs__gte=0),
                name="project_costs_not_negative",
            ),
            # Reuse: one linked copy per original and municipality, or per original and whole region.
            models.UniqueConstraint(
                fields=["adopted_from", "adopted_by_municipality"],
                condition=models.Q(adopted_from__isnull=False, adopted_by_municipality__isnull=False),
                name="one_adoption_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["adopted_from", "region"],
                condition=models.Q(adopted_from__isnull=False, adopted_by_municipality__isnull=True),
                name="one_adoption_per_region",
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "portfolio:project", kwargs={"region_slug": self.region.slug, "project_slug": self.slug}
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


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
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="project_version_number")]

    def __str__(self) -> str:
        return f"{self.project} – Fassung {self.number}"
