"""The region's public projects as open data (``core.modules.OpenDataset``).

Only what the public project list shows: projects in a public status (selected, running or
completed), never ideas or profiles still being worked on, and never the contact person.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from smartregion.core.modules import SitePath
from smartregion.portfolio.models import PUBLIC_STATUSES, Project, ProjectStatus
from smartregion.regions.models import Region

COLUMNS = [
    "id",
    "titel",
    "kurzname",
    "stand",
    "kurzbeschreibung",
    "handlungsfelder",
    "kommunen",
    "federfuehrung",
    "beginn",
    "ende",
    "url",
]
# Projects read per round; each round reads their fields and places in two more queries.
CHUNK = 1000
SEPARATOR = "; "


def public_projects(region: Region) -> tuple[list[str], Iterator[list[Any]]]:
    """The region's public projects by title, read ``CHUNK`` at a time (three queries each).

    The status labels are worded when this is called, in the language active then.
    """
    labels = {value: str(label) for value, label in ProjectStatus.choices}
    projects = (
        Project.objects.filter(region=region, status__in=PUBLIC_STATUSES)
        .order_by("title", "pk")
        .values_list(
            "pk", "title", "slug", "status", "summary", "lead_organisation__name", "start_date", "end_date"
        )
    )
    return COLUMNS, _rows(region, projects, labels)


def _rows(region: Region, projects: QuerySet[Any], labels: dict[str, str]) -> Iterator[list[Any]]:
    found = projects.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(found, CHUNK)):
        ids = [row[0] for row in chunk]
        fields = _names(Project.fields.through.objects.filter(project_id__in=ids), "fieldofaction", "order")
        places = _names(
            Project.municipalities.through.objects.filter(project_id__in=ids), "municipality", "name"
        )
        for pk, title, slug, status, summary, lead, start, end in chunk:
            yield [
                pk,
                title,
                slug,
                labels.get(status, status),
                summary,
                SEPARATOR.join(fields.get(pk, ())),
                SEPARATOR.join(places.get(pk, ())),
                lead,
                start,
                end,
                SitePath(Project(region=region, slug=slug).get_absolute_url()),
            ]


def _names(links: QuerySet[Any], target: str, order: str) -> dict[int, list[str]]:
    """The names of the linked fields or places, by project."""
    found: dict[int, list[str]] = {}
    rows: Iterable[tuple[int, str]] = links.order_by(f"{target}__{order}", f"{target}__pk").values_list(
        "project_id", f"{target}__name"
    )
    for project_id, name in rows:
        found.setdefault(project_id, []).append(name)
    return found
