"""Ideas from citizens and staff: submitted, confirmed, moderated, supported and commented on."""

from __future__ import annotations

import functools
import secrets

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Municipality, Region
from smartregion.strategy.models import FieldOfAction


def new_token() -> str:
    return secrets.token_urlsafe(32)


class IdeaStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-Mail-Adresse noch nicht bestätigt")
    SUBMITTED = "submitted", _("wartet auf Freigabe")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("abgelehnt")
    MERGED = "merged", _("mit einer anderen Idee zusammengeführt")


_STATUS_LABELS = dict(IdeaStatus.choices)


@functools.lru_cache(maxsize=4096)
def _ideas_url(region_slug: str, script_prefix: str) -> str:
    """The address of a region's idea list, under which its ideas' pages lie."""
    return reverse("ideas:ideas", kwargs={"region_slug": region_slug})


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
        db_table = "portfolio_idea"  # the ideas were part of the portfolio app until 2026-12
        indexes = [
            models.Index(fields=["region", "status", "-created_at"]),
            # The public list and the API: newest published first, read page by page.
            models.Index(fields=["region", "status", "-published_at", "-id"], name="idea_list_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Lists ask this once per row: the region's part is reversed once per process.
        return f"{_ideas_url(self.region.slug, get_script_prefix())}{self.pk}/"

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        """The status's label; Django's own builds the dict of choices anew on every call, and a
        list calls this once per row."""
        return str(_STATUS_LABELS.get(self.status, self.status))


class IdeaSupport(FieldConstraintsModel):
    """One person's support of an idea: by account, or by an e-mail address they confirmed."""

    constraint_fields = {"address_supports": "email", "address_missing": "email"}

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    email = models.EmailField(blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portfolio_ideasupport"
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(user__isnull=False),
                name="one_support_per_account",
                violation_error_message=_("Sie unterstützen diese Idee schon."),
            ),
            models.UniqueConstraint(
                fields=["idea", "email"],
                condition=~models.Q(email=""),
                name="one_support_per_email",
                violation_error_message=_("Mit dieser E-Mail-Adresse wird die Idee schon unterstützt."),
                violation_error_code="address_supports",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="support_has_person",
                violation_error_message=_("Bitte geben Sie Ihre E-Mail-Adresse an oder melden Sie sich an."),
                violation_error_code="address_missing",
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
        db_table = "portfolio_ideacomment"

    def __str__(self) -> str:
        return self.text[:60]
