"""/r/<region>/opendata/lizenz/ and ``services.choose_licence``: only the region's coordinators
choose the licence; a refused choice changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from smartregion.accounts.models import User
from smartregion.accounts.tests.factories import UserFactory
from smartregion.core.models import AuditEvent
from smartregion.opendata import selectors, services
from smartregion.opendata.models import OpenDataLicence
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

PAGE = "/r/kreis-steinfurt/opendata/lizenz/"
Login = Callable[[User], Client]


def test_a_region_without_a_choice_uses_the_default_with_its_name(steinfurt: Region) -> None:
    licence = selectors.licence_of(steinfurt)

    assert (licence.key, licence.attribution, licence.needs_attribution) == (
        "dl-de/by-2-0",
        "Kreis Steinfurt",
        True,
    )
    assert licence.uri == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def test_the_coordinator_chooses_a_licence_and_it_is_recorded(
    steinfurt: Region, coordinator: User, login: Login
) -> None:
    client = login(coordinator)
    assert 'value="dl-de/by-2-0"' in client.get(PAGE).text

    answer = client.post(
        PAGE, {"licence": "CC-BY-4.0", "attribution": "Kreis Steinfurt, Stabsstelle Digitales"}
    )

    assert answer.status_code == 302
    assert answer["Location"] == "/r/kreis-steinfurt/opendata/"
    licence = selectors.licence_of(steinfurt)
    assert (licence.key, licence.attribution) == ("CC-BY-4.0", "Kreis Steinfurt, Stabsstelle Digitales")
    event = AuditEvent.objects.get(action="opendata_licence.changed")
    assert (event.actor, event.region, event.details["licence"]) == (coordinator, steinfurt, "CC-BY-4.0")
    page = client.get("/r/kreis-steinfurt/opendata/").text
    assert "Creative Commons Namensnennung 4.0 International" in page
    assert "Kreis Steinfurt, Stabsstelle Digitales" in page


def test_an_empty_attribution_names_the_region_also_after_renaming(
    steinfurt: Region, coordinator: User
) -> None:
    services.choose_licence(region=steinfurt, actor=coordinator, licence="CC-BY-4.0", attribution="  ")
    steinfurt.name = "Kreis Steinfurt (neu)"
    steinfurt.save()

    assert selectors.licence_of(steinfurt).attribution == "Kreis Steinfurt (neu)"


def test_an_unknown_licence_is_refused_in_german_and_nothing_changes(
    steinfurt: Region, coordinator: User, login: Login
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.choose_licence(region=steinfurt, actor=coordinator, licence="MIT", attribution="")
    answer = login(coordinator).post(PAGE, {"licence": "MIT", "attribution": ""})

    assert "Diese Lizenz steht nicht zur Auswahl" in str(refused.value)
    assert answer.status_code == 400
    assert "MIT ist keine gültige Auswahl" in answer.text
    assert not OpenDataLicence.objects.exists()
    assert not AuditEvent.objects.filter(action="opendata_licence.changed").exists()


def test_an_attribution_with_a_line_break_is_refused_and_nothing_changes(
    steinfurt: Region, coordinator: User
) -> None:
    services.choose_licence(region=steinfurt, actor=coordinator, licence="CC0-1.0", attribution="")

    with pytest.raises(ValidationError) as refused:
        services.choose_licence(region=steinfurt, actor=coordinator, licence="CC-BY-4.0", attribution="A\nB")

    assert "Zeilenumbruch" in str(refused.value)
    assert selectors.licence_of(steinfurt).key == "CC0-1.0"


@pytest.mark.parametrize("who", ["citizen", "reader", "coesfeld_coordinator"])
def test_only_the_regions_coordinators_choose_the_licence(
    request: pytest.FixtureRequest, steinfurt: Region, login: Login, who: str
) -> None:
    person = UserFactory(email="buergerin@example.org") if who == "citizen" else request.getfixturevalue(who)
    client = login(person)

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"licence": "CC0-1.0", "attribution": "Ich"}).status_code == 403
    assert not OpenDataLicence.objects.exists()
    assert "/opendata/lizenz/" not in client.get("/r/kreis-steinfurt/opendata/").text


def test_an_anonymous_visitor_is_sent_to_the_login(steinfurt: Region, client: Client) -> None:
    answer = client.post(PAGE, {"licence": "CC0-1.0"})

    assert answer.status_code == 302
    assert answer["Location"].startswith("/konto/login/")
    assert not OpenDataLicence.objects.exists()
