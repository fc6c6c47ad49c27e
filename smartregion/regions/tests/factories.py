"""Factories for regions, municipalities and organisations."""

from __future__ import annotations

import factory

from smartregion.regions.grammar import name_forms
from smartregion.regions.models import FederalState, Municipality, Organisation, OrganisationKind, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kreis Beispiel {n}")
    name_dative = factory.LazyAttribute(lambda region: name_forms(region.name).dative)
    name_genitive = factory.LazyAttribute(lambda region: name_forms(region.name).genitive)
    slug = factory.Sequence(lambda n: f"kreis-beispiel-{n}")
    federal_state = FederalState.NW
    official_key = ""
    description = "Eine Region für Tests."


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")
    # 99… is no real district key, so generated keys never clash with demo data.
    ags = factory.Sequence(lambda n: f"{99000000 + n:08d}")
    population = 10000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.OTHER
    website = ""
