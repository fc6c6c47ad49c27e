"""The number of queries of the strategy pages and API is bounded and does not grow with the text."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartregion.accounts.models import User
from smartregion.regions.models import Municipality
from smartregion.strategy import services
from smartregion.strategy.models import FieldOfAction, Strategy
from smartregion.strategy.tests.factories import FieldFactory, GoalFactory, ValueFactory

pytestmark = pytest.mark.django_db

BASE = "/r/kreis-steinfurt/strategie/"
API = "/api/v1/regions/kreis-steinfurt/strategy/"

# The strategy page: region, strategy, values, phases, fields, goals and fixed versions; signed in
# also the session, the person and their memberships.
MAX_QUERIES_ANONYMOUS = 10  # 7 for the strategy, one per phase-link provider (analysis, surveys, events)
MAX_QUERIES_SIGNED_IN = 13


def _count(client: Client, path: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == status, path
    return len(context)


def _grow(strategy: Strategy) -> None:
    """Eight more values and fields with three goals each."""
    for number in range(8):
        ValueFactory(strategy=strategy, name=f"Wert {number}")
        field = FieldFactory(strategy=strategy, name=f"Feld {number}", priority="III")
        for _ in range(3):
            GoalFactory(field=field)


def _paths(strategy: Strategy) -> list[str]:
    return [
        BASE,
        f"{BASE}handlungsfelder/verwaltung/",
        f"{BASE}fassungen/",
        f"{BASE}fassungen/1/",
        f"{BASE}fassungen/8/",
        f"{BASE}vergleich/?von=1&bis=8&alle=1",
        API,
        f"{API}versions/",
        f"{API}versions/8/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "reader", "coordinator"])
def test_query_count_of_public_pages_does_not_grow_with_fields_goals_and_values(
    request, login, strategy, who
):
    client = Client() if who == "anonymous" else login(request.getfixturevalue(who))
    paths = _paths(strategy)
    small = {path: _count(client, path) for path in paths}

    _grow(strategy)

    assert {path: _count(client, path) for path in paths} == small


def test_strategy_page_stays_within_its_bound(client, login, strategy, coordinator):
    _grow(strategy)

    assert _count(client, BASE) <= MAX_QUERIES_ANONYMOUS
    assert _count(login(coordinator), BASE) <= MAX_QUERIES_SIGNED_IN


def test_strategy_page_with_fixed_versions_stays_within_its_bound(
    client, strategy, coordinator, django_assert_max_num_queries
):
    for version in strategy.versions.all()[:3]:
        services.fix_version(version=version, actor=coordinator, name=f"Beschluss {version.number}")

    with django_assert_max_num_queries(MAX_QUERIES_ANONYMOUS):
        response = client.get(BASE)

    assert response.content.decode().count("Beschluss ") == 3


def test_query_count_of_the_editor_does_not_grow_with_the_text(login, strategy, coordinator):
    client = login(coordinator)
    field = FieldOfAction.objects.get(strategy=strategy, slug="verwaltung")
    paths = [f"{BASE}bearbeiten/", f"{BASE}bearbeiten/handlungsfelder/{field.pk}/"]
    small = {path: _count(client, path) for path in paths}

    _grow(strategy)
    for _ in range(5):
        GoalFactory(field=field)

    assert {path: _count(client, path) for path in paths} == small


def test_query_count_of_a_municipal_strategy_does_not_grow_with_its_goals(
    client, strategy, greven: Municipality, officer: User, coordinator
):
    derived = services.derive_municipal_strategy(
        municipality=greven, actor=officer, fields=list(FieldOfAction.objects.filter(strategy=strategy))
    )
    services.add_value(strategy=strategy, actor=coordinator, name="Mut")  # an upstream change
    path = "/r/kreis-steinfurt/kommunen/greven/strategie/"
    small = _count(client, path)

    for field in derived.fields.all():
        for number in range(4):
            services.add_municipal_goal(
                municipal_strategy=derived, field=field, actor=officer, text=f"Eigenes Ziel {number}"
            )
    _grow(strategy)

    assert _count(client, path) == small


def _move_count(client: Client, field: FieldOfAction, direction: str) -> int:
    path = f"{BASE}bearbeiten/handlungsfelder/{field.pk}/verschieben/"
    with CaptureQueriesContext(connection) as context:
        response = client.post(path, {"richtung": direction}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return len(context)


def test_query_count_of_moving_with_htmx_does_not_grow_with_the_list(login, strategy, coordinator):
    client = login(coordinator)
    field = FieldOfAction.objects.get(strategy=strategy, slug="mobilitaet")
    small = _move_count(client, field, "up")

    _grow(strategy)

    assert _move_count(client, field, "down") == small
