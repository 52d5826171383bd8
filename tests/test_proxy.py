"""The reverse-proxy recipe: Debian's nginx in front of the real app keeps answering while 110
idle, half-sent connections are open (waitress alone stalls: see benchmarks/serve.py)."""

from __future__ import annotations

import http.client

from app import create_app
from app.headers import SECURITY_HEADERS
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG
from tests.nginx_support import (
    NGINX,
    free_port,
    half_sent_connections,
    proxy_config,
    run_nginx,
    serve_app,
)

IDLE = 110


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_nginx_recipe_keeps_answering_under_idle_half_sent_connections(tmp_path):
    assert NGINX.is_file(), "install Debian's nginx (apt-get install -y nginx)"
    app = create_app({"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": tmp_path / "audio"})
    with serve_app(app) as app_port:
        port = free_port()
        config = proxy_config(tmp_path, port, app_port)
        with run_nginx(config, tmp_path, port), half_sent_connections(port, IDLE) as idle:
            assert len(idle) == IDLE
            for number in (1, 2, 3):
                status, headers, body = fetch(
                    port, f"/{BUNDLED_SLUG}/slides/{number}/", {"Accept-Encoding": "gzip"}
                )
                assert status == 200 and headers["Content-Encoding"] == "gzip"
                for name, value in SECURITY_HEADERS:
                    assert headers[name] == value
            status, headers, body = fetch(port, f"/{BUNDLED_SLUG}")
            assert status == 308 and headers["Location"] == f"/{BUNDLED_SLUG}/"
            status, _, body = fetch(port, "/", {"Host": "evil.example"})
            assert status == 400 and b"Bad request" in body
