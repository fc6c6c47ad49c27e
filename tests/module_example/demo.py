"""The demo loader: a weather service as an organisation of each demo region (after "regions")."""

from smartregion.regions import services
from smartregion.regions.models import Organisation, Region

NAME = "Wetterstation (Demo)"


def stations_of(region: Region) -> list[str]:
    return list(Organisation.objects.filter(region=region, name=NAME).values_list("name", flat=True))


def load() -> list[str]:
    for region in Region.objects.all():
        if not stations_of(region):
            services.create_organisation(region=region, name=NAME, kind="sonstige")
    return [f"Wetter: {Organisation.objects.filter(name=NAME).count()} Stationen"]
