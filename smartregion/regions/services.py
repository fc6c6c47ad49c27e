"""Every write to regions, municipalities and organisations."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregion.core import modules
from smartregion.core.models import AuditEvent, record_event
from smartregion.core.modules import Retained
from smartregion.core.updates import apply_changes
from smartregion.regions import legal
from smartregion.regions.grammar import name_forms
from smartregion.regions.models import (
    Compliance,
    LegalDetails,
    Municipality,
    Organisation,
    Region,
    ags_validator,
)

MUNICIPALITY_FIELDS = ("name", "slug", "ags", "population")
ORGANISATION_FIELDS = ("name", "slug", "kind", "website")
REGION_PAGE_FIELDS = (
    "name",
    "name_dative",
    "name_genitive",
    "description",
    "imprint",
    "privacy",
    "accessibility",
)
# The Markdown additions below each legal page are kept on the region.
LEGAL_ADDITIONS = ("imprint", "privacy", "accessibility")
LEGAL_FIELDS = tuple(
    f.name for f in LegalDetails._meta.concrete_fields if f.name not in {"id", "region", "updated_at"}
)


def _slug_for(name: str, slug: str | None) -> str:
    result = slugify(slug or name.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
    if not result:
        raise ValidationError({"slug": _("Bitte geben Sie einen Kurznamen aus Buchstaben oder Ziffern an.")})
    return result


def _check_unique_slug(model: type[Any], *, region: Region, slug: str, exclude_pk: int | None) -> None:
    clash = model.objects.filter(region=region, slug=slug)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"slug": _("Der Kurzname „%(slug)s“ ist in dieser Region bereits vergeben.") % {"slug": slug}}
        )


def _check_unique_ags(*, ags: str, exclude_pk: int | None) -> None:
    if not ags:
        return
    # Check the form first: a malformed key (e.g. with a NUL byte) must not reach the query.
    try:
        ags_validator(ags)
    except ValidationError as exc:
        raise ValidationError({"ags": exc.messages}) from exc
    clash = Municipality.objects.filter(ags=ags)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"ags": _("Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet.")}
        )


@transaction.atomic
def create_region(
    *,
    name: str,
    federal_state: str,
    slug: str | None = None,
    official_key: str = "",
    description: str = "",
    actor: Any = None,
) -> Region:
    """Create a region (tenant). Raises ValidationError on a taken slug or a bad key."""
    slug = _slug_for(name, slug)
    if Region.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Der Kurzname „%(slug)s“ ist bereits vergeben.") % {"slug": slug}})
    name = " ".join(name.split())
    forms = name_forms(name)
    region = Region(
        name=name,
        name_dative=forms.dative,
        name_genitive=forms.genitive,
        slug=slug,
        federal_state=federal_state,
        official_key=official_key,
        description=description,
    )
    region.full_clean()
    region.save()
    details = legal.defaults(region)
    details.full_clean()
    details.save()
    record_event(action="region.created", obj=region, actor=actor, region=region)
    return region


@transaction.atomic
def update_region_pages(*, region: Region, actor: Any, data: dict[str, Any]) -> Region:
    """Change a region's name, the grammatical forms of its name, its description and the additions
    to its legal pages.

    A new name brings new forms ("im Kreis …", "des Kreises …") unless the forms are given too or
    were changed by hand before (then they stay for the coordinator to correct).
    """
    region = Region.objects.select_for_update().get(pk=region.pk)
    old = name_forms(region.name)
    derived = (region.name_dative, region.name_genitive) in {(old.dative, old.genitive), ("", "")}
    changed = apply_changes(region, data, REGION_PAGE_FIELDS)
    if "name" in changed and derived and not {"name_dative", "name_genitive"} & set(changed):
        renamed = name_forms(region.name)
        region.name_dative, region.name_genitive = renamed.dative, renamed.genitive
        changed += ["name_dative", "name_genitive"]
    new = name_forms(region.name)
    for name, fallback in (("name_dative", new.dative), ("name_genitive", new.genitive)):
        value = " ".join(str(getattr(region, name)).split())
        if not value and name in data:
            raise ValidationError({name: _("Bitte geben Sie an, wie der Name in diesem Satz lautet.")})
        setattr(region, name, value or fallback)
    region.full_clean()
    region.save()
    record_event(
        action="region.updated", obj=region, actor=actor, region=region, details={"fields": sorted(changed)}
    )
    return region


@transaction.atomic
def set_modules_in_use(*, region: Region, actor: Any, in_use: list[str]) -> Region:
    """Switch the region's optional modules on (listed in ``in_use``) and off (all others)."""
    switchable = {module.key for module in modules.switchable()}
    unknown = sorted(set(in_use) - {module.key for module in modules.modules()})
    if unknown:
        raise ValidationError(
            {"in_use": _("Diese Module gibt es nicht: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = sorted(region.switched_off_modules or [])
    region.switched_off_modules = sorted(switchable - set(in_use))
    region.save(update_fields=["switched_off_modules"])
    record_event(
        action="region.modules_changed",
        obj=region,
        actor=actor,
        region=region,
        details={"switched_off": region.switched_off_modules, "before": before},
    )
    return region


@transaction.atomic
def create_municipality(
    *,
    region: Region,
    name: str,
    slug: str | None = None,
    ags: str = "",
    population: int | None = None,
    actor: Any = None,
) -> Municipality:
    """Add a municipality to a region; slug unique in the region, AGS unique overall."""
    slug = _slug_for(name, slug)
    _check_unique_slug(Municipality, region=region, slug=slug, exclude_pk=None)
    _check_unique_ags(ags=ags, exclude_pk=None)
    municipality = Municipality(region=region, name=name.strip(), slug=slug, ags=ags, population=population)
    municipality.full_clean(validate_constraints=False)
    municipality.save()
    record_event(action="municipality.created", obj=municipality, actor=actor, region=region)
    return municipality


@transaction.atomic
def update_municipality(*, municipality: Municipality, actor: Any, data: dict[str, Any]) -> Municipality:
    """Change a municipality's name, slug, AGS or population."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    apply_changes(municipality, data, MUNICIPALITY_FIELDS)
    municipality.slug = _slug_for(municipality.name, municipality.slug)
    _check_unique_slug(
        Municipality, region=municipality.region, slug=municipality.slug, exclude_pk=municipality.pk
    )
    _check_unique_ags(ags=municipality.ags, exclude_pk=municipality.pk)
    municipality.full_clean(validate_constraints=False)
    municipality.save()
    record_event(
        action="municipality.updated",
        obj=municipality,
        actor=actor,
        region=municipality.region,
        details={k: str(data[k]) for k in MUNICIPALITY_FIELDS if k in data},
    )
    return municipality


@transaction.atomic
def create_organisation(
    *,
    region: Region,
    name: str,
    kind: str,
    slug: str | None = None,
    website: str = "",
    actor: Any = None,
) -> Organisation:
    """Add a partner organisation to a region."""
    slug = _slug_for(name, slug)
    _check_unique_slug(Organisation, region=region, slug=slug, exclude_pk=None)
    organisation = Organisation(region=region, name=name.strip(), slug=slug, kind=kind, website=website)
    organisation.full_clean(validate_constraints=False)
    organisation.save()
    record_event(action="organisation.created", obj=organisation, actor=actor, region=region)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, actor: Any, data: dict[str, Any]) -> Organisation:
    """Change an organisation's name, slug, kind or website."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    apply_changes(organisation, data, ORGANISATION_FIELDS)
    organisation.slug = _slug_for(organisation.name, organisation.slug)
    _check_unique_slug(
        Organisation, region=organisation.region, slug=organisation.slug, exclude_pk=organisation.pk
    )
    organisation.full_clean(validate_constraints=False)
    organisation.save()
    record_event(action="organisation.updated", obj=organisation, actor=actor, region=organisation.region)
    return organisation


_BLANK_TEXT_FIELDS = {
    f.name
    for f in LegalDetails._meta.concrete_fields
    if not f.null and f.get_internal_type() in {"CharField", "TextField", "EmailField", "URLField"}
}


def _clean_barriers(barriers: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for item in barriers:
        barrier = " ".join(str(item.get("barrier", "")).split())
        alternative = " ".join(str(item.get("alternative", "")).split())
        if not barrier and not alternative:
            continue
        if not barrier:
            raise ValidationError({"barriers": _("Bitte beschreiben Sie zu jeder Alternative die Barriere.")})
        cleaned.append({"barrier": barrier[:500], "alternative": alternative[:500]})
    return cleaned


def _check_statement(details: LegalDetails) -> None:
    """The accessibility statement must be consistent: dates in order, status matching the list."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if details.statement_date and details.statement_date > today:
        errors["statement_date"] = _("Die Erklärung kann nicht in der Zukunft erstellt sein.")
    if details.last_review and details.last_review > today:
        errors["last_review"] = _("Die letzte Überprüfung kann nicht in der Zukunft liegen.")
    elif details.last_review and details.statement_date and details.last_review < details.statement_date:
        errors["last_review"] = _(
            "Die letzte Überprüfung kann nicht vor der Erstellung der Erklärung liegen."
        )
    if details.compliance == Compliance.FULL and details.barriers:
        errors["compliance"] = _(
            "Solange Inhalte nicht barrierefrei sind, ist die Plattform nur teilweise vereinbar. Wählen Sie "
            "„teilweise vereinbar“ oder entfernen Sie die Einträge der Liste."
        )
    elif details.compliance != Compliance.FULL and not details.barriers:
        errors["barriers"] = _(
            "Bitte nennen Sie die Inhalte, die nicht barrierefrei sind, und ihre Alternativen."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_legal_details(
    *,
    region: Region,
    actor: Any,
    data: dict[str, Any],
    barriers: list[dict[str, str]] | None = None,
) -> LegalDetails:
    """Change what the region's legal pages are built from; ``data`` names fields of
    ``LegalDetails`` and the additions (``imprint``, ``privacy``, ``accessibility``), ``barriers``
    replaces the list of content that is not accessible. All or nothing: a refusal (a German
    message per field) changes nothing."""
    region = Region.objects.select_for_update().get(pk=region.pk)
    details = LegalDetails.objects.filter(region=region).first() or legal.defaults(region)
    changed = apply_changes(details, data, LEGAL_FIELDS, none_as_blank=_BLANK_TEXT_FIELDS)
    if barriers is not None:
        cleaned = _clean_barriers(barriers)
        if cleaned != details.barriers:
            changed.append("barriers")
        details.barriers = cleaned
    _check_statement(details)
    details.full_clean(exclude=["region"])
    details.save()
    additions = apply_changes(region, data, LEGAL_ADDITIONS, none_as_blank=LEGAL_ADDITIONS)
    if additions:
        region.save(update_fields=additions)
    record_event(
        action="region.legal_updated",
        obj=region,
        actor=actor,
        region=region,
        details={"fields": sorted(changed + additions)},
    )
    return details


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day where it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def apply_retention(now: datetime.datetime) -> list[Retained]:
    """The periods the regions set in their legal details: change log entries older than the region's
    period go; the login log, which no region owns, keeps what the strictest region allows. Failed
    logins count only while they lock (``AXES_COOLOFF_TIME``) and go after that."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    details = {
        region.pk: LegalDetails.objects.filter(region=region).first() or legal.defaults(region)
        for region in Region.objects.all()
    }
    audit = 0
    for region_id, region_details in details.items():
        cutoff = months_before(now, region_details.audit_retention_months)
        removed, _by_model = AuditEvent.objects.filter(region_id=region_id, created_at__lt=cutoff).delete()
        audit += removed
    default = LegalDetails._meta.get_field("audit_retention_months").get_default()
    removed, _by_model = AuditEvent.objects.filter(
        region__isnull=True, created_at__lt=months_before(now, default)
    ).delete()
    audit += removed
    log_days = min(
        [d.log_retention_days for d in details.values()]
        or [LegalDetails._meta.get_field("log_retention_days").get_default()]
    )
    log_cutoff = now - datetime.timedelta(days=log_days)
    logins, _by_model = AccessLog.objects.filter(attempt_time__lt=log_cutoff).delete()
    failures, _by_model = AccessFailureLog.objects.filter(attempt_time__lt=log_cutoff).delete()
    cooled = now - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempts, _by_model = AccessAttempt.objects.filter(attempt_time__lt=cooled).delete()
    return [
        Retained(_("Einträge im Änderungsprotokoll"), audit),
        Retained(_("Einträge im Anmeldeprotokoll"), logins + failures),
        Retained(_("Abgelaufene Fehlversuche bei der Anmeldung"), attempts),
    ]
