"""The API honours the two-factor requirement for coordinators like the pages do."""

# The fixtures of the needs analysis and project tests are imported; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator

from smartregion.analysis.tests.conftest import analysis_round, fields, rheine  # noqa: F401
from smartregion.portfolio.models import Project
from smartregion.portfolio.tests.test_projects_setup import (  # noqa: F401
    make_project,
    project,
    steinfurt_fields,
)

pytestmark = pytest.mark.django_db

MFA_MESSAGE = (
    "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung (TOTP) ein. "
    "Bis dahin beantwortet die API Ihre Anfragen nicht."
)


@pytest.fixture
def require_mfa(settings):
    settings.REQUIRE_MFA_FOR_COORDINATORS = True


def _add_totp(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})


def _reads(analysis_round) -> list[str]:
    return [
        f"/api/v1/analyses/{analysis_round.pk}/results/",
        f"/api/v1/analyses/{analysis_round.pk}/questionnaires/greven/",
        "/api/v1/regions/",
    ]


def _adopt(client, project):
    body = json.dumps({"region": "kreis-coesfeld", "municipality": None})
    return client.post(f"/api/v1/projects/{project.pk}/adoptions/", body, content_type="application/json")


def _assert_refused(response) -> None:
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": MFA_MESSAGE}


def test_coordinator_without_totp_reads_nothing_from_the_api(require_mfa, login, coordinator, analysis_round):
    client = login(coordinator)

    for url in _reads(analysis_round):
        _assert_refused(client.get(url))


def test_coordinator_without_totp_writes_nothing_through_the_api(
    require_mfa, login, coesfeld_coordinator, project
):
    response = _adopt(login(coesfeld_coordinator), project)

    _assert_refused(response)
    assert not Project.objects.filter(adopted_from=project).exists()


def test_coordinator_with_totp_reads(require_mfa, login, coordinator, analysis_round):
    _add_totp(coordinator)
    client = login(coordinator)

    for url in _reads(analysis_round):
        assert client.get(url).status_code == 200, url


def test_coordinator_with_totp_writes(require_mfa, login, coesfeld_coordinator, project):
    _add_totp(coesfeld_coordinator)

    assert _adopt(login(coesfeld_coordinator), project).status_code == 201


def test_coordinator_who_removes_totp_is_refused_again_in_the_same_session(
    require_mfa, login, coordinator, analysis_round
):
    _add_totp(coordinator)
    client = login(coordinator)
    url = _reads(analysis_round)[0]
    assert client.get(url).status_code == 200

    Authenticator.objects.filter(user=coordinator).delete()

    _assert_refused(client.get(url))


def test_other_people_and_anonymous_visitors_use_the_api_as_before(
    require_mfa, client, login, reader, analysis_round
):
    assert login(reader).get("/api/v1/regions/kreis-steinfurt/analyses/").status_code == 200
    assert client.get("/api/v1/regions/").status_code == 200


def test_without_the_requirement_coordinators_use_the_api(settings, login, coordinator, analysis_round):
    settings.REQUIRE_MFA_FOR_COORDINATORS = False

    assert login(coordinator).get(_reads(analysis_round)[0]).status_code == 200
