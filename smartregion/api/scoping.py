"""The region of an API operation: 404 for a module the region has switched off, and from then on
the operation's queries are scoped to that region (``core.scoping``).

A request made with an API key stays in the key's region (``key_region``, set by ``api.token_limits``):
an operation that finds its region by an object's number (``/projects/{id}/``) refuses another region's
object with 403, as one that names the region in its address does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from smartregion.core import modules, scoping
from smartregion.regions.models import Region

_key_region: ContextVar[Region | None] = ContextVar("api_key_region", default=None)


@contextmanager
def key_region(region: Region) -> Iterator[None]:
    """While an operation runs for an API key: the region the key belongs to."""
    reset = _key_region.set(region)
    try:
        yield
    finally:
        _key_region.reset(reset)


def refuse_other_region(region: Region) -> None:
    """403 when the request's API key belongs to another region than ``region``."""
    own = _key_region.get()
    if own is not None and own.pk != region.pk:
        raise HttpError(403, _("Dieser API-Schlüssel gilt nur %(name_in)s.") % {"name_in": own.name_in})


def ensure_module(region: Region, key: str, *, foreign_key_may_read: bool = False) -> None:
    """Answer 404 when the region has switched the module ``key`` off; 403 for an API key of another
    region, unless the operation reads another region's public object on purpose (``foreign_key_may_read``:
    adopting a project checks the key against the region it writes to)."""
    if not foreign_key_may_read:
        refuse_other_region(region)
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
