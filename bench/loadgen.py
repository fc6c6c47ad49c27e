"""Load for a bounded time: wrk with a Lua script, or a small Python generator when wrk is missing.

Both return the same dict: requests, rps, p50/p90/p99/max latency in ms, errors (responses outside
200-299 plus socket errors and timeouts) with the details.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MARK = "BENCH_WRK "

# Counts statuses outside 200-299 in every thread (wrk's own count lets 3xx pass).
LUA_COUNT_STATUS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
"""
# Without a response() hook wrk stays at full speed (for nginx); its status count covers >= 400.
LUA_NO_HOOK = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
"""
LUA_DONE = """
function done(summary, latency, requests)
  local non2xx = -1
  if response ~= nil then
    non2xx = 0
    for _, t in ipairs(threads) do non2xx = non2xx + (t:get("non2xx") or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,'
    .. '"status":%d,"timeout":%d,"non2xx":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\\n',
    "MARK", summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, non2xx, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
""".replace("MARK", MARK)


@dataclass(frozen=True)
class Load:
    seconds: float
    threads: int
    connections: int
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Request:
    url: str
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    count_non2xx: bool = True


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for these characters


def wrk_script(request: Request) -> str:
    lines = [LUA_COUNT_STATUS if request.count_non2xx else LUA_NO_HOOK]
    lines.append(f"wrk.method = {lua_string(request.method)}")
    if request.body is not None:
        lines.append(f"wrk.body = {lua_string(request.body)}")
    for name, value in request.headers.items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    lines.append(LUA_DONE)
    return "\n".join(lines)


def run_wrk(request: Request, load: Load, workdir: Path) -> dict[str, object]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=workdir, delete=False) as script:
        script.write(wrk_script(request))
    cmd = [
        shutil.which("wrk") or "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{max(1, round(load.seconds))}s",
        f"--timeout={max(1, round(load.timeout_s))}s",
        "-s",
        script.name,
        request.url,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=load.seconds + 60, check=False)
    line = next((x for x in proc.stdout.splitlines() if x.startswith(MARK)), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout[-500:]}")
    raw = json.loads(line[len(MARK) :])
    socket_errors = {k: raw[k] for k in ("connect", "read", "write", "timeout")}
    # With the hook: every status outside 200-299; without: wrk's count (outside 200-399).
    non2xx = raw["non2xx"] if raw["non2xx"] >= 0 else raw["status"]
    duration = raw["duration_us"] / 1e6
    return {
        "tool": "wrk",
        "requests": raw["requests"],
        "seconds": round(duration, 2),
        "rps": raw["requests"] / duration if duration else 0.0,
        "p50_ms": raw["p50"] / 1000,
        "p90_ms": raw["p90"] / 1000,
        "p99_ms": raw["p99"] / 1000,
        "max_ms": raw["max"] / 1000,
        "mean_ms": raw["mean"] / 1000,
        "bytes": raw["bytes"],
        "non2xx": non2xx,
        "socket_errors": socket_errors,
        "errors": non2xx + sum(socket_errors.values()),
    }


# ---------------------------------------------------------------- Python fallback (no wrk)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    keep = version == "HTTP/1.1" and headers.get("connection") != "close"
    size = 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    else:
        size = len(await reader.read())
        keep = False
    return int(status), keep, size + len(head)


async def _connection(host: str, port: int, raw: bytes, deadline: float, timeout: float, out: dict) -> None:
    writer = None
    while time.monotonic() < deadline:
        left = deadline - time.monotonic()
        try:
            async with asyncio.timeout(min(timeout, left)):
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                start = time.perf_counter()
                writer.write(raw)
                status, keep, size = await _read_response(reader)
            out["latencies"].append(time.perf_counter() - start)
            out["bytes"] += size
            if not 200 <= status <= 299:
                out["non2xx"] += 1
            if not keep:
                writer.close()
                writer = None
        except TimeoutError:
            if time.monotonic() < deadline - 0.01:
                out["socket_errors"]["timeout"] += 1
            if writer is not None:
                writer.close()
            writer = None
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            out["socket_errors"]["read"] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


def _py_worker(args: tuple[str, int, bytes, float, int, float]) -> dict:
    host, port, raw, deadline_in, connections, timeout = args
    out: dict = {
        "latencies": [],
        "bytes": 0,
        "non2xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }

    async def main() -> None:
        deadline = time.monotonic() + deadline_in
        await asyncio.gather(
            *(_connection(host, port, raw, deadline, timeout, out) for _ in range(connections))
        )

    asyncio.run(main())
    return out


def run_python(request: Request, load: Load, workdir: Path) -> dict[str, object]:
    from urllib.parse import urlsplit

    url = urlsplit(request.url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    target = url.path + (f"?{url.query}" if url.query else "")
    body = (request.body or "").encode()
    head = [f"{request.method} {target} HTTP/1.1", f"Host: {host}:{port}", "User-Agent: bench"]
    head += [f"{k}: {v}" for k, v in request.headers.items()]
    if request.body is not None:
        head.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
    procs = max(1, load.threads)
    per = [load.connections // procs + (1 if i < load.connections % procs else 0) for i in range(procs)]
    started = time.monotonic()
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        parts = pool.map(_py_worker, [(host, port, raw, load.seconds, n, load.timeout_s) for n in per])
    duration = time.monotonic() - started
    latencies = sorted(x for p in parts for x in p["latencies"])
    socket_errors = {k: sum(p["socket_errors"][k] for p in parts) for k in parts[0]["socket_errors"]}
    non2xx = sum(p["non2xx"] for p in parts)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "tool": "python",
        "requests": len(latencies),
        "seconds": round(duration, 2),
        "rps": len(latencies) / duration if duration else 0.0,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
        "mean_ms": sum(latencies) / len(latencies) * 1000 if latencies else 0.0,
        "bytes": sum(p["bytes"] for p in parts),
        "non2xx": non2xx,
        "socket_errors": socket_errors,
        "errors": non2xx + sum(socket_errors.values()),
    }


def run(tool: str, request: Request, load: Load, workdir: Path) -> dict[str, object]:
    return (run_wrk if tool == "wrk" else run_python)(request, load, workdir)
