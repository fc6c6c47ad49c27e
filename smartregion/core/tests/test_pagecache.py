"""Public pages from the cache: anonymous visitors get a copy until a change makes it stale; a
signed-in person, a visitor with a session or a message, and a page with a form never share one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartregion.core import pagecache
from smartregion.regions import services as region_services
from smartregion.regions.models import Municipality, Region

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

MUNICIPALITIES = "/r/kreis-steinfurt/kommunen/"


def _get(client: Client, path: str, **headers: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries.captured_queries)


def test_second_anonymous_visit_is_a_copy_without_a_query(client: Client, greven: Municipality) -> None:
    first, first_queries = _get(client, MUNICIPALITIES)
    second, second_queries = _get(client, MUNICIPALITIES)

    assert first[pagecache.HEADER] == "stored"
    assert first_queries > 0
    assert second[pagecache.HEADER] == "hit"
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Vary" not in second
    assert not second.cookies


def test_a_change_through_a_page_shows_at_once(client: Client, login: Any, officer: Any, greven: Any) -> None:
    assert "Greven" in _get(client, MUNICIPALITIES)[0].content.decode()
    assert _get(client, MUNICIPALITIES)[0][pagecache.HEADER] == "hit"

    changed = login(officer).post(
        "/r/kreis-steinfurt/kommunen/greven/bearbeiten/",
        {"name": "Greven an der Ems", "slug": "greven", "ags": "05566012", "population": "38500"},
    )

    assert changed.status_code == 302
    after, _queries = _get(client, MUNICIPALITIES)
    assert after[pagecache.HEADER] == "stored"
    assert "Greven an der Ems" in after.content.decode()


def test_a_refused_change_keeps_the_copy(client: Client, login: Any, officer: Any, emsdetten: Any) -> None:
    _get(client, MUNICIPALITIES)
    refused = login(officer).post("/r/kreis-steinfurt/kommunen/emsdetten/bearbeiten/", {"name": "Gehackt"})

    assert refused.status_code == 403
    assert _get(client, MUNICIPALITIES)[0][pagecache.HEADER] == "hit"


def test_a_change_by_a_service_shows_after_its_commit(
    client: Client, greven: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    _get(client, MUNICIPALITIES)
    with django_capture_on_commit_callbacks(execute=True):
        region_services.update_municipality(
            municipality=greven, actor=None, data={"name": "Greven (Westf.)", "ags": "05566012"}
        )

    after, _queries = _get(client, MUNICIPALITIES)
    assert after[pagecache.HEADER] == "stored"
    assert "Greven (Westf.)" in after.content.decode()


def test_a_change_in_another_region_keeps_this_regions_copy(
    client: Client, greven: Municipality, duelmen: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    _get(client, MUNICIPALITIES)
    _get(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        region_services.update_municipality(
            municipality=duelmen, actor=None, data={"name": "Dülmen (Westf.)", "ags": "05558016"}
        )

    assert _get(client, MUNICIPALITIES)[0][pagecache.HEADER] == "hit"
    assert _get(client, "/")[0][pagecache.HEADER] == "stored"  # the start page shows every region


def test_signed_in_people_never_get_the_anonymous_copy_and_leave_none(
    client: Client, login: Any, coordinator: Any, greven: Any
) -> None:
    anonymous, _queries = _get(client, MUNICIPALITIES)
    member = login(coordinator)

    signed_in, queries = _get(member, MUNICIPALITIES)
    again, _queries = _get(member, MUNICIPALITIES)

    assert anonymous[pagecache.HEADER] == "stored"
    assert pagecache.HEADER not in signed_in
    assert pagecache.HEADER not in again
    assert queries > 0
    assert "Abmelden" in signed_in.content.decode()
    cache.clear()
    _get(member, MUNICIPALITIES)
    for_anonymous, _queries = _get(client, MUNICIPALITIES)
    assert for_anonymous[pagecache.HEADER] == "stored"
    assert "Abmelden" not in for_anonymous.content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "umfrage-1"])
def test_a_visitor_with_a_session_or_a_message_gets_the_page_fresh(
    client: Client, greven: Any, cookie: str
) -> None:
    _get(client, MUNICIPALITIES)
    client.cookies[cookie] = "x"

    assert pagecache.HEADER not in _get(client, MUNICIPALITIES)[0]


def test_a_page_with_a_form_is_never_kept(client: Client, steinfurt: Region) -> None:
    """The idea form holds a CSRF token: one visitor's token never reaches another."""
    for _attempt in range(2):
        page, _queries = _get(client, "/r/kreis-steinfurt/ideen/neu/")
        assert page.status_code == 200
        assert "csrfmiddlewaretoken" in page.content.decode()
        assert pagecache.HEADER not in page


