"""nginx with the site configuration of ``deploy/nginx/smartregion.conf``, run by a test as its own process.

The file is used as shipped, with only what differs on a test machine put in: the upstream servers, the
ports (no root needed), a self-signed certificate and the folders of static and uploaded files.
"""

from __future__ import annotations

import http.client
import os
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.production.test_gunicorn import Answer, _free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "smartregion.conf"
UPSTREAM = "    server {} max_fails=3 fail_timeout=10s;\n"
SHIPPED_UPSTREAMS = UPSTREAM.format("127.0.0.1:8001") + UPSTREAM.format("127.0.0.1:8002")


@dataclass
class Proxy:
    http_port: int
    https_port: int

    def request(self, method: str, path: str, *, https: bool = True) -> Answer:
        if https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=20, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=20)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()


def render_site(
    folder: Path, *, upstreams: list[str], static_root: Path, media_root: Path
) -> tuple[Path, Proxy]:
    """The shipped site with the test's upstreams, ports, certificate and folders; and nginx's main file."""
    site = SITE.read_text()
    assert SHIPPED_UPSTREAMS in site, "deploy/nginx/smartregion.conf: upstream block changed"
    proxy = Proxy(http_port=_free_port(), https_port=_free_port())
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed command line
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    replacements = {
        SHIPPED_UPSTREAMS: "".join(
            f"    server {upstream} max_fails=3 fail_timeout=10s;\n" for upstream in upstreams
        ),
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{proxy.http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{proxy.https_port} ssl http2;",
        "/etc/ssl/smartregion/fullchain.pem": str(certificate),
        "/etc/ssl/smartregion/privkey.pem": str(key),
        "/srv/smartregion/app/staticfiles/": f"{static_root}/",
        "/srv/smartregion/media/": f"{media_root}/",
    }
    for shipped, here in replacements.items():
        assert shipped in site, f"deploy/nginx/smartregion.conf: {shipped.strip()!r} not found"
        site = site.replace(shipped, here)
    (folder / "site.conf").write_text(site)
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\n"
        f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n    include /etc/nginx/mime.types;\n"
        f"    access_log {folder}/nginx-access.log;\n"
        + "".join(
            f"    {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"    include {folder}/site.conf;\n}}\n"
    )
    return main, proxy


@contextmanager
def run_nginx(nginx: str, main: Path, proxy: Proxy) -> Iterator[Proxy]:
    folder = main.parent
    checked = subprocess.run(  # noqa: S603 - fixed command line
        [nginx, "-t", "-c", str(main), "-p", str(folder), "-e", str(folder / "nginx-error.log")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [nginx, "-c", str(main), "-p", str(folder), "-e", str(folder / "nginx-error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                proxy.request("GET", "/healthz", https=False)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield proxy
    finally:
        process.terminate()
        process.wait(timeout=10)
