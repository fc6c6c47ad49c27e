"""Property-based tests of every API operation against the OpenAPI description (schemathesis)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from smartregion.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from smartregion.wsgi import application

REGION_SLUGS = ("kreis-steinfurt", "kreis-coesfeld")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Unknown query parameters are ignored, as by most HTTP APIs; do not expect them to be rejected.
schema.config.generation.update(allow_extra_parameters=False)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    """Besides random slugs (404), ask for regions that exist, so their pages are checked too.

    Only a well-formed slug is swapped, so a deliberately malformed one (negative case) stays.
    """
    slug = (path_parameters or {}).get("slug")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return st.just(path_parameters)
    return st.sampled_from([slug, *REGION_SLUGS]).map(lambda slug: {**path_parameters, "slug": slug})


@pytest.fixture
def regions(transactional_db: None) -> None:
    # Committed rows (transactional_db): Django's WSGI handler closes the connection after each request.
    for slug in REGION_SLUGS:
        region = RegionFactory(slug=slug)
        MunicipalityFactory.create_batch(3, region=region)
        MunicipalityFactory(region=region, ags="", population=None)
        OrganisationFactory.create_batch(2, region=region)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_openapi_description(case: schemathesis.Case, regions: None) -> None:
    # Whether a well-formed write is accepted depends on data beyond the schema (a municipality of the
    # region, an open survey, free seats); those writes are tested with real data in the apps' tests.
    excluded = [positive_data_acceptance] if case.method != "GET" else []
    case.call_and_validate(excluded_checks=excluded)
