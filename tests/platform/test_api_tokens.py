"""API tokens: a coordinator creates one per region, a machine uses it with a plain HTTP client,
without CSRF; scope, region, expiry, revocation and the rate limit hold; every use is audited."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from smartregion.accounts import tokens
from smartregion.accounts.models import ApiToken, Membership
from smartregion.core import ratelimit
from smartregion.core.models import AuditEvent
from smartregion.ideas.models import Idea

pytestmark = pytest.mark.django_db

IDEAS = "/api/v1/regions/kreis-steinfurt/ideas/"
IDEA = {"title": "Sensoren für freie Parkplätze", "description": "Die Stadtwerke melden freie Plätze."}


def _new(region, actor, scopes=(), days=30, name="Sensorplattform"):
    return tokens.create_token(
        region=region,
        actor=actor,
        name=name,
        write_scopes=list(scopes),
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def _call(method: str, url: str, secret: str | None, body: object = None, client: Client | None = None):
    client = client or Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret is not None else {}
    data = json.dumps(body) if body is not None else None
    return client.generic(method, url, data=data or "", content_type="application/json", **headers)


def test_only_a_hash_is_stored_and_the_secret_works_without_csrf(steinfurt, coordinator):
    new = _new(steinfurt, coordinator, scopes=["ideas"])

    assert new.secret.startswith("sr_")
    assert new.secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    answer = _call("POST", IDEAS, new.secret, IDEA)

    assert answer.status_code == 201, answer.content
    idea = Idea.objects.get(title=IDEA["title"])
    assert idea.author == coordinator
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None
    used = AuditEvent.objects.get(action="api_token.used")
    assert (used.region, used.object_id, used.details["method"]) == (steinfurt, str(new.token.pk), "POST")


def test_a_read_only_token_reads_but_does_not_write(steinfurt, coordinator):
    new = _new(steinfurt, coordinator)

    assert _call("GET", IDEAS, new.secret).status_code == 200
    refused = _call("POST", IDEAS, new.secret, IDEA)

    assert refused.status_code == 403
    assert refused.json() == {"detail": "Dieser API-Schlüssel darf im Bereich „Ideen“ nichts ändern."}
    assert not Idea.objects.exists()


def test_a_token_of_one_region_is_refused_on_another(steinfurt, coesfeld, coordinator):
    new = _new(steinfurt, coordinator, scopes=["ideas"])

    answer = _call("POST", "/api/v1/regions/kreis-coesfeld/ideas/", new.secret, IDEA)
    read = _call("GET", "/api/v1/regions/kreis-coesfeld/ideas/", new.secret)

    assert answer.status_code == 403
    assert answer.json() == {"detail": "Dieser API-Schlüssel gilt nur im Kreis Steinfurt."}
    assert read.status_code == 403
    assert not Idea.objects.exists()


@pytest.mark.parametrize("problem", ["expired", "revoked", "unknown", "malformed", "creator_left"])
def test_an_unusable_token_gets_401_and_changes_nothing(steinfurt, coordinator, problem):
    new = _new(steinfurt, coordinator, scopes=["ideas"])
    secret = new.secret
    if problem == "expired":
        ApiToken.objects.filter(pk=new.token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif problem == "revoked":
        tokens.revoke_token(token=new.token, actor=coordinator)
    elif problem == "unknown":
        secret = secret[:-4] + "abcd"
    elif problem == "malformed":
        secret = "\x00" * 500
    else:
        Membership.objects.filter(user=coordinator).delete()

    answer = _call("POST", IDEAS, secret, IDEA)

    assert answer.status_code == 401
    assert answer.json() == {"detail": "Dieser API-Schlüssel ist unbekannt, abgelaufen oder widerrufen."}
    assert answer["WWW-Authenticate"] == "Bearer"
    assert not Idea.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.used").exists()


def test_a_bad_token_never_falls_back_to_the_session(login, steinfurt, coordinator):
    client = login(coordinator)

    answer = _call("GET", IDEAS, "sr_nichts_da", client=client)

    assert answer.status_code == 401


def test_a_token_does_not_pass_on_an_operators_powers(steinfurt, coesfeld, coordinator):
    coordinator.is_superuser = True
    coordinator.save()
    new = _new(steinfurt, coordinator, scopes=["ideas"])

    answer = _call("GET", "/api/v1/regions/kreis-coesfeld/ideas/", new.secret)

    assert answer.status_code == 403


def test_every_token_is_rate_limited(steinfurt, coordinator, monkeypatch):
    monkeypatch.setattr(ratelimit, "API_TOKEN", ratelimit.Limit("api-token-test", 3, 3600))
    new = _new(steinfurt, coordinator)

    statuses = [_call("GET", IDEAS, new.secret).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_creating_a_token_refuses_bad_input_in_german(steinfurt, coordinator):
    today = timezone.localdate()
    cases = [
        ({"name": " ", "write_scopes": [], "expires_on": today + datetime.timedelta(days=1)}, "Bezeichnung"),
        ({"name": "x", "write_scopes": ["root"], "expires_on": today + datetime.timedelta(days=1)}, "root"),
        ({"name": "x", "write_scopes": [], "expires_on": today}, "in der Zukunft"),
        ({"name": "x", "write_scopes": [], "expires_on": today + datetime.timedelta(days=400)}, "ein Jahr"),
    ]
    for data, message in cases:
        with pytest.raises(Exception, match=message):
            tokens.create_token(region=steinfurt, actor=coordinator, **data)
    assert not ApiToken.objects.exists()


def test_openapi_describes_the_token_scheme(client):
    schema = client.get("/api/v1/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values())


PAGE = "/r/kreis-steinfurt/verwaltung/api-schluessel/"


def test_the_page_shows_a_new_secret_once_and_keeps_it_out_of_caches(login, steinfurt, coordinator):
    client = login(coordinator)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    created = client.post(
        PAGE, {"name": "Open-Data-Portal", "write_scopes": ["events"], "expires_on": expires}
    )
    again = client.get(PAGE)

    token = ApiToken.objects.get()
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = created.text.split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith(f"sr_{token.prefix}_")
    assert secret not in again.text
    assert "Veranstaltungen" in again.text
    assert (token.write_scopes, token.created_by) == (["events"], coordinator)


def test_the_page_refuses_bad_input_in_german(login, steinfurt, coordinator):
    client = login(coordinator)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    past = client.post(PAGE, {"name": "Alt", "expires_on": yesterday})
    forged = client.post(PAGE, {"name": "x", "write_scopes": ["root"], "expires_on": "2099-01-01"})

    assert past.status_code == 400
    assert "Das Ablaufdatum muss in der Zukunft liegen." in past.text
    assert forged.status_code == 400
    assert "root ist keine gültige Auswahl" in forged.text
    assert not ApiToken.objects.exists()


def test_only_the_regions_coordinators_manage_tokens(
    login, steinfurt, coesfeld, coordinator, reader, coesfeld_coordinator
):
    new = _new(steinfurt, coordinator)
    revoke = f"{PAGE}{new.token.pk}/widerrufen/"

    assert login(reader).get(PAGE).status_code == 403
    assert login(reader).post(revoke).status_code == 403
    assert login(coesfeld_coordinator).post(revoke).status_code == 403
    assert (
        login(coesfeld_coordinator)
        .post(f"/r/kreis-coesfeld/verwaltung/api-schluessel/{new.token.pk}/widerrufen/")
        .status_code
        == 404
    )
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_revoking_twice_says_so(login, steinfurt, coordinator):
    new = _new(steinfurt, coordinator)
    client = login(coordinator)
    revoke = f"{PAGE}{new.token.pk}/widerrufen/"

    asked = client.post(revoke)
    assert "widerrufen?" in asked.text
    new.token.refresh_from_db()
    assert new.token.revoked_at is None  # one click revokes nothing
    client.post(revoke, {"bestaetigt": "1"})
    answer = client.post(revoke, {"bestaetigt": "1"}, follow=True)

    assert "Dieser Schlüssel ist bereits widerrufen." in answer.text
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


@pytest.mark.parametrize("name", ["Portal\x1b[31m", "Zeile\x0bumbruch", "Zeile\nzwei"])
def test_a_name_with_control_characters_is_refused(login, steinfurt, coordinator, name):
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    answer = login(coordinator).post(PAGE, {"name": name, "expires_on": expires})

    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_of_a_coordinator_without_required_totp_is_refused(settings, steinfurt, coordinator):
    new = _new(steinfurt, coordinator)
    settings.REQUIRE_MFA_FOR_COORDINATORS = True

    answer = _call("GET", IDEAS, new.secret)

    assert answer.status_code == 401
    assert not AuditEvent.objects.filter(action="api_token.used").exists()


def test_polling_writes_the_last_use_once_a_minute(steinfurt, coordinator):
    new = _new(steinfurt, coordinator)
    _call("GET", IDEAS, new.secret)
    first = ApiToken.objects.get().last_used_at

    for _ in range(3):
        _call("GET", IDEAS, new.secret)

    assert ApiToken.objects.get().last_used_at == first
    assert AuditEvent.objects.filter(action="api_token.used").count() == 1


def test_a_token_reads_no_object_of_another_region_by_its_number(steinfurt, coesfeld, coordinator):
    from smartregion.core.scoping import scopes_disabled
    from smartregion.events.models import Event

    start = timezone.now() + datetime.timedelta(days=5)
    with scopes_disabled():
        own, foreign = (
            Event.objects.create(region=region, title="Werkstatt", start=start, end=start)
            for region in (steinfurt, coesfeld)
        )
    new = _new(steinfurt, coordinator)

    assert _call("GET", f"/api/v1/events/{own.pk}/", new.secret).status_code == 200
    refused = _call("GET", f"/api/v1/events/{foreign.pk}/", new.secret)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Dieser API-Schlüssel gilt nur im Kreis Steinfurt."}
    # Without a key the public event is there for everyone, as before.
    assert _call("GET", f"/api/v1/events/{foreign.pk}/", None).status_code == 200
