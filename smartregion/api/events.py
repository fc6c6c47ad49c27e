"""Veranstaltungen: /regions/{slug}/events/, /events/{id}/… (full paths; mounted at the API root)."""

from ninja import Router

router = Router(tags=["Veranstaltungen"])
