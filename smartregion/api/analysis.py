"""Bedarfsanalyse: /regions/{slug}/analyses/, /analyses/{id}/… (full paths; mounted at the API root)."""

from ninja import Router

router = Router(tags=["Bedarfsanalyse"])
