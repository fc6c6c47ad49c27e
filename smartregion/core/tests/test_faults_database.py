"""A lost database: every page answers the German 503 page, every API address German JSON with 503,
and the first request after the database is back is served as usual (``core/unavailable.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection
from django.test import Client

from smartregion.accounts.models import User
from smartregion.regions.models import Region

pytestmark = pytest.mark.django_db

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
GERMAN = "Der Dienst ist vorübergehend nicht erreichbar"
INTERNALS = ("Traceback", "OperationalError", "connection refused", "5432", "psycopg", "sqlite")


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request: pytest.FixtureRequest, settings: object) -> bool:
    settings.DEBUG = request.param  # type: ignore[attr-defined]
    return bool(request.param)


class DatabaseSwitch:
    """Makes every new use of the connection fail as a refused connection does, until restored."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def down(self) -> None:
        def refuse() -> None:
            raise OperationalError('connection to server at "db" port 5432 failed: connection refused')

        self.monkeypatch.setattr(connection, "ensure_connection", refuse)

    def up(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseSwitch]:
    switch = DatabaseSwitch(monkeypatch)
    yield switch
    switch.up()


@pytest.fixture
def visitor() -> Client:
    # As a server answers: an exception in middleware is turned into a response, not raised.
    return Client(raise_request_exception=False)


def _assert_no_internals(text: str) -> None:
    for word in INTERNALS:
        assert word not in text, word


@pytest.mark.parametrize(
    ("path", "status_after"), [("/", 200), ("/r/kreis-steinfurt/", 200), ("/r/anderswo/", 404)]
)
def test_pages_answer_the_german_503_page_while_the_database_is_away(
    visitor: Client, steinfurt: Region, database: DatabaseSwitch, debug: bool, path: str, status_after: int
) -> None:
    database.down()
    response = visitor.get(path)

    text = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    assert GERMAN in text
    assert 'lang="de"' in text
    _assert_no_internals(text)

    database.up()
    assert visitor.get(path).status_code == status_after


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"], indirect=True)
def test_api_answers_german_json_with_503_while_the_database_is_away(
    visitor: Client, steinfurt: Region, database: DatabaseSwitch, debug: bool
) -> None:
    database.down()
    response = visitor.get("/api/v1/regions/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": f"{GERMAN}. Bitte versuchen Sie es in einigen Minuten noch einmal."}
    _assert_no_internals(response.content.decode())

    database.up()
    response = visitor.get("/api/v1/regions/")
    assert response.status_code == 200
    assert steinfurt.slug in response.content.decode()


def test_signed_in_person_gets_503_when_the_session_cannot_be_read(
    coordinator: User, database: DatabaseSwitch, debug: bool
) -> None:
    """The session is read by middleware below the view: the failure arrives as Django's 500."""
    client = Client(raise_request_exception=False)
    client.force_login(coordinator, backend=LOGIN_BACKEND)

    database.down()
    response = client.get("/aufgaben/")

    assert response.status_code == 503
    assert GERMAN in response.content.decode()
    _assert_no_internals(response.content.decode())

    database.up()
    response = client.get("/aufgaben/")
    assert response.status_code == 200
    assert response.wsgi_request.user == coordinator


def test_a_form_sent_while_the_database_is_away_gets_503(
    visitor: Client, database: DatabaseSwitch, debug: bool
) -> None:
    database.down()
    response = visitor.post("/konto/login/", {"login": "a@example.org", "password": "x"})

    assert response.status_code == 503
    assert "wurde nicht gespeichert" in response.content.decode()


def test_health_check_says_503_while_the_database_is_away(visitor: Client, database: DatabaseSwitch) -> None:
    database.down()
    assert visitor.get("/healthz").status_code == 503

    database.up()
    assert visitor.get("/healthz").status_code == 200


def test_other_errors_still_get_the_500_page(
    visitor: Client, settings: object, debug: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ROOT_URLCONF = "smartregion.core.tests.error_urls"  # type: ignore[attr-defined]

    response = visitor.get("/kaputt/")

    assert response.status_code == 500
    assert GERMAN not in response.content.decode()


def test_a_page_kept_in_the_cache_is_still_served(
    visitor: Client, steinfurt: Region, database: DatabaseSwitch, settings: object
) -> None:
    settings.PUBLIC_PAGE_CACHE = True  # type: ignore[attr-defined]
    assert visitor.get("/r/kreis-steinfurt/").status_code == 200

    database.down()
    response = visitor.get("/r/kreis-steinfurt/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_real_lost_postgresql_connection_answers_503_and_the_next_request_reconnects(
    visitor: Client,
) -> None:
    """Without patching: the connection is closed and the server's port has nobody listening."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = _closed_port()
    try:
        page = visitor.get("/")
        api = visitor.get("/api/v1/regions/")
        health = visitor.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert (page.status_code, api.status_code, health.status_code) == (503, 503, 503)
    assert GERMAN in page.content.decode()
    _assert_no_internals(page.content.decode())
    assert visitor.get("/").status_code == 200
    assert visitor.get("/api/v1/regions/").status_code == 200


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
