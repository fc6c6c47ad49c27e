"""Secrets in links never reach a log: Django's request and server logs, gunicorn's access and error log."""

from __future__ import annotations

import io
import logging
import runpy
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from gunicorn.config import Config

from smartregion.core.logging import CapabilityUrlFilter, mask_capability_urls

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"
SECRET = "Zq9xSecretSample_-value"
# Route parameters with these names are secrets: whoever knows the link may act with it.
SECRET_PARAMETERS = {"token", "key", "secret"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/einladung/abc123/", "/einladung/***/"),
        ('"GET /einladung/abc123/ HTTP/1.1" 200 512', '"GET /einladung/***/ HTTP/1.1" 200 512'),
        ("/r/kreis-a/termine/anmeldung/tok/", "/r/kreis-a/termine/anmeldung/***/"),
        (
            "/r/kreis-a/termine/anmeldung/tok/bestaetigen/sec/",
            "/r/kreis-a/termine/anmeldung/***/bestaetigen/***/",
        ),
        ("/r/kreis-a/termine/anmeldung/tok/link-senden/", "/r/kreis-a/termine/anmeldung/***/link-senden/"),
        ("/r/kreis-a/ideen/bestaetigen/tok/", "/r/kreis-a/ideen/bestaetigen/***/"),
        ("/r/kreis-a/ideen/unterstuetzung/tok/", "/r/kreis-a/ideen/unterstuetzung/***/"),
        ("/r/kreis-a/beteiligung/3/antwort/tok/", "/r/kreis-a/beteiligung/3/antwort/***/"),
        ("/konto/confirm-email/MQ:1v2:abc/", "/konto/confirm-email/***/"),
        ("/konto/password/reset/key/1a-c4k2-9f8e/", "/konto/password/reset/key/***/"),
        ("/r/kreis-a/termine/5/?einladung=abc&x=1", "/r/kreis-a/termine/5/?einladung=***&x=1"),
        ("/r/kreis-a/termine/5/termin.ics?einladung=abc", "/r/kreis-a/termine/5/termin.ics?einladung=***"),
        # The login and language links carry the page they came from, URL-encoded once or twice.
        ("/konto/login/?next=%2Feinladung%2Fabc123%2F", "/konto/login/?next=%2Feinladung%2F***%2F"),
        (
            "/sprache/en/?next=%2Fkonto%2Flogin%2F%3Fnext%3D%252Feinladung%252Fabc123%252F",
            "/sprache/en/?next=%2Fkonto%2Flogin%2F%3Fnext%3D%252Feinladung%252F***%252F",
        ),
        ("/sprache/en/?next=%2Fr%2Fa%2Ftermine%2F5%2F%3Feinladung%3Dabc", None),
        # A referrer or a redirect target: a whole URL.
        (
            '"https://example.org/einladung/abc123/" "Mozilla/5.0"',
            '"https://example.org/einladung/***/" "Mozilla/5.0"',
        ),
        # Mangled by a mail program: the secret is still hidden.
        ("/einladung/abc123)", None),
    ],
)
def test_mask_capability_urls(line, expected):
    masked = mask_capability_urls(line)

    assert "abc" not in masked
    assert "tok" not in masked
    assert "sec/" not in masked
    if expected is not None:
        assert masked == expected


@pytest.mark.parametrize(
    "line",
    [
        "/r/kreis-a/strategie/fassungen/3/",
        "/r/kreis-a/beteiligung/3/antworten.csv",
        "/r/kreis-a/ideen/2/?seite=2",
        "/u/ab12cd",
        '"GET /r/kreis-a/termine/anmeldung/ HTTP/1.1" 404 10',
        "Internal Server Error: /r/kreis-a/projekte/",
        "100% done",
    ],
)
def test_other_lines_are_left_alone(line):
    assert mask_capability_urls(line) == line


def _routes(
    patterns: list[URLPattern | URLResolver], namespace: str = "", converters: dict[str, object] | None = None
) -> Iterator[tuple[str, dict[str, object]]]:
    """(full URL name, parameter name -> converter or None) of every route."""
    for entry in patterns:
        found = dict(converters or {})
        found.update(getattr(entry.pattern, "converters", {}))
        for name in entry.pattern.regex.groupindex:
            found.setdefault(name, None)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner, found)
        else:
            yield f"{namespace}{entry.name}", found


