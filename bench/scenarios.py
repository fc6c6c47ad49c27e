"""The pages the benchmark loads. A new scenario is one more entry in ``SCENARIOS``.

``path`` may name values of the generated installation in braces:

- ``{big_region}``: slug of the region with the most municipalities,
- ``{typical_region}``: slug of a region with the median number of municipalities,
- ``{big_region_municipality}``: slug of the first municipality (by name) of ``big_region``.

Each scenario is measured against the app (gunicorn, full settings) and, when it says so, against
two references in the same run: the framework floor (``bench/floor_urls.py`` serves the same path
with a bare view and no middleware) and nginx serving a static copy of the page the app returned.
A page whose single request already takes longer than ``BENCH_SLOW_SECONDS`` is not put under
load; the table reports that one request's time instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str = ""
    # The floor serves the same path (bench/floor_urls.py); False: no floor reference.
    floor: bool = True
    # nginx serves a copy of the app's answer; only sensible for pages that read.
    static_copy: bool = True
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Status the pre-check expects (the load run counts every status outside 200-299 as an error).
    expect_status: int = 200

    def resolve(self, values: dict[str, str]) -> str:
        return self.path.format(**values)


SCENARIOS: list[Scenario] = [
    Scenario(
        name="start page",
        path="/",
        description="installation start page: first 24 of 400 regions with their municipality counts",
    ),
    Scenario(
        name="region page",
        path="/r/{typical_region}/",
        description="start page of a region with the median number of municipalities: counts and names",
    ),
    Scenario(
        name="region page (largest)",
        path="/r/{big_region}/",
        description="start page of the region with the most municipalities: counts and 60 municipality names",
    ),
    Scenario(
        name="municipality list",
        path="/r/{big_region}/kommunen/",
        description="page 1 (50 rows) of the municipalities of the region with the most municipalities",
    ),
    Scenario(
        name="API regions",
        path="/api/v1/regions/",
        description="API list of regions, first page (50 rows) with municipality counts",
    ),
]
