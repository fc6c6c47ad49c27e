"""Regions are the tenants: a district (Kreis) with its municipalities and partners."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from smartregion.core.constraints import FieldConstraintsModel
from smartregion.regions.grammar import name_forms

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


FORMATTING_HELP = _(
    "Erscheint unter den Pflichtangaben. Absätze trennen Sie durch eine Leerzeile; "
    "„## Überschrift“ setzt eine Zwischenüberschrift, „- “ am Zeilenanfang einen Listenpunkt, "
    "[Text](https://…) einen Link."
)


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
    name_dative = models.CharField(
        _("Name nach „in“"),
        max_length=230,
        blank=True,
        # Rows written without the forms (older code, an older migration state) read them from the
        # name (``name_in``, ``name_of``) until they are stored.
        db_default="",
        help_text=_(
            "So steht der Name in Sätzen wie „Umfragen im Kreis Steinfurt“, z. B. „im Kreis Steinfurt“."
        ),
    )
    name_genitive = models.CharField(
        _("Name im Genitiv"),
        max_length=230,
        blank=True,
        db_default="",
        help_text=_(
            "So steht der Name in Sätzen wie „Ihr Team des Kreises Steinfurt“, z. B. „des Kreises Steinfurt“."
        ),
    )
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    imprint = models.TextField(_("Ergänzung zum Impressum"), blank=True, help_text=FORMATTING_HELP)
    privacy = models.TextField(_("Ergänzung zur Datenschutzerklärung"), blank=True, help_text=FORMATTING_HELP)
    accessibility = models.TextField(
        _("Ergänzung zur Erklärung zur Barrierefreiheit"), blank=True, help_text=FORMATTING_HELP
    )
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

    @property
    def name_in(self) -> str:
        """The name after "in": "im Kreis Steinfurt" (stored, else derived from the name); in another
        language the phrase of that language ("in Kreis Steinfurt")."""
        if not _german_active():
            return pgettext("region name with preposition", "in %(name)s") % {"name": self.name}
        return self.name_dative or name_forms(self.name).dative

    @property
    def name_of(self) -> str:
        """The name in the genitive: "des Kreises Steinfurt" (stored, else derived from the name); in
        another language the phrase of that language ("of Kreis Steinfurt")."""
        if not _german_active():
            return pgettext("region name with preposition", "of %(name)s") % {"name": self.name}
        return self.name_genitive or name_forms(self.name).genitive


def _german_active() -> bool:
    return (get_language() or "de").startswith("de")


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
            models.UniqueConstraint(
                fields=["region", "slug"],
                name="municipality_slug_per_region",
                violation_error_message=_("Dieser Kurzname ist in dieser Region bereits vergeben."),
            ),
            models.UniqueConstraint(
                fields=["ags"],
                condition=~models.Q(ags=""),
                name="municipality_ags_unique",
                violation_error_message=_(
                    "Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet."
                ),
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
            models.UniqueConstraint(
                fields=["region", "slug"],
                name="organisation_slug_per_region",
                violation_error_message=_("Dieser Kurzname ist in dieser Region bereits vergeben."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


postal_code_validator = RegexValidator(
    regex=r"\A[0-9]{5}\Z", message=_("Eine Postleitzahl besteht aus genau 5 Ziffern.")
)
phone_validator = RegexValidator(
    regex=r"\A\+?[0-9][0-9 ()/–-]{4,38}\Z",
    message=_("Bitte geben Sie eine Telefonnummer aus Ziffern an, z. B. „02551 69-0“."),
)
vat_id_validator = RegexValidator(
    regex=r"\ADE[0-9]{9}\Z",
    message=_("Eine deutsche Umsatzsteuer-Identifikationsnummer hat die Form „DE“ und 9 Ziffern."),
)


class Compliance(models.TextChoices):
    FULL = "vollstaendig", _("vollständig vereinbar")
    PARTIAL = "teilweise", _("teilweise vereinbar")
    NONE = "nicht", _("nicht vereinbar")


class AssessmentMethod(models.TextChoices):
    SELF = "selbstbewertung", _("Selbstbewertung")
    EXTERNAL = "pruefung", _("Prüfung durch eine unabhängige Stelle")


class AfterAccountDeletion(models.TextChoices):
    ANONYMISE = "anonymisieren", _("anonymisiert behalten")
    REMOVE = "entfernen", _("entfernen")


RETENTION_MONTHS = (MinValueValidator(1), MaxValueValidator(120))
RETENTION_DAYS = (MinValueValidator(1), MaxValueValidator(730))


class LegalDetails(FieldConstraintsModel):
    """What a region's Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit are built
    from: the responsible public body, its data protection officer, the state's authorities, the
    storage periods the region sets and the state of its accessibility statement.

    A region without a row shows the defaults of its federal state (``regions.legal.defaults``).
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="legal_details", verbose_name=_("Region")
    )
    # Impressum (§ 5 DDG, § 18 MStV) -------------------------------------------------------------
    body_name = models.CharField(
        _("Name der Körperschaft"), max_length=200, help_text=_("z. B. „Kreis Steinfurt“")
    )
    legal_form = models.CharField(
        _("Rechtsform"), max_length=200, default="Körperschaft des öffentlichen Rechts"
    )
    representative = models.CharField(
        _("Vertreten durch"),
        max_length=200,
        blank=True,
        help_text=_("Wer die Körperschaft vertritt, mit Amt, z. B. „Landrat Dr. Martin Sommer“."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    vat_id = models.CharField(
        _("Umsatzsteuer-Identifikationsnummer"),
        max_length=11,
        blank=True,
        validators=[vat_id_validator],
        help_text=_("Nur, wenn die Körperschaft eine hat."),
    )
    supervisory_authority = models.CharField(
        _("Zuständige Aufsichtsbehörde"),
        max_length=300,
        blank=True,
        help_text=_("Die Behörde, die die Kommunalaufsicht führt, mit Anschrift."),
    )
    content_responsible = models.CharField(
        _("Verantwortlich für den Inhalt"),
        max_length=300,
        blank=True,
        help_text=_("Name und Anschrift der Person, die für die Inhalte verantwortlich ist."),
    )
    # Datenschutz ---------------------------------------------------------------------------------
    dpo_name = models.CharField(
        _("Datenschutzbeauftragte oder Datenschutzbeauftragter"),
        max_length=200,
        blank=True,
        help_text=_("Name oder Stelle, z. B. „Datenschutzbeauftragte des Kreises Steinfurt“."),
    )
    dpo_email = models.EmailField(_("E-Mail-Adresse der oder des Datenschutzbeauftragten"), blank=True)
    dpo_phone = models.CharField(
        _("Telefon der oder des Datenschutzbeauftragten"),
        max_length=40,
        blank=True,
        validators=[phone_validator],
    )
    data_protection_authority = models.TextField(
        _("Zuständige Datenschutz-Aufsichtsbehörde"),
        blank=True,
        help_text=_("Name und Anschrift; bei ihr können sich Betroffene beschweren."),
    )
    state_data_protection_law = models.CharField(
        _("Datenschutzgesetz des Landes"),
        max_length=200,
        blank=True,
        help_text=_(
            "Die Vorschrift, die die Verarbeitung für öffentliche Aufgaben erlaubt, z. B. „§ 3 DSG NRW“."
        ),
    )
    ideas_retention_months = models.PositiveSmallIntegerField(
        _("Ideen, Kommentare und Unterstützungen löschen nach (Monaten)"),
        default=24,
        validators=list(RETENTION_MONTHS),
        help_text=_("Gezählt ab dem Eingang. Die Region löscht sie nach dieser Frist."),
    )
    audit_retention_months = models.PositiveSmallIntegerField(
        _("Änderungsprotokoll aufbewahren (Monate)"),
        default=36,
        validators=list(RETENTION_MONTHS),
    )
    log_retention_days = models.PositiveSmallIntegerField(
        _("Anmeldeprotokoll aufbewahren (Tage)"),
        default=30,
        validators=list(RETENTION_DAYS),
        help_text=_("Zeitpunkt, IP-Adresse und Browser jeder Anmeldung."),
    )
    after_account_deletion = models.CharField(
        _("Beiträge einer Person, die ihr Konto löscht"),
        max_length=14,
        choices=AfterAccountDeletion.choices,
        default=AfterAccountDeletion.ANONYMISE,
        help_text=_(
            "Ideen, Kommentare, Unterstützungen und Anmeldungen: ohne Namen, E-Mail-Adresse und Konto "
            "behalten (Zahlen und Diskussionen bleiben vollständig) oder ganz entfernen."
        ),
    )
    # Barrierefreiheit ----------------------------------------------------------------------------
    accessibility_law = models.CharField(
        _("Rechtsgrundlage der Barrierefreiheit"),
        max_length=300,
        blank=True,
        help_text=_("Das Gesetz und die Verordnung Ihres Landes, z. B. „§ 10b BGG NRW und BITV NRW“."),
    )
    compliance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=12,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    barriers = models.JSONField(
        _("Nicht barrierefreie Inhalte"),
        default=list,
        blank=True,
        help_text=_("Je Eintrag die Barriere und die barrierefreie Alternative."),
    )
    assessment_method = models.CharField(
        _("Grundlage der Bewertung"),
        max_length=16,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    statement_date = models.DateField(_("Erklärung erstellt am"))
    last_review = models.DateField(_("Zuletzt überprüft am"), null=True, blank=True)
    feedback_contact = models.CharField(
        _("Ansprechstelle für Barrieren"),
        max_length=200,
        blank=True,
        help_text=_("Wer Meldungen zu Barrieren beantwortet, z. B. „Smart Region Büro“."),
    )
    feedback_email = models.EmailField(_("E-Mail-Adresse für Meldungen zu Barrieren"), blank=True)
    feedback_phone = models.CharField(
        _("Telefon für Meldungen zu Barrieren"), max_length=40, blank=True, validators=[phone_validator]
    )
    arbitration_name = models.CharField(
        _("Schlichtungs- oder Ombudsstelle des Landes"), max_length=300, blank=True
    )
    arbitration_address = models.TextField(_("Anschrift der Schlichtungsstelle"), blank=True)
    arbitration_phone = models.CharField(
        _("Telefon der Schlichtungsstelle"), max_length=40, blank=True, validators=[phone_validator]
    )
    arbitration_email = models.EmailField(_("E-Mail-Adresse der Schlichtungsstelle"), blank=True)
    arbitration_url = models.URLField(_("Website der Schlichtungsstelle"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Rechtliche Angaben")
        verbose_name_plural = _("Rechtliche Angaben")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_review__isnull=True)
                | models.Q(last_review__gte=models.F("statement_date")),
                name="legal_review_after_statement",
                violation_error_code="review_before_statement",
                violation_error_message=_(
                    "Die letzte Überprüfung kann nicht vor der Erstellung der Erklärung liegen."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ideas_retention_months__gte=1, ideas_retention_months__lte=120)
                & models.Q(audit_retention_months__gte=1, audit_retention_months__lte=120),
                name="legal_retention_months_1_to_120",
                violation_error_code="retention_months",
                violation_error_message=_("Bitte wählen Sie eine Frist zwischen 1 und 120 Monaten."),
            ),
            models.CheckConstraint(
                condition=models.Q(log_retention_days__gte=1, log_retention_days__lte=730),
                name="legal_log_retention_1_to_730_days",
                violation_error_code="log_retention",
                violation_error_message=_("Bitte wählen Sie eine Frist zwischen 1 und 730 Tagen."),
            ),
        ]

    # Where a refused constraint's message is shown (core.constraints).
    constraint_fields = {
        "review_before_statement": "last_review",
        "retention_months": "ideas_retention_months",
        "log_retention": "log_retention_days",
    }

    def __str__(self) -> str:
        return str(_("Rechtliche Angaben: %(region)s") % {"region": self.body_name})

    @property
    def address_lines(self) -> list[str]:
        """The postal address as lines: street, then postal code and city."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.street, place) if line]
