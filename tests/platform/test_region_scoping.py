"""Region scoping cannot be forgotten: while a request is served, a query on a region-owned model
is filtered by the region its page names, and fails loudly before a page named one."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django_scopes import ScopeError

from smartregion.core import scoping
from smartregion.portfolio.models import Project
from smartregion.portfolio.tests.test_projects_setup import *  # noqa: F403
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def forgets_the_region(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Project.objects.count()))


@region_view
def names_its_region(request: HttpRequest, region: Region) -> HttpResponse:
    return HttpResponse(",".join(sorted(Project.objects.values_list("title", flat=True))))


def crosses_regions_on_purpose(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Project.objects.with_scopes_disabled().count()))


urlpatterns = [
    path("vergessen/", forgets_the_region),
    path("r/<slug:region_slug>/projekte/", names_its_region),
    path("alle/", crosses_regions_on_purpose),
]


@pytest.fixture
def projects(make_project, steinfurt, coesfeld):
    make_project(steinfurt, "Digitales Rathaus")
    make_project(coesfeld, "Smarte Laternen")


def test_a_view_that_forgets_its_region_fails_loudly(projects):
    with pytest.raises(ScopeError):
        Client().get("/vergessen/")


def test_a_region_page_sees_only_its_region(projects):
    assert Client().get("/r/kreis-steinfurt/projekte/").text == "Digitales Rathaus"
    assert Client().get("/r/kreis-coesfeld/projekte/").text == "Smarte Laternen"


def test_crossing_regions_is_said_out_loud(projects):
    assert Client().get("/alle/").text == "2"


def test_outside_a_request_nothing_is_scoped_and_a_scope_can_be_entered(projects, steinfurt):
    assert Project.objects.count() == 2
    with scoping.scope(steinfurt):
        assert list(Project.objects.values_list("title", flat=True)) == ["Digitales Rathaus"]
        with scoping.scopes_disabled():
            assert Project.objects.count() == 2
    Client().get("/r/kreis-steinfurt/projekte/")
    assert Project.objects.count() == 2, "a request leaves no scope behind"


def test_before_a_region_is_named_only_an_empty_query_passes(steinfurt):
    from smartregion.core.scoping import request_scope

    with request_scope(HttpRequest()):
        with pytest.raises(ScopeError):
            Project.objects.filter(title="x").exists()
        assert Project.objects.none().count() == 0
