"""Throughput with Debian's wrk, server RSS, and the slowloris stall, each server in its own process.

Run as a script (`serve_load.py glimpse|hello PORT`) it is the server: the app, or a Flask
hello-world, on waitress with 8 threads, as `glimpse serve` runs it.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nginx_support import (  # noqa: E402
    free_port,
    half_sent_connections,
    proxy_config,
    run_nginx,
    wait_for_port,
)

THREADS = 8
CONNECTIONS = (1, 16, 100)
SECONDS = 3  # per wrk run
REPEATS = 3  # runs per cell, median kept: the machine is shared, single runs are noisy
BROWSER_AE = "gzip, deflate, br, zstd"
STALL_TIMEOUT = 5.0
IDLE = 110


def hello_app():
    from flask import Flask

    app = Flask("hello")
    app.add_url_rule("/", "hello", lambda: "Hello, World!")
    return app


def serve_forever(kind: str, port: int) -> None:
    """Serve the app or the hello-world until killed (this process is the server)."""
    import logging

    from waitress import serve

    from app import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" lines

    app = create_app() if kind == "glimpse" else hello_app()
    serve(app, host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


@contextlib.contextmanager
def server_process(kind: str, env: dict[str, str]) -> Iterator[tuple[int, int]]:
    """Start a server process; yield (port, pid); stop it."""
    port = free_port()
    command = [sys.executable, __file__, kind, str(port)]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_for_port(port, timeout=30)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, headers: dict[str, str]) -> tuple[float, float, float, str]:
    """Run wrk for SECONDS; return (requests/s, p50 ms, p99 ms, problems)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=SECONDS + 30, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)$", out, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)$", out, re.MULTILINE).group(1))
    problems = "; ".join(re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", out))
    return rate, p50, p99, problems


def load_table(env: dict[str, str], slide_path: str) -> None:
    """Print requests/s and latency of slide page, fragment and hello-world, and server RSS."""
    if not shutil.which("wrk"):
        print("\nwrk not installed (apt-get install -y wrk): throughput skipped")
        return
    cases = [
        ("hello-world", "hello", "/", {"Accept-Encoding": BROWSER_AE}),
        ("slide page", "glimpse", slide_path, {"Accept-Encoding": BROWSER_AE}),
        (
            "slide, HTMX",
            "glimpse",
            slide_path,
            {"Accept-Encoding": BROWSER_AE, "HX-Request": "true"},
        ),
    ]
    print(
        f"\n== throughput: waitress, {THREADS} threads, median of {REPEATS} wrk runs of {SECONDS} s per cell, loopback =="
    )
    print(f"  {'':<12}" + "".join(f"{f'{c} conn: req/s  p50  p99':>32}" for c in CONNECTIONS))
    hello: dict[int, float] = {}
    for label, kind, path, headers in cases:
        with server_process(kind, env) as (port, pid):
            url = f"http://127.0.0.1:{port}{path}"
            wrk(url, 4, headers)  # warm: first renders, compression, imports
            before = rss_mib(pid)
            cells = []
            for connections in CONNECTIONS:
                runs = sorted(wrk(url, connections, headers) for _ in range(REPEATS))
                rate, p50, p99, problems = runs[len(runs) // 2]
                if kind == "hello":
                    hello[connections] = rate
                ratio = f" ({rate / hello[connections]:.2f}x)" if kind != "hello" else ""
                cell = f"{rate:>8,.0f}{ratio} {p50:5.1f} {p99:5.1f} ms"
                cells.append(cell + (f" [{problems}]" if problems else ""))
            after = rss_mib(pid)
        print(f"  {label:<12}" + "".join(f"{cell:>32}" for cell in cells))
        print(f"  {'':<12}server RSS {before:.0f} MiB before the load, {after:.0f} MiB after")
    print("  (target: slide page and HTMX ≥ 0.80x hello-world at every connection count)")


def _answer_time(port: int, path: str) -> str:
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return f"{response.status} in {(time.monotonic() - start) * 1000:.0f} ms"
    except OSError:
        return f"stalled: no answer within {STALL_TIMEOUT:.0f} s"
    finally:
        connection.close()


def slowloris(env: dict[str, str], slide_path: str) -> None:
    """Print how a normal request fares with IDLE half-sent connections open, without and with nginx."""
    print(f"\n== {IDLE} idle half-sent connections, then one normal request ==")
    with server_process("glimpse", env) as (port, _):
        with half_sent_connections(port, IDLE):
            print(f"  waitress alone: {_answer_time(port, slide_path)}")
        with tempfile.TemporaryDirectory() as prefix:
            listen = free_port()
            config = proxy_config(Path(prefix), listen, port)
            with run_nginx(config, Path(prefix), listen), half_sent_connections(listen, IDLE):
                print(
                    f"  nginx (deploy/nginx-proxy.conf) in front: {_answer_time(listen, slide_path)}"
                )


if __name__ == "__main__":
    serve_forever(sys.argv[1], int(sys.argv[2]))
