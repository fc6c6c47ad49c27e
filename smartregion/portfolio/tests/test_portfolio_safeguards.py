"""Safeguards: one Steckbrief per idea, one reuse per place, who may reuse for a whole region,
limits on anonymous submissions, and the links of the project list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from smartregion.accounts.models import Role
from smartregion.core import ratelimit
from smartregion.ideas.models import Idea, IdeaComment, IdeaStatus
from smartregion.ideas.tests.test_ideas_fixtures import (  # noqa: F401 - fixtures by name
    idea_fixture,
    idea_test_settings,
    make_idea_fixture,
    mobility_fixture,
    state,
)
from smartregion.portfolio.models import Project
from smartregion.portfolio.services.projects import (
    AlreadyAdoptedError,
    adopt_project,
    create_project_from_idea,
)
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.portfolio.tests.test_projects_setup import BASE, member

pytestmark = pytest.mark.django_db

IDEAS = "/r/kreis-steinfurt/ideen/"


# One Steckbrief per idea


def test_a_second_steckbrief_from_the_same_idea_is_refused(idea):
    first = create_project_from_idea(idea=idea, actor=None)

    with pytest.raises(ValidationError) as refused:
        create_project_from_idea(idea=idea, actor=None)

    assert refused.value.messages == ["Aus dieser Idee ist bereits ein Steckbrief entstanden."]
    assert list(Project.objects.filter(source_ideas=idea)) == [first]


def test_the_second_click_on_the_idea_page_opens_the_first_steckbrief(login, coordinator, idea):
    client = login(coordinator)
    client.post(f"{IDEAS}{idea.pk}/steckbrief/")

    again = client.post(f"{IDEAS}{idea.pk}/steckbrief/", follow=True)

    project = Project.objects.get(source_ideas=idea)
    assert again.redirect_chain[-1][0] == project.get_absolute_url()
    assert "Aus dieser Idee ist bereits ein Steckbrief entstanden." in again.content.decode()
    assert Project.objects.filter(source_ideas=idea).count() == 1


# Reuse (Nachnutzung)


def test_reusing_twice_for_the_same_municipality_names_the_existing_copy(project, coesfeld, duelmen):
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)

    with pytest.raises(AlreadyAdoptedError) as refused:
        adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)

    assert refused.value.existing == copy
    assert refused.value.messages == ["Dieses Projekt wird dort bereits nachgenutzt: „Digitales Rathaus“."]
    assert Project.objects.filter(adopted_from=project).count() == 1


def test_reusing_twice_for_a_whole_region_is_refused(project, coesfeld):
    adopt_project(project=project, actor=None, region=coesfeld)

    with pytest.raises(AlreadyAdoptedError):
        adopt_project(project=project, actor=None, region=coesfeld)

    assert Project.objects.filter(adopted_from=project).count() == 1


def test_the_database_refuses_a_second_copy_for_the_same_place(project, coesfeld, duelmen):
    adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)
    adopt_project(project=project, actor=None, region=coesfeld)

    for municipality in (duelmen, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            Project.objects.create(
                region=coesfeld,
                title="Doppelt",
                slug=f"doppelt-{municipality is None}",
                adopted_from=project,
                adopted_by_municipality=municipality,
            )
    assert Project.objects.filter(adopted_from=project).count() == 2


def test_a_municipality_and_its_region_may_both_reuse(project, coesfeld, duelmen):
    adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)
    adopt_project(project=project, actor=None, region=coesfeld)

    assert Project.objects.filter(adopted_from=project).count() == 2


def test_coordinators_may_reuse_for_their_whole_region_only(
    coordinator, coesfeld_coordinator, duelmen_officer, steinfurt, coesfeld, duelmen
):
    perm = "portfolio.adopt_project"
    assert coesfeld_coordinator.has_perm(perm, coesfeld)
    assert coesfeld_coordinator.has_perm(perm, duelmen)
    assert not coordinator.has_perm(perm, coesfeld)
    assert not coordinator.has_perm(perm, duelmen)
    assert not duelmen_officer.has_perm(perm, coesfeld)
    assert duelmen_officer.has_perm(perm, duelmen)
    reader = member(coesfeld, Role.READER, "leser@coesfeld.example")
    assert not reader.has_perm(perm, coesfeld)
    assert not reader.has_perm(perm, duelmen)
    assert not coesfeld_coordinator.has_perm(perm, None)
    assert not coesfeld_coordinator.has_perm(perm, "kreis-coesfeld")


# Limits on anonymous submissions


def _idea_form(mobility, greven, number):
    return {
        "title": f"Idee Nummer {number}",
        "description": "Eine Idee.",
        "field": mobility.pk,
        "municipality": greven.pk,
        "author_name": "Erika Muster",
        "author_email": "erika@example.org",
    }


def test_anonymous_ideas_from_one_connection_are_limited(client, mobility, greven):
    for number in range(ratelimit.IDEAS.count):
        assert client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, number)).status_code == 302
    before = state()

    response = client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, 99))

    assert response.status_code == 429
    assert "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Einsendungen." in response.content.decode()
    assert state() == before
    assert not Idea.objects.filter(title="Idee Nummer 99").exists()


def test_another_connection_still_may_submit(client, mobility, greven):
    for number in range(ratelimit.IDEAS.count + 1):
        client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, number))

    response = client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, 77), REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 302
    assert Idea.objects.filter(title="Idee Nummer 77").exists()


def test_signed_in_people_are_not_limited(login, reader, mobility, greven):
    client = login(reader)
    for number in range(ratelimit.IDEAS.count + 2):
        assert client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, number)).status_code == 302
    assert Idea.objects.filter(status=IdeaStatus.SUBMITTED).count() == ratelimit.IDEAS.count + 2


def test_anonymous_comments_are_limited(client, idea):
    url = f"{IDEAS}{idea.pk}/kommentare/"
    for number in range(ratelimit.COMMENTS.count):
        client.post(url, {"text": f"Kommentar {number}", "author_name": "Jens"})
    before = IdeaComment.objects.count()

    response = client.post(url, {"text": "Einer zu viel", "author_name": "Jens"})

    assert response.status_code == 429
    assert "sehr viele Einsendungen" in response.content.decode()
    assert IdeaComment.objects.count() == before == ratelimit.COMMENTS.count


def test_anonymous_ideas_by_api_are_limited(client, mobility, greven):
    url = "/api/v1/regions/kreis-steinfurt/ideas/"
    body = {
        "title": "Per API",
        "description": "Eine Idee.",
        "field": mobility.slug,
        "municipality": greven.slug,
        "author_name": "Erika",
        "author_email": "erika@example.org",
    }
    for _number in range(ratelimit.IDEAS.count):
        assert client.post(url, body, content_type="application/json").status_code == 201

    response = client.post(url, body, content_type="application/json")

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Von Ihrem Anschluss kamen")
    assert Idea.objects.count() == ratelimit.IDEAS.count


def test_the_address_itself_is_not_kept_in_the_cache(client, mobility, greven, settings):
    client.post(f"{IDEAS}neu/", _idea_form(mobility, greven, 1), REMOTE_ADDR="198.51.100.23")

    from django.core.cache import cache

    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys, "the test expects the local-memory cache"
    assert not any("198.51.100.23" in str(key) for key in keys)


# The project list links to the rest of the portfolio


def test_project_list_links_to_ideas_exports_and_for_coordinators_to_import(client, login, coordinator):
    public = client.get(BASE).content.decode()
    internal = login(coordinator).get(BASE).content.decode()

    for content in (public, internal):
        assert 'href="/r/kreis-steinfurt/ideen/"' in content
        assert 'href="/r/kreis-steinfurt/projekte/export.csv"' in content
        assert 'href="/r/kreis-steinfurt/projekte/export.xlsx"' in content
    assert 'href="/r/kreis-steinfurt/projekte/import/"' not in public
    assert 'href="/r/kreis-steinfurt/projekte/import/"' in internal


# Bounded queries


def test_project_page_with_many_reuses_needs_a_bounded_number_of_queries(
    client, project, coesfeld, django_assert_max_num_queries
):
    from smartregion.regions.tests.factories import MunicipalityFactory

    url = project.get_absolute_url()
    adopt_project(
        project=project, actor=None, region=coesfeld, municipality=MunicipalityFactory(region=coesfeld)
    )
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _number in range(6):
        adopt_project(
            project=project, actor=None, region=coesfeld, municipality=MunicipalityFactory(region=coesfeld)
        )
    with django_assert_max_num_queries(20) as many:
        assert "Wird nachgenutzt von" in client.get(url).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)


def test_catalogue_needs_the_same_queries_for_few_and_many_projects(
    client, make_project, steinfurt, coesfeld, steinfurt_fields, django_assert_max_num_queries
):
    make_project(steinfurt, "Eins", fields=[steinfurt_fields["Verwaltung"]])
    with django_assert_max_num_queries(10) as few:
        client.get("/projektkatalog/")
    for number in range(15):
        region = steinfurt if number % 2 else coesfeld
        fields = [steinfurt_fields["Mobilität"]] if region == steinfurt else []
        make_project(region, f"Projekt {number}", fields=fields)
    with django_assert_max_num_queries(10) as many:
        assert "Projekt 14" in client.get("/projektkatalog/").content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_copy_is_not_offered_again_to_its_own_municipality(
    login, duelmen_officer, project, coesfeld, duelmen
):
    copy = adopt_project(project=project, actor=None, region=coesfeld, municipality=duelmen)
    client = login(duelmen_officer)

    assert "Projekt nachnutzen" not in client.get(copy.get_absolute_url()).content.decode()
    assert client.get(copy.get_absolute_url() + "nachnutzen/").status_code == 403
