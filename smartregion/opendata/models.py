"""The licence under which a region publishes its open data.

A region without a row publishes under the default, the Datenlizenz Deutschland – Namensnennung –
Version 2.0, with its own name as the attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartregion.core.scoping import RegionScopedManager
from smartregion.regions.models import Region


class Licence(models.TextChoices):
    DL_DE_BY = "dl-de/by-2-0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_DE_ZERO = "dl-de/zero-2-0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY = "CC-BY-4.0", _("Creative Commons Namensnennung 4.0 International")
    CC_ZERO = "CC0-1.0", _("Creative Commons Zero 1.0 Universell (gemeinfrei)")


DEFAULT_LICENCE = Licence.DL_DE_BY


@dataclass(frozen=True)
class LicenceTerms:
    """Where a licence's text is (``url``, for people) and how DCAT-AP.de names it (``uri``, from
    its licence vocabulary, which open data portals such as GovData read)."""

    url: str
    uri: str
    needs_attribution: bool


TERMS: dict[str, LicenceTerms] = {
    Licence.DL_DE_BY: LicenceTerms(
        "https://www.govdata.de/dl-de/by-2-0", "http://dcat-ap.de/def/licenses/dl-by-de/2.0", True
    ),
    Licence.DL_DE_ZERO: LicenceTerms(
        "https://www.govdata.de/dl-de/zero-2-0", "http://dcat-ap.de/def/licenses/dl-zero-de/2.0", False
    ),
    Licence.CC_BY: LicenceTerms(
        "https://creativecommons.org/licenses/by/4.0/deed.de",
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        True,
    ),
    Licence.CC_ZERO: LicenceTerms(
        "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
        "http://dcat-ap.de/def/licenses/cc-zero",
        False,
    ),
}


class OpenDataLicence(models.Model):
    """The licence a region's coordinators chose for its open data, and whom users must name."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="open_data_licence", verbose_name=_("Region")
    )
    licence = models.CharField(_("Lizenz"), max_length=20, choices=Licence.choices, default=DEFAULT_LICENCE)
    attribution = models.CharField(
        _("Namensnennung"),
        max_length=200,
        blank=True,
        help_text=_("Wen Nutzerinnen und Nutzer der Daten nennen müssen; leer: der Name der Region."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionScopedManager()

    class Meta:
        verbose_name = _("Lizenz der offenen Daten")
        verbose_name_plural = _("Lizenzen der offenen Daten")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.licence}"
