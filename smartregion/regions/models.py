"""Regions are the tenants: a district (Kreis) with its municipalities and partners."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# [0-9], not \d: \d also matches the digits of other scripts (e.g. Arabic-Indic "٠١٢٣٤٥٦٧").
ags_validator = RegexValidator(
    regex=r"\A[0-9]{8}\Z",
    message=_("Der amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern."),
)
district_key_validator = RegexValidator(
    regex=r"\A[0-9]{5}\Z",
    message=_("Der Kreisschlüssel besteht aus genau 5 Ziffern."),
)


class FederalState(models.TextChoices):
    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class Region(models.Model):
    """A district (Kreis) that runs a joint digitalisation strategy: the tenant."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80, unique=True)
    federal_state = models.CharField(_("Bundesland"), max_length=2, choices=FederalState.choices)
    official_key = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        blank=True,
        validators=[district_key_validator],
        help_text=_("Amtlicher Kreisschlüssel, 5 Ziffern, z. B. 05566 für Kreis Steinfurt."),
    )
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    imprint = models.TextField(_("Impressum"), blank=True, help_text=_("Markdown"))
    privacy = models.TextField(_("Datenschutzerklärung"), blank=True, help_text=_("Markdown"))
    accessibility = models.TextField(_("Erklärung zur Barrierefreiheit"), blank=True, help_text=_("Markdown"))
    switched_off_modules = models.JSONField(
        _("Abgeschaltete Module"),
        default=list,
        blank=True,
        help_text=_("Schlüssel der Module, die diese Region nicht nutzt (siehe core.modules)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", kwargs={"region_slug": self.slug})


class Municipality(models.Model):
    """A member town or municipality (Stadt, Gemeinde, Amt) of a region."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("Region")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        blank=True,
        validators=[ags_validator],
        help_text=_("8 Ziffern, falls bekannt."),
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="municipality_slug_per_region"),
            models.UniqueConstraint(
                fields=["ags"],
                condition=~models.Q(ags=""),
                name="municipality_ags_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    DISTRICT_ADMINISTRATION = "kreisverwaltung", _("Kreisverwaltung")
    MUNICIPALITY = "kommune", _("Stadt/Gemeinde")
    UTILITY = "stadtwerke", _("Stadtwerke")
    UNIVERSITY = "hochschule", _("Hochschule")
    ASSOCIATION = "verein", _("Verein/Verband")
    COMPANY = "unternehmen", _("Unternehmen")
    OTHER = "sonstige", _("Sonstige")


class Organisation(models.Model):
    """A partner organisation of a region: administration, utility, university, …"""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("Region")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80)
    kind = models.CharField(_("Art"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="organisation_slug_per_region"),
        ]

    def __str__(self) -> str:
        return self.name
