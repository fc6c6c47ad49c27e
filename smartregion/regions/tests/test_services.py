"""Services of regions: municipalities and organisations are validated and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregion.core.models import AuditEvent
from smartregion.regions import services
from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region
from smartregion.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _snapshot(municipality: Municipality) -> tuple[object, ...]:
    fresh = Municipality.objects.get(pk=municipality.pk)
    return (fresh.name, fresh.slug, fresh.ags, fresh.population)


def test_create_region_derives_slug_and_records_event(coordinator):
    region = services.create_region(name="Kreis Höxter", federal_state="NW", actor=coordinator)

    assert region.slug == "kreis-hoexter"
    event = AuditEvent.objects.get(action="region.created")
    assert event.region == region
    assert event.actor == coordinator


def test_create_region_refuses_taken_slug(steinfurt):
    with pytest.raises(ValidationError) as excinfo:
        services.create_region(name="Kreis Steinfurt", federal_state="NW")

    assert "bereits vergeben" in excinfo.value.message_dict["slug"][0]
    assert Region.objects.count() == 1


def test_create_region_refuses_malformed_district_key(db):
    with pytest.raises(ValidationError) as excinfo:
        services.create_region(name="Kreis X", federal_state="NW", official_key="123")

    assert "official_key" in excinfo.value.message_dict
    assert not Region.objects.exists()


def test_create_municipality_saves_and_records_event(steinfurt, coordinator):
    municipality = services.create_municipality(
        region=steinfurt, name="Hörstel", ags="05566016", population=20000, actor=coordinator
    )

    assert municipality.slug == "hoerstel"
    assert Municipality.objects.get(region=steinfurt, slug="hoerstel").ags == "05566016"
    event = AuditEvent.objects.get(action="municipality.created")
    assert (event.object_type, event.object_id) == ("regions.municipality", str(municipality.pk))
    assert event.actor == coordinator
    assert event.region == steinfurt


def test_create_municipality_with_duplicate_slug_in_region_is_refused(greven):
    with pytest.raises(ValidationError) as excinfo:
        services.create_municipality(region=greven.region, name="Greven (neu)", slug="greven")

    assert excinfo.value.message_dict["slug"] == [
        "Der Kurzname „greven“ ist in dieser Region bereits vergeben."
    ]
    assert Municipality.objects.count() == 1
    assert not AuditEvent.objects.filter(action="municipality.created").exists()


def test_same_slug_in_another_region_is_allowed(greven, coesfeld):
    municipality = services.create_municipality(region=coesfeld, name="Greven", ags="")

    assert municipality.slug == "greven"
    assert Municipality.objects.filter(slug="greven").count() == 2


@pytest.mark.parametrize(
    "ags",
    [
        "0556601",
        "055660123",
        "0556601a",
        "05 56601",
        "abcdefgh",
        "05566012\n",
        "\u0660\u0665\u0665\u0666\u0666\u0660\u0661\u0662",  # Arabic-Indic digits
        "０５５６６０１２",  # fullwidth digits
    ],
)
def test_create_municipality_with_malformed_ags_is_refused(steinfurt, ags):
    with pytest.raises(ValidationError) as excinfo:
        services.create_municipality(region=steinfurt, name="Ladbergen", ags=ags)

    assert "ags" in excinfo.value.message_dict
    assert not Municipality.objects.exists()


def test_create_municipality_with_ags_of_another_municipality_is_refused(greven, coesfeld):
    with pytest.raises(ValidationError) as excinfo:
        services.create_municipality(region=coesfeld, name="Billerbeck", ags=greven.ags)

    assert excinfo.value.message_dict["ags"] == [
        "Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet."
    ]
    assert list(Municipality.objects.all()) == [greven]


def test_create_municipality_without_letters_in_name_or_slug_is_refused(steinfurt):
    with pytest.raises(ValidationError) as excinfo:
        services.create_municipality(region=steinfurt, name="–––")

    assert "slug" in excinfo.value.message_dict
    assert not Municipality.objects.exists()


def test_update_municipality_changes_fields_and_records_event(greven, officer):
    services.update_municipality(
        municipality=greven, actor=officer, data={"name": "Stadt Greven", "population": 38000}
    )

    greven.refresh_from_db()
    assert (greven.name, greven.slug, greven.population) == ("Stadt Greven", "greven", 38000)
    event = AuditEvent.objects.get(action="municipality.updated")
    assert event.actor == officer
    assert event.details == {"name": "Stadt Greven", "population": "38000"}


def test_update_municipality_to_slug_taken_in_region_changes_nothing(greven, emsdetten):
    before = _snapshot(greven)

    with pytest.raises(ValidationError) as excinfo:
        services.update_municipality(
            municipality=greven, actor=None, data={"name": "Neu", "slug": "emsdetten"}
        )

    assert "bereits vergeben" in excinfo.value.message_dict["slug"][0]
    assert _snapshot(greven) == before
    assert not AuditEvent.objects.filter(action="municipality.updated").exists()


def test_update_municipality_to_ags_of_another_municipality_changes_nothing(greven, emsdetten):
    before = _snapshot(greven)

    with pytest.raises(ValidationError) as excinfo:
        services.update_municipality(municipality=greven, actor=None, data={"ags": emsdetten.ags})

    assert "ags" in excinfo.value.message_dict
    assert _snapshot(greven) == before


def test_update_municipality_to_malformed_ags_changes_nothing(greven):
    before = _snapshot(greven)

    with pytest.raises(ValidationError):
        services.update_municipality(municipality=greven, actor=None, data={"ags": "123"})

    assert _snapshot(greven) == before


def test_update_municipality_may_keep_its_own_slug_and_ags(greven):
    services.update_municipality(
        municipality=greven, actor=None, data={"slug": "greven", "ags": greven.ags, "population": 1}
    )

    assert Municipality.objects.get(pk=greven.pk).population == 1


def test_municipalities_without_ags_do_not_clash(steinfurt):
    services.create_municipality(region=steinfurt, name="Amt Eider", ags="")
    services.create_municipality(region=steinfurt, name="Amt Marne-Nordsee", ags="")

    assert Municipality.objects.filter(ags="").count() == 2


def test_create_organisation_with_duplicate_slug_in_region_is_refused(smart_region_office):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(
            region=smart_region_office.region,
            name="Smart Region Büro",
            kind=OrganisationKind.OTHER,
        )

    assert "bereits vergeben" in excinfo.value.message_dict["slug"][0]
    assert Organisation.objects.count() == 1


def test_create_organisation_with_unknown_kind_is_refused(steinfurt):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(region=steinfurt, name="Verein", kind="nonsense")

    assert "kind" in excinfo.value.message_dict
    assert not Organisation.objects.exists()


def test_update_organisation_to_taken_slug_changes_nothing(steinfurt, smart_region_office):
    other = OrganisationFactory(region=steinfurt, slug="fh-muenster")

    with pytest.raises(ValidationError):
        services.update_organisation(organisation=other, actor=None, data={"slug": "smart-region-buero"})

    assert Organisation.objects.get(pk=other.pk).slug == "fh-muenster"


def test_update_organisation_records_event(smart_region_office, coordinator):
    services.update_organisation(
        organisation=smart_region_office, actor=coordinator, data={"website": "https://example.org"}
    )

    smart_region_office.refresh_from_db()
    assert smart_region_office.website == "https://example.org"
    assert AuditEvent.objects.filter(action="organisation.updated", actor=coordinator).count() == 1


def test_update_region_pages_records_changed_fields(steinfurt, coordinator):
    services.update_region_pages(
        region=steinfurt, actor=coordinator, data={"imprint": "# Impressum", "name": steinfurt.name}
    )

    steinfurt.refresh_from_db()
    assert steinfurt.imprint == "# Impressum"
    assert AuditEvent.objects.get(action="region.updated").details == {"fields": ["imprint"]}
