"""Every write to regions, municipalities and organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregion.core import modules
from smartregion.core.models import record_event
from smartregion.core.updates import apply_changes
from smartregion.regions.models import Municipality, Organisation, Region, ags_validator

MUNICIPALITY_FIELDS = ("name", "slug", "ags", "population")
ORGANISATION_FIELDS = ("name", "slug", "kind", "website")
REGION_PAGE_FIELDS = ("name", "description", "imprint", "privacy", "accessibility")


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
    region = Region(
        name=name.strip(),
        slug=slug,
        federal_state=federal_state,
        official_key=official_key,
        description=description,
    )
    region.full_clean()
    region.save()
    record_event(action="region.created", obj=region, actor=actor, region=region)
    return region


@transaction.atomic
def update_region_pages(*, region: Region, actor: Any, data: dict[str, Any]) -> Region:
    """Change a region's name, description and legal pages (Impressum, Datenschutz, Barrierefreiheit)."""
    region = Region.objects.select_for_update().get(pk=region.pk)
    changed = apply_changes(region, data, REGION_PAGE_FIELDS)
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