def test_htmx_requests_and_errors_are_not_kept(client: Client, steinfurt: Region) -> None:
    _get(client, MUNICIPALITIES, **{"HX-Request": "true"})
    assert pagecache.HEADER not in _get(client, MUNICIPALITIES, **{"HX-Request": "true"})[0]
    missing, _queries = _get(client, "/r/kreis-steinfurt/gibt-es-nicht/")
    assert missing.status_code == 404
    assert pagecache.HEADER not in _get(client, "/r/kreis-steinfurt/gibt-es-nicht/")[0]


def test_english_visitors_get_their_own_copy(client: Client, greven: Any) -> None:
    german, _queries = _get(client, MUNICIPALITIES)
    client.cookies["django_language"] = "en"
    english, _queries = _get(client, MUNICIPALITIES)

    assert english[pagecache.HEADER] == "stored"
    assert 'lang="en"' in english.content.decode()
    assert 'lang="de"' in german.content.decode()


def test_a_lost_version_never_brings_an_old_copy_back(client: Client, greven: Municipality) -> None:
    """Were a version counter evicted and started at 1 again, copies made at 1 could return."""
    _get(client, MUNICIPALITIES)
    cache.delete(pagecache._region_key("kreis-steinfurt"))

    assert _get(client, MUNICIPALITIES)[0][pagecache.HEADER] == "stored"


def test_api_reads_are_kept_and_token_requests_are_not(client: Client, greven: Any) -> None:
    path = "/api/v1/regions/kreis-steinfurt/municipalities/"
    _get(client, path)
    assert _get(client, path)[0][pagecache.HEADER] == "hit"
    assert pagecache.HEADER not in _get(client, path, Authorization="Bearer sr_unknown")[0]


def test_switched_off_the_cache_keeps_nothing(client: Client, greven: Any, settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE = False
    _get(client, MUNICIPALITIES)
    assert pagecache.HEADER not in _get(client, MUNICIPALITIES)[0]


def test_a_lists_total_is_counted_once_and_again_after_a_change(
    login: Any, coordinator: Any, greven: Municipality
) -> None:
    """Totals are kept like the pages, for signed-in people too, whose pages are never kept."""
    member = login(coordinator)
    first, _queries = _get(member, MUNICIPALITIES)
    with CaptureQueriesContext(connection) as counting:
        member.get(MUNICIPALITIES)

    assert "gibt es 1 Kommune." in first.content.decode()
    assert [q["sql"] for q in counting.captured_queries if "COUNT(" in q["sql"]] == []
    created = member.post("/r/kreis-steinfurt/kommunen/neu/", {"name": "Hörstel", "ags": "05566016"})
    assert created.status_code == 302
    assert "gibt es 2 Kommunen." in _get(member, MUNICIPALITIES)[0].content.decode()


def test_a_kept_value_is_computed_once_and_again_after_a_change(
    greven: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    computed: list[int] = []

    def compute() -> list[int]:
        computed.append(1)
        return [len(computed)]

    first = pagecache.kept("names", MUNICIPALITIES, compute)
    second = pagecache.kept("names", MUNICIPALITIES, compute)
    with django_capture_on_commit_callbacks(execute=True):
        region_services.update_municipality(
            municipality=greven, actor=None, data={"name": "Greven (Westf.)", "ags": "05566012"}
        )
    third = pagecache.kept("names", MUNICIPALITIES, compute)

    assert (first, second, third) == ([1], [1], [2])


def test_kept_values_are_not_kept_with_the_cache_switched_off(settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE = False
    numbers = iter(range(10))

    assert [pagecache.kept("n", "/", lambda: next(numbers)) for _ in range(3)] == [0, 1, 2]


def test_a_total_is_keyed_on_what_it_counts_not_on_its_annotations(
    greven: Municipality, coesfeld: Region
) -> None:
    """The key leaves out select_related, the order and annotations only shown (as a list's seat
    counts); a filter on an annotation still makes a different total."""
    regions = Region.objects.annotate(places=Count("municipalities")).order_by("name")
    with_places = regions.filter(places__gt=0)

    assert pagecache.count(regions, "/") == Region.objects.count() == 2
    assert pagecache.count(with_places, "/") == 1
    assert pagecache.count(Region.objects.select_related(None).order_by("-pk"), "/") == 2
