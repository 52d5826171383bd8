"""Real servers on free loopback ports for tests and benchmarks: waitress, Debian's nginx.

`serve_app` runs the app under waitress as `glimpse serve` does; `run_nginx` runs nginx as a
child process (`daemon off`, every path under a temporary prefix); `proxy_config` turns
deploy/nginx-proxy.conf into such a config; `half_sent_connections` holds idle, half-sent
requests open (slowloris), bounded in number.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from waitress.server import create_server

from app.config import PROJECT_ROOT

NGINX = Path("/usr/sbin/nginx")
PROXY_RECIPE = PROJECT_ROOT / "deploy" / "nginx-proxy.conf"
MAX_IDLE_CONNECTIONS = 500


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_app(app: Flask, threads: int = 8) -> Iterator[int]:
    """Serve `app` with waitress on a free loopback port; yield the port; stop cleanly."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads, ident="")  # as cli.py
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        # Close every channel from inside the server's own loop (closing sockets from this
        # thread would pull them from under its select); the loop ends when none is left.
        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        server.trigger.pull_trigger(close_all)
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()


def main_config(prefix: Path, http_block: str) -> str:
    """Return a whole nginx.conf whose pid, logs and temp files live under `prefix`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp paths
    temps = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix / "access.log"};
{temps}
{http_block}
}}
"""


def proxy_config(prefix: Path, listen_port: int, app_port: int) -> Path:
    """Write deploy/nginx-proxy.conf, with loopback ports, into a whole config; return its path."""
    recipe = PROXY_RECIPE.read_text(encoding="utf-8")
    recipe = recipe.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    recipe = recipe.replace("server 127.0.0.1:5000;", f"server 127.0.0.1:{app_port};")
    assert f"127.0.0.1:{listen_port}" in recipe and f"127.0.0.1:{app_port}" in recipe
    path = prefix / "nginx.conf"
    path.write_text(main_config(prefix, recipe), encoding="utf-8")
    return path


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextlib.contextmanager
def run_nginx(config: Path, prefix: Path, port: int) -> Iterator[subprocess.Popen]:
    """Run nginx in the foreground with `config`; yield once it listens on `port`; stop it."""
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / kind).mkdir(parents=True, exist_ok=True)
    command = [str(NGINX), "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()


@contextlib.contextmanager
def half_sent_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    """Open `count` loopback connections that each send half a request and then wait."""
    assert 0 < count <= MAX_IDLE_CONNECTIONS
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(sock)
        yield sockets
    finally:
        for sock in sockets:
            sock.close()
