from django.http import HttpRequest
from ninja import Router, Schema

from smartregion.api.scoping import region_or_404
from tests.module_example.demo import stations_of

router = Router(tags=["Wetter"])


class StationsOut(Schema):
    region: str
    stations: list[str]


@router.get("/regions/{slug}/weather/", response=StationsOut, summary="Wetterstationen einer Region")
def stations(request: HttpRequest, slug: str) -> dict[str, object]:
    region = region_or_404(slug, "weather")
    return {"region": region.slug, "stations": stations_of(region)}
