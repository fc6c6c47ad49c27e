"""Umfragen: /regions/{slug}/surveys/, /surveys/{id}/… (full paths; mounted at the API root)."""

from ninja import Router

router = Router(tags=["Umfragen"])
