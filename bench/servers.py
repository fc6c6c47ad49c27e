"""Processes of a run: gunicorn for the app and the floor, nginx for the static copies.

Every process starts in its own session; ``Processes.stop_all`` ends exactly those process groups
(terminate, then kill), also when the run fails half-way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))


def fetch(url: str, timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """GET a loopback URL without following redirects or using a proxy."""
    assert url.startswith(f"http://{HOST}:"), url
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        try:
            with self.log.open("rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Processes:
    def __init__(self) -> None:
        self.servers: list[Server] = []

    def start(self, name: str, cmd: list[str], log: Path, env: dict[str, str], port: int) -> Server:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        server = Server(name, port, proc, log)
        self.servers.append(server)
        return server

    def wait_ready(self, server: Server, path: str = "/", timeout: float = 60.0) -> None:
        """Wait until the server answers HTTP on its port; fail early when it exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.proc.poll() is not None:
                raise RuntimeError(
                    f"{server.name} exited with {server.proc.returncode}:\n{server.log_tail()}"
                )
            try:
                fetch(server.base + path, timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{server.name} did not answer within {timeout:.0f} s:\n{server.log_tail()}")

    def stop(self, server: Server) -> None:
        if server.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.proc.pid, signal.SIGTERM)
            try:
                server.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.proc.pid, signal.SIGKILL)
                server.proc.wait(timeout=5)
        # The group may outlive its leader (workers): make sure none is left.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(server.proc.pid, signal.SIGKILL)
        if server in self.servers:
            self.servers.remove(server)

    def stop_all(self) -> None:
        for server in list(reversed(self.servers)):
            try:
                self.stop(server)
            except Exception as exc:  # cleanup goes on for the others
                print(f"  could not stop {server.name}: {exc}", file=sys.stderr)


@dataclass(frozen=True)
class Workers:
    count: int
    worker_class: str
    threads: int

    def describe(self) -> str:
        extra = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"{self.count} {self.worker_class} workers{extra}"


def start_gunicorn(
    procs: Processes, name: str, settings_module: str, env: dict[str, str], workers: Workers, out: Path
) -> Server:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "smartregion.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={workers.count}",
        f"--worker-class={workers.worker_class}",
        "--backlog=2048",
        "--timeout=120",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--chdir={Path(__file__).resolve().parent.parent}",
    ]
    if workers.worker_class == "gthread":
        cmd.append(f"--threads={workers.threads}")
    server_env = dict(env, DJANGO_SETTINGS_MODULE=settings_module)
    return procs.start(name, cmd, out / f"{name}.log", server_env, port)


NGINX_CONF = """\
worker_processes {workers};
daemon off;
master_process on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    types {{ text/html html; application/json json; text/plain txt; }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    etag off;
    server {{
        listen {host}:{port};
        root {docroot};
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def start_nginx(procs: Processes, tmp: Path, docroot: Path, workers: int) -> Server:
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed")
    port = free_port()
    (tmp / "body").mkdir(exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, tmp=tmp, host=HOST, port=port, docroot=docroot))
    # Workers may run as nobody: they must be able to read the docroot.
    for path in (tmp, docroot, *docroot.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    cmd = [binary, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)]
    return procs.start("nginx", cmd, tmp / "nginx.out", dict(os.environ), port)
