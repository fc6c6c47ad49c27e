"""Fixtures shared by the test modules: two regions shaped like the demo, people in roles, clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import translation

from smartregion.accounts.models import Membership, Role, User
from smartregion.accounts.tests.factories import MembershipFactory, UserFactory
from smartregion.regions.models import Municipality, Organisation, OrganisationKind, Region
from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from tests import demo_snapshot

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns on every request while collectstatic has not run; tests need no collected files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Hash new passwords with MD5 in unit tests; PBKDF2 still verifies hashes made elsewhere."""
    if request.node.get_closest_marker("browser"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = demo_snapshot.FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _pages_rendered_anew(request: pytest.FixtureRequest) -> None:
    """Unit tests see every page rendered by its view: a test that changes data through a service
    (no request, no commit) would otherwise read the cached page. The page cache's own tests and
    the browser tests switch it on."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("page_cache"):
        return
    request.getfixturevalue("settings").PUBLIC_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Every test starts with unused allowances for anonymous writes (kept in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _german_outside_requests() -> Iterator[None]:
    """Start every test in German: a request in English leaves its language active in the thread."""
    with translation.override("de"):
        yield


@pytest.fixture
def steinfurt(db: None) -> Region:
    return RegionFactory(name="Kreis Steinfurt", slug="kreis-steinfurt", official_key="05566")


@pytest.fixture
def coesfeld(db: None) -> Region:
    return RegionFactory(name="Kreis Coesfeld", slug="kreis-coesfeld", official_key="05558")


@pytest.fixture
def greven(steinfurt: Region) -> Municipality:
    return MunicipalityFactory(region=steinfurt, name="Greven", slug="greven", ags="05566012")


@pytest.fixture
def emsdetten(steinfurt: Region) -> Municipality:
    return MunicipalityFactory(region=steinfurt, name="Emsdetten", slug="emsdetten", ags="05566008")


@pytest.fixture
def duelmen(coesfeld: Region) -> Municipality:
    return MunicipalityFactory(region=coesfeld, name="Dülmen", slug="duelmen", ags="05558016")


@pytest.fixture
def smart_region_office(steinfurt: Region) -> Organisation:
    return OrganisationFactory(
        region=steinfurt,
        name="Smart Region Büro",
        slug="smart-region-buero",
        kind=OrganisationKind.DISTRICT_ADMINISTRATION,
    )


@pytest.fixture
def coesfeld_agency(coesfeld: Region) -> Organisation:
    return OrganisationFactory(region=coesfeld, name="Digitalagentur", slug="digitalagentur")


def _member(region: Region, role: str, email: str, **scope: object) -> User:
    membership = MembershipFactory(region=region, role=role, user=UserFactory(email=email), **scope)
    return membership.user


@pytest.fixture
def coordinator(steinfurt: Region) -> User:
    return _member(steinfurt, Role.COORDINATOR, "koordination@steinfurt.example")


@pytest.fixture
def officer(greven: Municipality) -> User:
    """Like the demo officer: acts for Greven in Kreis Steinfurt."""
    return _member(greven.region, Role.MUNICIPAL_OFFICER, "kommune@steinfurt.example", municipality=greven)


@pytest.fixture
def reader(steinfurt: Region) -> User:
    return _member(steinfurt, Role.READER, "lesen@steinfurt.example")


@pytest.fixture
def coesfeld_coordinator(coesfeld: Region) -> User:
    return _member(coesfeld, Role.COORDINATOR, "koordination@coesfeld.example")


@pytest.fixture
def coordinator_membership(coordinator: User, steinfurt: Region) -> Membership:
    return Membership.objects.get(user=coordinator, region=steinfurt)


@pytest.fixture
def login() -> Callable[[User], Client]:
    """A fresh test client logged in as the given person."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user, backend=LOGIN_BACKEND)
        return client

    return _login


@pytest.fixture
def demo(db: None, settings: object) -> None:
    """The demo data of ``load_demo`` (needs DEBUG, which pytest-django switches off).

    ``load_demo`` runs once in a test process; later tests get its rows copied back
    (``tests.demo_snapshot``)."""
    settings.DEBUG = True  # type: ignore[attr-defined]
    demo_snapshot.load_demo()


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo data, loaded once for a test module in which every test uses it.

    Each test still runs in its own transaction, which is rolled back, so what a test writes is
    gone for the next one; the demo itself is removed when the module is done. Only for modules
    whose every test takes ``demo``: a test of the module that does not would find it all the same.
    """
    with django_db_blocker.unblock():
        demo_snapshot.load_demo()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)
        ContentType.objects.clear_cache()


@pytest.fixture
def demo_people(db: None) -> None:
    """Only the demo regions and people of ``load_demo``: quicker when a test needs nothing else."""
    from smartregion.accounts import demo as accounts_demo
    from smartregion.regions import demo as regions_demo

    accounts_demo.load(regions_demo.load())
