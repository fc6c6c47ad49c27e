"""The region of an API operation: 404 for a module the region has switched off, and from then on
the operation's queries are scoped to that region (``core.scoping``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from smartregion.core import modules, scoping
from smartregion.regions.models import Region


def ensure_module(region: Region, key: str) -> None:
    """Answer 404 when the region has switched the module ``key`` off."""
    if not modules.is_on(region, key):
        raise HttpError(404, _("Diese Region nutzt dieses Modul nicht."))
    scoping.activate(region)


def region_or_404(slug: str, key: str) -> Region:
    """The region with this slug that uses the module ``key``, else 404 with a German message."""
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise HttpError(404, _("Diese Region gibt es nicht."))
    ensure_module(region, key)
    return region
