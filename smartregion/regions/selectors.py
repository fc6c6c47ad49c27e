"""Reads of regions, municipalities and organisations, with bounded query counts."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from smartregion.regions.models import Municipality, Organisation, Region


def regions_for_start_page() -> QuerySet[Region]:
    """All regions with their number of municipalities, in one query."""
    return Region.objects.annotate(municipality_count=Count("municipalities")).order_by("name")


def municipalities_of(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name")


def organisations_of(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name")


def region_summary(region: Region) -> dict[str, int]:
    """Counts shown on the region's start page, in one query."""
    counts = Region.objects.filter(pk=region.pk).aggregate(
        municipalities=Count("municipalities", distinct=True),
        organisations=Count("organisations", distinct=True),
        members=Count("memberships", distinct=True),
    )
    return {key: int(value or 0) for key, value in counts.items()}
