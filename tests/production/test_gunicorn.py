"""The installation as it runs in production: gunicorn, ``DEBUG=0``, PostgreSQL, behind a TLS proxy.

A freshly migrated PostgreSQL database ``sr_prodcheck`` (one per test worker); the operator creates a
region on the command line and invites its coordinator (``create_region``, the mail printed by the
console backend); gunicorn serves the app with ``gunicorn.conf.py`` on a free port. Requests that carry
``X-Forwarded-Proto: https`` stand for those through the reverse proxy; requests without it for a load
balancer's health check inside the host.

The coordinator accepts the invitation (a real session, secure cookies, CSRF) and has no TOTP yet: the
pages send them to the TOTP set-up and the API refuses them with 403. ``/healthz`` answers over plain
HTTP, every other path is redirected to HTTPS; the access log shows no invitation token.

Skipped only when PostgreSQL does not answer (``DATABASE_URL`` if it names PostgreSQL, else
postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from psycopg import sql

pytestmark = pytest.mark.production

ROOT = Path(__file__).resolve().parents[2]
# Each pytest-xdist worker that runs a test of this module sets up its own database and server.
DATABASE = "sr_prodcheck_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
OPERATOR = "betrieb@probe.example"
COORDINATOR = "koordination@probe.example"
REGION = "kreis-probe"
PASSWORD = "Probe-" + secrets.token_urlsafe(12)


def _server_url() -> str:
    """The PostgreSQL server the tests use, without a database name."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        return configured.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def _admin_connection() -> psycopg.Connection:
    try:
        return psycopg.connect(f"{_server_url()}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        pytest.skip(f"PostgreSQL antwortet nicht ({_server_url()}): {reason}")


def _drop_database(connection: psycopg.Connection) -> None:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> dict[str, object]:
        return json.loads(self.body)

    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Server:
    port: int
    log: Path
    cookies: dict[str, str] = field(default_factory=dict)
    invitation_path: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
    ) -> Answer:
        """One request; ``https`` as the reverse proxy sends it (``X-Forwarded-Proto: https``)."""
        sent = dict(headers or {})
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"


def _environment(port: int, static_root: Path) -> dict[str, str]:
    """Production settings from the environment, as an operator sets them; nothing from this shell."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108 - only a fallback for a missing HOME
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "tests.production.settings",
        "PRODCHECK_STATIC_ROOT": str(static_root),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"{_server_url()}/{DATABASE}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_SUPERUSER_EMAIL": OPERATOR,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn endete beim Start:\n{server.log.read_text()}")
        try:
            server.request("GET", "/healthz", https=False)
        except OSError:
            time.sleep(0.2)
        else:
            return
    pytest.fail(f"gunicorn antwortet nicht:\n{server.log.read_text()}")


def _accept_invitation(server: Server) -> None:
    """The coordinator follows the invitation link and sets a name and password: logged in."""
    form = server.request("GET", server.invitation_path)
    assert form.status == 200, form.body[:500]
    cookies = form.cookies()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    assert token is not None
    body = urlencode(
        {"csrfmiddlewaretoken": token[1].decode(), "name": "Koordination Probe", "password": PASSWORD}
    )
    accepted = server.request(
        "POST",
        server.invitation_path,
        body=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": server.origin},
        cookies=cookies,
    )
    assert accepted.status == 302, accepted.body[:500]
    assert urlsplit(accepted.headers["Location"]).path == f"/r/{REGION}/"
    server.cookies = {**cookies, **accepted.cookies()}
    assert "sessionid" in server.cookies


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    admin = _admin_connection()
    folder = tmp_path_factory.mktemp("prodcheck")
    port = _free_port()
    env = _environment(port, folder / "static")
    _drop_database(admin)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "collectstatic", "--no-input", "-v0")
    _manage(env, "createsuperuser", "--no-input")
    mail = _manage(
        env, "create_region", "--name", "Kreis Probe", "--slug", REGION, "--state", "NW",
        "--coordinator", COORDINATOR, "--invited-by", OPERATOR,
    )  # fmt: skip
    link = re.search(r"https://127\.0\.0\.1:\d+(/einladung/[\w-]+/)", mail)
    assert link is not None, mail
    server = Server(port=port, log=folder / "gunicorn.log", invitation_path=link[1])
    with server.log.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "gunicorn", "smartregion.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--access-logfile", "-", "--no-control-socket"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        _wait_until_up(server, process)
        _accept_invitation(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)
        _drop_database(admin)
        admin.close()


def test_health_check_answers_plain_http(server):
    answer = server.request("GET", "/healthz", https=False)

    assert answer.status == 200
    assert answer.json() == {"status": "ok", "database": "ok"}
    assert server.request("HEAD", "/healthz", https=False).status == 200


def test_everything_else_is_redirected_to_https(server):
    for path in ["/", "/api/v1/regions/", f"/r/{REGION}/", "/healthz/"]:
        answer = server.request("GET", path, https=False)

        assert answer.status == 301, path
        assert answer.headers["Location"] == f"https://127.0.0.1:{server.port}{path}", path


def test_pages_answer_behind_the_proxy(server):
    for method in ["GET", "HEAD"]:
        answer = server.request(method, "/")

        assert answer.status == 200, method
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    assert server.request("GET", "/api/v1/regions/").json()["count"] == 1
    assert server.request("GET", "/api/v1/docs").status == 200


def test_coordinator_without_totp_is_sent_to_set_it_up(server):
    answer = server.request("GET", f"/r/{REGION}/", cookies=server.cookies)

    assert answer.status == 302
    assert urlsplit(answer.headers["Location"]).path == "/konto/2fa/totp/activate/"


def test_coordinator_without_totp_gets_403_from_the_api(server):
    read = server.request("GET", "/api/v1/regions/", cookies=server.cookies)
    write = server.request(
        "POST",
        "/api/v1/projects/1/adoptions/",
        body=json.dumps({"region": REGION, "municipality": None}).encode(),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": server.cookies["csrftoken"],
            "Origin": server.origin,
        },
        cookies=server.cookies,
    )

    for answer in (read, write):
        assert answer.status == 403, answer.body
        assert answer.headers["Content-Type"] == "application/json"
        assert "Zwei-Faktor-Authentifizierung" in str(answer.json()["detail"])


def test_access_log_hides_the_invitation_token(server):
    server.request("GET", server.invitation_path)
    time.sleep(0.5)  # the worker writes its access line after the answer

    log = server.log.read_text()
    token = server.invitation_path.split("/")[2]
    assert '"GET /einladung/***/ HTTP/1.1" 200' in log
    assert '"POST /einladung/***/ HTTP/1.1" 302' in log
    assert token not in log
