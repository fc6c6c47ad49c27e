"""The grammatical forms of a region's name: derived when the region is made, kept and corrected."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregion.core.models import AuditEvent
from smartregion.regions import services
from smartregion.regions.grammar import NameForms, name_forms
from smartregion.regions.models import Region


@pytest.mark.parametrize(
    ("name", "dative", "genitive"),
    [
        ("Kreis Steinfurt", "im Kreis Steinfurt", "des Kreises Steinfurt"),
        ("Landkreis Harburg", "im Landkreis Harburg", "des Landkreises Harburg"),
        ("Stadt Münster", "in der Stadt Münster", "der Stadt Münster"),
        ("Region Hannover", "in der Region Hannover", "der Region Hannover"),
        ("Städteregion Aachen", "in der Städteregion Aachen", "der Städteregion Aachen"),
        ("Rhein-Kreis Neuss", "im Rhein-Kreis Neuss", "des Rhein-Kreises Neuss"),
        ("Hochsauerlandkreis", "im Hochsauerlandkreis", "des Hochsauerlandkreises"),
        ("Märkischer Kreis", "im Märkischen Kreis", "des Märkischen Kreises"),
        ("Amt Eider", "im Amt Eider", "des Amts Eider"),
        (
            "Freie und Hansestadt Hamburg",
            "in der Freien und Hansestadt Hamburg",
            "der Freien und Hansestadt Hamburg",
        ),
        ("  Kreis   Coesfeld ", "im Kreis Coesfeld", "des Kreises Coesfeld"),
    ],
)
def test_forms_of_known_kinds_of_region(name, dative, genitive):
    assert name_forms(name) == NameForms(dative=dative, genitive=genitive)


def test_a_name_without_a_known_kind_gets_in_and_von_for_the_coordinator_to_check():
    assert name_forms("Dithmarschen") == NameForms(dative="in Dithmarschen", genitive="von Dithmarschen")


@pytest.mark.parametrize(
    "name", ["Kreis Steinfurt", "Stadt Münster", "Hochsauerlandkreis", "Region Hannover"]
)
def test_never_in_kreis_or_von_kreis(name):
    forms = name_forms(name)

    assert not forms.dative.startswith(("in Kreis", "in Stadt", "in Region", "in Landkreis"))
    assert not forms.genitive.startswith("von ")


@pytest.mark.django_db
def test_a_new_region_stores_its_forms():
    region = services.create_region(name="Landkreis Harburg", federal_state="NI")

    region.refresh_from_db()
    assert (region.name_dative, region.name_genitive) == ("im Landkreis Harburg", "des Landkreises Harburg")
    assert (region.name_in, region.name_of) == ("im Landkreis Harburg", "des Landkreises Harburg")


@pytest.mark.django_db
def test_renaming_a_region_renews_derived_forms(steinfurt):
    services.update_region_pages(region=steinfurt, actor=None, data={"name": "Stadt Steinfurt"})

    steinfurt.refresh_from_db()
    assert (steinfurt.name_dative, steinfurt.name_genitive) == (
        "in der Stadt Steinfurt",
        "der Stadt Steinfurt",
    )


@pytest.mark.django_db
def test_renaming_keeps_forms_the_coordinator_corrected(steinfurt):
    services.update_region_pages(
        region=steinfurt, actor=None, data={"name_dative": "im Tecklenburger Land und Münsterland"}
    )

    services.update_region_pages(region=steinfurt, actor=None, data={"name": "Kreis Steinfurt (neu)"})

    steinfurt.refresh_from_db()
    assert steinfurt.name_dative == "im Tecklenburger Land und Münsterland"


@pytest.mark.django_db
def test_blank_form_is_refused_in_german_and_nothing_changes(steinfurt):
    before = Region.objects.values_list("name", "name_dative", "name_genitive").get(pk=steinfurt.pk)

    with pytest.raises(ValidationError) as refused:
        services.update_region_pages(
            region=steinfurt, actor=None, data={"name": "Kreis Neu", "name_genitive": "   "}
        )

    assert refused.value.message_dict == {
        "name_genitive": ["Bitte geben Sie an, wie der Name in diesem Satz lautet."]
    }
    assert Region.objects.values_list("name", "name_dative", "name_genitive").get(pk=steinfurt.pk) == before
    assert not AuditEvent.objects.filter(action="region.updated").exists()


@pytest.mark.django_db
def test_coordinator_corrects_the_forms_on_the_management_page(login, coordinator, steinfurt):
    client = login(coordinator)

    page = client.get("/r/kreis-steinfurt/verwaltung/seiten/").content.decode()
    response = client.post(
        "/r/kreis-steinfurt/verwaltung/seiten/",
        {
            "name": "Kreis Steinfurt",
            "name_dative": "im Kreis Steinfurt im Münsterland",
            "name_genitive": "des Kreises Steinfurt",
            "description": "",
        },
    )

    assert 'value="im Kreis Steinfurt"' in page
    assert response.status_code == 302
    steinfurt.refresh_from_db()
    assert steinfurt.name_dative == "im Kreis Steinfurt im Münsterland"


def test_english_pages_get_english_phrases(steinfurt):
    from django.utils import translation

    with translation.override("en"):
        assert steinfurt.name_in == "in Kreis Steinfurt"
        assert steinfurt.name_of == "of Kreis Steinfurt"
    with translation.override("de"):
        assert steinfurt.name_in == "im Kreis Steinfurt"
        assert steinfurt.name_of == "des Kreises Steinfurt"
