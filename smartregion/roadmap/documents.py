"""The roadmap as PDF: the same timeline and table as the page, for every project on it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from smartregion.core.documents import render_pdf
from smartregion.regions.models import Region
from smartregion.roadmap import gantt, selectors

ALL = 100_000  # every project on one "page" of the roadmap


def roadmap_pdf(region: Region, viewer: Any, chosen: selectors.RoadmapFilter) -> bytes:
    plan = selectors.roadmap(region, viewer, chosen, per_page=ALL)
    context = {
        "region": region,
        "plan": plan,
        "charts": gantt.svg_pages(plan, element_id="zeitplan-pdf"),
        "created_on": date_format(timezone.localdate(), "j. F Y"),
        "chosen": chosen,
    }
    return render_pdf("roadmap/roadmap_pdf.html", context)
