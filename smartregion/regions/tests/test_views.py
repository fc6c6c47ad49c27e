"""Region pages over HTTP: who may see and change what, and what the pages show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartregion.accounts.models import User
from smartregion.core.models import AuditEvent
from smartregion.regions.models import Municipality, Organisation, Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MANAGEMENT_PATHS = [
    "verwaltung/",
    "verwaltung/seiten/",
    "kommunen/neu/",
    "organisationen/neu/",
]


def _municipalities() -> list[tuple[object, ...]]:
    return list(
        Municipality.objects.order_by("pk").values_list("region_id", "name", "slug", "ags", "population")
    )


def _regions() -> list[tuple[object, ...]]:
    return list(Region.objects.order_by("pk").values_list("name", "description", "imprint", "privacy"))


# Anonymous visitors


@pytest.mark.parametrize(
    "path",
    [*MANAGEMENT_PATHS, "kommunen/greven/bearbeiten/", "organisationen/smart-region-buero/bearbeiten/"],
)
def test_anonymous_get_of_management_page_redirects_to_login(client, greven, smart_region_office, path):
    response = client.get(f"/r/kreis-steinfurt/{path}")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=/r/kreis-steinfurt/")


def test_anonymous_post_to_municipality_edit_changes_nothing(client, greven):
    before = _municipalities()

    response = client.post("/r/kreis-steinfurt/kommunen/greven/bearbeiten/", {"name": "Gehackt"})

    assert response.status_code == 302
    assert _municipalities() == before


def test_public_pages_of_a_region_render_for_anonymous(client, greven, smart_region_office):
    for path in ["", "kommunen/", "organisationen/", "impressum/", "datenschutz/", "barrierefreiheit/"]:
        response = client.get(f"/r/kreis-steinfurt/{path}")
        assert response.status_code == 200, path
        assert b"Kreis Steinfurt" in response.content


def test_unknown_region_slug_is_404(client):
    assert client.get("/r/kreis-gibt-es-nicht/").status_code == 404
    assert client.get("/r/kreis-gibt-es-nicht/kommunen/").status_code == 404


def test_unknown_region_slug_is_404_for_logged_in_coordinator(login, coordinator):
    response = login(coordinator).get("/r/kreis-gibt-es-nicht/verwaltung/")

    assert response.status_code == 404


# The officer of Greven


@pytest.mark.parametrize("path", MANAGEMENT_PATHS)
def test_officer_cannot_get_management_of_other_region(login, officer, coesfeld, path):
    response = login(officer).get(f"/r/kreis-coesfeld/{path}")

    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["kommunen/duelmen/bearbeiten/", "organisationen/digitalagentur/bearbeiten/"]
)
def test_officer_cannot_get_objects_of_other_region(login, officer, duelmen, coesfeld_agency, path):
    response = login(officer).get(f"/r/kreis-coesfeld/{path}")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("verwaltung/seiten/", {"name": "Gehackt", "imprint": "x"}),
        ("kommunen/neu/", {"name": "Neu", "slug": "neu"}),
        ("kommunen/duelmen/bearbeiten/", {"name": "Gehackt", "slug": "duelmen"}),
        ("organisationen/neu/", {"name": "Neu", "kind": "sonstige"}),
        ("organisationen/digitalagentur/bearbeiten/", {"name": "Gehackt", "kind": "sonstige"}),
    ],
)
def test_officer_cannot_post_to_management_of_other_region(
    login, officer, duelmen, coesfeld_agency, path, data
):
    before = (_municipalities(), _regions(), list(Organisation.objects.values_list("name", flat=True)))

    response = login(officer).post(f"/r/kreis-coesfeld/{path}", data)

    assert response.status_code == 403
    assert (
        _municipalities(),
        _regions(),
        list(Organisation.objects.values_list("name", flat=True)),
    ) == before
    assert not AuditEvent.objects.exists()


def test_officer_cannot_edit_other_municipality(login, officer, emsdetten):
    client = login(officer)
    before = _municipalities()

    assert client.get("/r/kreis-steinfurt/kommunen/emsdetten/bearbeiten/").status_code == 403
    response = client.post("/r/kreis-steinfurt/kommunen/emsdetten/bearbeiten/", {"name": "Gehackt"})

    assert response.status_code == 403
    assert _municipalities() == before


@pytest.mark.parametrize("path", MANAGEMENT_PATHS)
def test_officer_cannot_manage_own_region(login, officer, path):
    assert login(officer).get(f"/r/kreis-steinfurt/{path}").status_code == 403


def test_officer_can_edit_own_municipality(login, officer, greven):
    client = login(officer)

    page = client.get("/r/kreis-steinfurt/kommunen/greven/bearbeiten/")
    response = client.post(
        "/r/kreis-steinfurt/kommunen/greven/bearbeiten/",
        {"name": "Greven", "slug": "greven", "ags": "05566012", "population": "38500"},
    )

    assert page.status_code == 200
    assert b'value="05566012"' in page.content
    assert response.status_code == 302
    assert response["Location"] == "/r/kreis-steinfurt/kommunen/"
    assert Municipality.objects.get(pk=greven.pk).population == 38500
    assert AuditEvent.objects.filter(action="municipality.updated", actor=officer).count() == 1


def test_officer_sees_edit_link_only_for_own_municipality(login, officer, greven, emsdetten):
    response = login(officer).get("/r/kreis-steinfurt/kommunen/")

    assert b"/kommunen/greven/bearbeiten/" in response.content
    assert b"/kommunen/emsdetten/bearbeiten/" not in response.content


def test_municipality_of_another_region_via_url_is_404(
    login, coordinator, coesfeld_coordinator, greven, duelmen
):
    assert login(coesfeld_coordinator).get("/r/kreis-coesfeld/kommunen/greven/bearbeiten/").status_code == 404
    assert login(coordinator).get("/r/kreis-steinfurt/kommunen/duelmen/bearbeiten/").status_code == 404


def test_organisation_of_another_region_via_url_is_404(login, coesfeld_coordinator, smart_region_office):
    response = login(coesfeld_coordinator).get(
        "/r/kreis-coesfeld/organisationen/smart-region-buero/bearbeiten/"
    )

    assert response.status_code == 404


# The coordinator


def test_coordinator_creates_municipality(login, coordinator, steinfurt):
    response = login(coordinator).post(
        "/r/kreis-steinfurt/kommunen/neu/",
        {"name": "Hörstel", "slug": "", "ags": "05566016", "population": ""},
    )

    assert response.status_code == 302
    municipality = Municipality.objects.get(region=steinfurt)
    assert (municipality.name, municipality.slug, municipality.ags) == ("Hörstel", "hoerstel", "05566016")


def test_create_municipality_with_existing_slug_shows_german_error(login, coordinator, greven):
    before = _municipalities()

    response = login(coordinator).post(
        "/r/kreis-steinfurt/kommunen/neu/", {"name": "Greven Zwei", "slug": "greven", "ags": ""}
    )

    assert response.status_code == 200
    assert "Der Kurzname „greven“ ist in dieser Region bereits vergeben." in response.content.decode()
    assert _municipalities() == before


def test_create_municipality_with_malformed_ags_shows_german_error(login, coordinator, steinfurt):
    response = login(coordinator).post("/r/kreis-steinfurt/kommunen/neu/", {"name": "Laer", "ags": "1234"})

    assert "Der amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern." in response.content.decode()
    assert not Municipality.objects.exists()


def test_edit_municipality_to_ags_of_another_shows_german_error(login, coordinator, greven, duelmen):
    before = _municipalities()

    response = login(coordinator).post(
        "/r/kreis-steinfurt/kommunen/greven/bearbeiten/",
        {"name": "Greven", "slug": "greven", "ags": duelmen.ags},
    )

    assert (
        "Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet." in response.content.decode()
    )
    assert _municipalities() == before


def test_coordinator_creates_organisation(login, coordinator, steinfurt):
    response = login(coordinator).post(
        "/r/kreis-steinfurt/organisationen/neu/",
        {"name": "FH Münster", "kind": "hochschule", "website": "fh-muenster.de"},
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(region=steinfurt)
    assert (organisation.slug, organisation.website) == ("fh-muenster", "https://fh-muenster.de")


def test_coordinator_edits_region_pages(login, coordinator, steinfurt):
    response = login(coordinator).post(
        "/r/kreis-steinfurt/verwaltung/seiten/",
        {
            "name": "Kreis Steinfurt",
            "name_dative": "im Kreis Steinfurt",
            "name_genitive": "des Kreises Steinfurt",
            "description": "Neu",
        },
    )

    assert response.status_code == 302
    steinfurt.refresh_from_db()
    assert (steinfurt.description, steinfurt.name_dative) == ("Neu", "im Kreis Steinfurt")


def test_region_pages_without_name_forms_are_refused_in_german(login, coordinator, steinfurt):
    before = _regions()

    response = login(coordinator).post(
        "/r/kreis-steinfurt/verwaltung/seiten/",
        {"name": "Kreis Steinfurt", "name_dative": " ", "name_genitive": "", "description": "Neu"},
    )

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert _regions() == before


def test_coordinator_sees_all_24_municipalities_of_steinfurt_in_demo(login, demo):
    coordinator = User.objects.get(email="koordination.steinfurt@demo.smartregion.example")

    response = login(coordinator).get("/r/kreis-steinfurt/kommunen/")

    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 24
    assert len(page.object_list) == 24
    content = response.content.decode()
    assert "Im Kreis Steinfurt gibt es 24 Kommunen." in content
    assert content.count("/bearbeiten/") == 24
    for name in ["Altenberge", "Greven", "Wettringen", "Hörstel"]:
        assert f">{name}</th>" in content


def test_demo_officer_of_greven_is_refused_in_coesfeld(login, demo_people):
    officer = User.objects.get(email="kommune.steinfurt@demo.smartregion.example")
    client = login(officer)

    assert client.get("/r/kreis-steinfurt/kommunen/greven/bearbeiten/").status_code == 200
    assert client.get("/r/kreis-steinfurt/kommunen/emsdetten/bearbeiten/").status_code == 403
    assert client.get("/r/kreis-coesfeld/verwaltung/").status_code == 403
    assert client.get("/r/kreis-coesfeld/kommunen/duelmen/bearbeiten/").status_code == 403
    assert client.get("/r/kreis-coesfeld/verwaltung/mitglieder/").status_code == 403


def test_municipality_list_is_paginated(client, steinfurt, django_assert_max_num_queries):
    Municipality.objects.bulk_create(
        Municipality(region=steinfurt, name=f"Gemeinde {i:02d}", slug=f"gemeinde-{i:02d}") for i in range(60)
    )

    first = client.get("/r/kreis-steinfurt/kommunen/")
    second = client.get("/r/kreis-steinfurt/kommunen/?seite=2")

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    assert 'rel="next"' in first.content.decode()


# Legal pages


def test_region_legal_page_renders_markdown_without_script(client, steinfurt):
    steinfurt.imprint = (
        "## Anbieter\n\n**Kreis Steinfurt**\n\n<script>alert('xss')</script>\n\n"
        '<a href="javascript:alert(1)" onclick="alert(2)">Link</a>\n\n<img src=x onerror="alert(3)">'
    )
    steinfurt.privacy = "<script>document.cookie</script>Datenschutz"
    steinfurt.save()

    imprint = client.get("/r/kreis-steinfurt/impressum/").content.decode()
    privacy = client.get("/r/kreis-steinfurt/datenschutz/").content.decode()

    assert "<h2>Anbieter</h2>" in imprint
    assert "<strong>Kreis Steinfurt</strong>" in imprint
    for content in (imprint, privacy):
        assert "alert(" not in content
        assert "document.cookie" not in content
        assert "onerror" not in content
        assert "javascript:" not in content
    assert "Datenschutz" in privacy


def test_region_without_legal_details_shows_its_states_defaults(client, steinfurt):
    response = client.get("/r/kreis-steinfurt/barrierefreiheit/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in content
    assert "Mauerstraße 53<br>10117 Berlin" in content
    assert 'href="/barrierefreiheit/"' not in content


def test_unknown_legal_page_is_404(client, steinfurt):
    assert client.get("/r/kreis-steinfurt/agb/").status_code == 404


# Bounded queries


def test_municipality_list_with_60_municipalities_needs_few_queries(
    login, coordinator, steinfurt, django_assert_max_num_queries
):
    MunicipalityFactory.create_batch(60, region=steinfurt)
    client = login(coordinator)

    with django_assert_max_num_queries(7):
        response = client.get("/r/kreis-steinfurt/kommunen/")

    assert response.status_code == 200
    assert response.content.decode().count("/bearbeiten/") == 50


def test_region_start_page_with_60_municipalities_needs_few_queries(
    client, steinfurt, django_assert_max_num_queries
):
    MunicipalityFactory.create_batch(60, region=steinfurt)
    OrganisationFactory.create_batch(5, region=steinfurt)

    with django_assert_max_num_queries(11):  # the region and each module's panel, none per row
        response = client.get("/r/kreis-steinfurt/")

    assert response.status_code == 200


def test_organisation_list_with_60_organisations_needs_few_queries(
    login, coordinator, steinfurt, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(60, region=steinfurt)
    client = login(coordinator)

    with django_assert_max_num_queries(6):
        response = client.get("/r/kreis-steinfurt/organisationen/")

    assert response.status_code == 200
