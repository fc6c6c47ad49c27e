"""People and their roles: a user holds memberships in regions."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.regions.models import Municipality, Organisation, Region

INVITATION_VALIDITY = timedelta(days=14)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person; the e-mail address is the login."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordination")
    MUNICIPAL_OFFICER = "officer", _("Digitalisierungsbeauftragte:r der Kommune")
    COMMITTEE_MEMBER = "committee", _("Mitglied im Lenkungsausschuss")
    PROJECT_LEAD = "project_lead", _("Projektleitung")
    READER = "reader", _("Lesezugriff")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_region(self, region: Region) -> MembershipQuerySet:
        return self.filter(region=region)

    def with_people(self) -> MembershipQuerySet:
        return self.select_related("user", "municipality", "organisation")


class Membership(FieldConstraintsModel):
    """One role of a person in a region, tied to a municipality or organisation where the role needs it.

    A person may hold several roles in a region (one row each); ``accounts.roles.RegionRoles``
    gathers them for permission checks.
    """

    constraint_fields = {"role_held": "role", "municipality_missing": "municipality"}

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Person")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Region")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Kommune"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"],
                condition=models.Q(municipality__isnull=True),
                name="one_role_per_person_and_region",
                violation_error_message=_("Diese Person hat diese Rolle in der Region schon."),
                violation_error_code="role_held",
            ),
            models.UniqueConstraint(
                fields=["user", "region", "role", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="one_role_per_person_and_municipality",
                violation_error_message=_("Diese Person hat diese Rolle für diese Kommune schon."),
                violation_error_code="role_held",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="officer") | models.Q(municipality__isnull=False),
                name="officer_has_municipality",
                violation_error_message=_("Bitte wählen Sie die Kommune, für die die Person handelt."),
                violation_error_code="municipality_missing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.region})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def default_invitation_expiry() -> Any:
    return timezone.now() + INVITATION_VALIDITY


class Invitation(FieldConstraintsModel):
    """An e-mail invitation into a region with a role; accepted by its secret link."""

    constraint_fields = {"already_invited": "email"}

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Region")
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Kommune")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("Organisation"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Eingeladen von")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_address",
                violation_error_message=_(
                    "An diese E-Mail-Adresse ist schon eine Einladung in diese Region unterwegs."
                ),
                violation_error_code="already_invited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.region})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """Machine access to one region's API: a secret shown once, stored only as its SHA-256 hash.

    The token acts for the person who created it, within this region only: reads as that person
    may, writes only for the modules named in ``write_scopes`` (empty: read-only).
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("Region")
    )
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    write_scopes = models.JSONField(_("Schreibrechte"), default=list, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("Angelegt von")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("Gültig bis"))
    last_used_at = models.DateTimeField(_("Zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