def _secret_routes() -> list[tuple[str, dict[str, str]]]:
    routes = []
    for name, parameters in _routes(get_resolver().url_patterns):
        if not SECRET_PARAMETERS & set(parameters):
            continue
        kwargs = {
            parameter: SECRET
            if parameter in SECRET_PARAMETERS
            else ("7" if isinstance(converter, IntConverter) or parameter == "uidb36" else "kreis-a")
            for parameter, converter in parameters.items()
        }
        routes.append((name, kwargs))
    return routes


def test_every_route_with_a_secret_is_masked():
    """A new route with a secret in its path must be added to CAPABILITY_SEGMENTS."""
    routes = _secret_routes()
    problems = []
    for name, kwargs in routes:
        assert not name.endswith(":None"), f"Route ohne Namen mit Geheimnis: {kwargs}"
        path = reverse(name, kwargs=kwargs)
        for line in [
            f'"GET {path} HTTP/1.1" 200 512',
            f"https://smartregion.example.org{path}",
            f"/sprache/en/?next={quote(path, safe='')}",
            f"/sprache/en/?next={quote('/konto/login/?next=' + quote(path, safe=''), safe='')}",
        ]:
            if SECRET in mask_capability_urls(line):
                problems.append(f"{name}: {line}")

    assert len(routes) >= 10, routes
    assert not problems, "\n".join(problems)


def test_not_found_in_the_request_log_is_masked(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/r/gibt-es-nicht/termine/anmeldung/{SECRET}/")

    assert response.status_code == 404
    messages = [record.getMessage() for record in caplog.records if record.name == "django.request"]
    assert messages == ["Not Found: /r/gibt-es-nicht/termine/anmeldung/***/"]


def test_development_server_log_is_masked():
    server_log = logging.getLogger("django.server")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    server_log.addHandler(handler)
    try:
        # As django.core.servers.basehttp.WSGIRequestHandler.log_message logs a request.
        server_log.info('"%s" %s %s', f"GET /einladung/{SECRET}/ HTTP/1.1", "200", "512")
    finally:
        server_log.removeHandler(handler)

    assert out.getvalue() == '"GET /einladung/***/ HTTP/1.1" 200 512\n'


def test_filter_keeps_records_it_cannot_format():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)

    assert CapabilityUrlFilter().filter(record) is True


@pytest.fixture
def gunicorn_logs(tmp_path):
    """gunicorn's logger as gunicorn.conf.py configures it, with the access and error log in files."""
    cfg = Config()
    for name, value in runpy.run_path(str(GUNICORN_CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = cfg.logger_class(cfg)
    yield logger, tmp_path
    for log in (logger.access_log, logger.error_log):
        for handler in [h for h in log.handlers if getattr(h, "_gunicorn", False)]:
            log.removeHandler(handler)
            handler.close()
        for log_filter in list(log.filters):
            log.removeFilter(log_filter)


def test_gunicorn_conf_masks_the_access_log(gunicorn_logs):
    logger, folder = gunicorn_logs
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/r/kreis-a/termine/anmeldung/{SECRET}/",
        "PATH_INFO": f"/r/kreis-a/termine/anmeldung/{SECRET}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://smartregion.example.org/konto/login/?next=%2Feinladung%2F{SECRET}%2F",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)

    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))

    line = (folder / "access.log").read_text()
    assert '"GET /r/kreis-a/termine/anmeldung/***/ HTTP/1.1" 200 512' in line
    assert '"https://smartregion.example.org/konto/login/?next=%2Feinladung%2F***%2F"' in line
    assert SECRET not in line


def test_gunicorn_conf_masks_the_error_log(gunicorn_logs):
    logger, folder = gunicorn_logs

    logger.error("Error handling request %s", f"/einladung/{SECRET}/")

    text = (folder / "error.log").read_text()
    assert "Error handling request /einladung/***/" in text
    assert SECRET not in text
