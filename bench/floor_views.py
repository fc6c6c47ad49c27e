"""Bare views for the framework floor: the same rows as the app's pages, a tiny inline template.

Each view reads what the page shows (the region of the URL and the rows of page 1) with the ORM,
as model instances like the app does, and renders it without layout, context processors,
translations or permission checks. Pagination counts are left out: the floor shows the rows only.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Engine

from smartregion.regions.models import Municipality, Organisation, Region

ENGINE = Engine(autoescape=True)

REGIONS = ENGINE.from_string(
    "<!DOCTYPE html><html lang=de><title>Regionen</title><table>"
    "{% for r in rows %}<tr><td><a href='/r/{{ r.slug }}/'>{{ r.name }}</a></td>"
    "<td>{{ r.federal_state }}</td><td>{{ r.municipality_count }}</td></tr>{% endfor %}</table>"
)
REGION = ENGINE.from_string(
    "<!DOCTYPE html><html lang=de><title>{{ region.name }}</title><h1>{{ region.name }}</h1>"
    "<p>{{ region.description }}</p><ul><li>{{ region.n_municipalities }}</li>"
    "<li>{{ region.n_organisations }}</li></ul>"
    "<ul>{% for m in rows %}<li>{{ m.name }}</li>{% endfor %}</ul>"
)
MUNICIPALITIES = ENGINE.from_string(
    "<!DOCTYPE html><html lang=de><title>{{ region.name }}</title><table>"
    "{% for m in rows %}<tr><th>{{ m.name }}</th><td>{{ m.ags }}</td><td>{{ m.population }}</td></tr>"
    "{% endfor %}</table>"
)


TABLE = ENGINE.from_string(
    "<!DOCTYPE html><html lang=de><title>Ideen</title><table>"
    "{% for id, title, status, supports, created in rows %}"
    "<tr><th><a href='/ideen/{{ id }}/'>{{ title }}</a></th>"
    "<td>{{ status }}</td><td>{{ supports }}</td><td>{{ created|date:'d.m.Y' }}</td></tr>{% endfor %}</table>"
)


def _html(template: object, **context: object) -> HttpResponse:
    return HttpResponse(template.render(Context(context)))  # type: ignore[attr-defined]


def _count(model: type, field: str = "region") -> Coalesce:
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)  # type: ignore[attr-defined]
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def regions(request: HttpRequest) -> HttpResponse:
    rows = Region.objects.annotate(municipality_count=Count("municipalities")).order_by("name")[:24]
    return _html(REGIONS, rows=rows)


def region(request: HttpRequest, region_slug: str) -> HttpResponse:
    counted = Region.objects.annotate(
        n_municipalities=_count(Municipality),
        n_organisations=_count(Organisation),
    )
    obj = get_object_or_404(counted, slug=region_slug)
    rows = Municipality.objects.filter(region=obj).order_by("name")[:60]
    return _html(REGION, region=obj, rows=rows)


def municipalities(request: HttpRequest, region_slug: str) -> HttpResponse:
    obj = get_object_or_404(Region, slug=region_slug)
    rows = Municipality.objects.filter(region=obj).order_by("name")[:50]
    return _html(MUNICIPALITIES, region=obj, rows=rows)


def table_200(request: HttpRequest) -> HttpResponse:
    """The reference of bench/bench_pages.py: 200 rows of a table rendered by a bare view."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title, status, support_count, created_at FROM portfolio_idea ORDER BY id LIMIT 200"
        )
        rows = cursor.fetchall()
    return _html(TABLE, rows=rows)


def api_regions(request: HttpRequest) -> JsonResponse:
    rows = Region.objects.annotate(municipality_count=Count("municipalities")).order_by("name")[:50]
    items = [
        {
            "slug": r.slug,
            "name": r.name,
            "federal_state": r.federal_state,
            "official_key": r.official_key,
            "municipality_count": r.municipality_count,
        }
        for r in rows
    ]
    return JsonResponse({"items": items})
