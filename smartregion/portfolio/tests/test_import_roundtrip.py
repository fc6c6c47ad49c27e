"""Steinfurt's 31 demo projects leave as CSV and XLSX and come back unchanged into an empty region,
through the pages a coordinator uses; a file with wrong columns is refused in German and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartregion.accounts.models import Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.core.models import AuditEvent
from smartregion.portfolio.columns import HEADERS
from smartregion.portfolio.models import Project
from smartregion.portfolio.tests.test_import_export import _profiles
from smartregion.regions.models import Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from smartregion.strategy import services as strategy_services

pytestmark = pytest.mark.django_db

EXPORT = "/r/kreis-steinfurt/projekte/export.{extension}"
TWIN_IMPORT = "/r/kreis-zwilling/projekte/import/"
TWIN_PREVIEW = "/r/kreis-zwilling/projekte/import/vorschau/"


@pytest.fixture(autouse=True)
def _coordinators_without_mfa(settings: Any) -> None:
    settings.REQUIRE_MFA_FOR_COORDINATORS = False


@pytest.fixture
def twin(demo: None) -> Region:
    """An empty region that knows Steinfurt's fields, municipalities and organisations by name."""
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    twin = RegionFactory(name="Kreis Zwilling", slug="kreis-zwilling")
    strategy = strategy_services.create_strategy(region=twin, title="Strategie")
    for field in steinfurt.strategy.fields.all():
        strategy_services.add_field(strategy=strategy, actor=None, name=field.name)
    for municipality in steinfurt.municipalities.all():
        MunicipalityFactory(region=twin, name=municipality.name)
    for organisation in steinfurt.organisations.all():
        OrganisationFactory(region=twin, name=organisation.name)
    return twin


@pytest.fixture
def twin_coordinator(twin: Region) -> User:
    user = UserFactory(email="koordination@zwilling.example")
    MembershipFactory(region=twin, role=Role.COORDINATOR, user=user)
    return user


def _state(region: Region) -> dict[str, Any]:
    return {
        "projects": Project.objects.filter(region=region).count(),
        "events": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_31_demo_projects_round_trip_through_export_and_import_pages(
    client, login, twin, twin_coordinator, extension
):
    steinfurt = Region.objects.get(slug="kreis-steinfurt")
    assert Project.objects.filter(region=steinfurt).count() == 31
    exported = client.get(EXPORT.format(extension=extension))
    assert exported.status_code == 200
    assert Project.objects.filter(region=twin).count() == 0

    coordinator = login(twin_coordinator)
    file = SimpleUploadedFile(f"projekte.{extension}", exported.content)
    uploaded = coordinator.post(TWIN_IMPORT, {"file": file})
    assert uploaded.status_code == 302
    preview = coordinator.get(uploaded["Location"]).content.decode()
    assert "31" in preview
    assert "Jetzt importieren" in preview
    done = coordinator.post(TWIN_PREVIEW, {"id": uploaded["Location"].split("id=")[1]})

    assert done.status_code == 302
    assert Project.objects.filter(region=twin).count() == 31
    assert _profiles(twin) == _profiles(steinfurt)
    assert all(project.version == 1 for project in Project.objects.filter(region=twin))


def test_csv_with_wrong_columns_is_refused_in_german_and_changes_nothing(
    client, login, twin, twin_coordinator
):
    exported = client.get(EXPORT.format(extension="csv")).content.decode("utf-8-sig")
    lines = exported.split("\r\n")
    assert lines[0].split(";") == list(HEADERS)
    lines[0] = lines[0].replace("Indikatoren", "Kennzahlen").replace("Titel", "Name")
    before = _state(twin)

    coordinator = login(twin_coordinator)
    file = SimpleUploadedFile("projekte.csv", "\r\n".join(lines).encode("utf-8-sig"))
    response = coordinator.post(TWIN_IMPORT, {"file": file})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Es fehlen die Spalten" in page
    assert "„Indikatoren“" in page
    assert "„Titel“" in page
    assert "„Kennzahlen“" in page
    assert _state(twin) == before
    assert not any(key.startswith("portfolio_import") for key, _value in coordinator.session.items())
