"""A coordinator creates an API token in the browser, a machine uses it with a plain HTTP client,
the coordinator revokes it, and the machine is refused from then on."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import RequestLog, check_axe, demo_email, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TOKENS = "/r/kreis-steinfurt/verwaltung/api-schluessel/"


def _call(base_url: str, method: str, path: str, secret: str, body: object = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        base_url + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_create_use_and_revoke_a_token(page: Page, base_url: str, request_log: RequestLog) -> None:
    login(page, demo_email("koordination"))
    visit(page, "/r/kreis-steinfurt/verwaltung/")
    page.locator(f"main a[href='{TOKENS}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-Schlüssel")
    check_axe(page)

    page.get_by_label("Bezeichnung").fill("Sensorplattform Stadtwerke")
    page.screenshot(path="test-results/api-token-form.png", full_page=True)
    page.get_by_label("Ideen", exact=True).check()
    expires = timezone.localdate() + datetime.timedelta(days=90)
    page.get_by_label("Gültig bis").fill(expires.isoformat())
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Schlüssel anlegen").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("sr_")
    check_axe(page)
    page.screenshot(path="test-results/api-token-created.png", full_page=True)

    status, body = _call(
        base_url,
        "POST",
        "/api/v1/regions/kreis-steinfurt/ideas/",
        secret,
        {
            "title": "Freie Parkplätze melden",
            "description": "Sensoren an den Parkplätzen in Greven.",
            "field": "verwaltung",
            "municipality": "greven",
        },
    )
    assert status == 201, body
    assert _call(base_url, "GET", "/api/v1/regions/kreis-steinfurt/ideas/", secret)[0] == 200

    visit(page, TOKENS)
    assert secret not in page.content(), "the secret is shown only once"
    row = page.get_by_role("row", name="Sensorplattform Stadtwerke")
    expect(row).not_to_contain_text("noch nie")
    with page.expect_navigation(wait_until="load"):
        row.get_by_role("link", name="Widerrufen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("widerrufen?")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Ja, widerrufen").click()
    expect(page.get_by_role("status").first).to_contain_text("ist widerrufen")
    expect(page.get_by_role("row", name="Sensorplattform Stadtwerke")).to_contain_text("widerrufen am")

    status, body = _call(base_url, "GET", "/api/v1/regions/kreis-steinfurt/ideas/", secret)
    assert (status, body) == (
        401,
        {"detail": "Dieser API-Schlüssel ist unbekannt, abgelaufen oder widerrufen."},
    )
    request_log.assert_same_host()
