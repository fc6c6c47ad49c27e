from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region
from tests.module_example.demo import stations_of


@region_view
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    return render(
        request, "module_example/overview.html", {"region": region, "stations": stations_of(region)}
    )
