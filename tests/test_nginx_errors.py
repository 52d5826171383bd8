"""nginx's own answers carry the security headers too, with Debian's real nginx: the export's
config (deploy/nginx.conf) and the reverse proxy (deploy/nginx-proxy.conf, with the app down)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.export import export_site
from app.headers import SECURITY_HEADERS
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG
from tests.export_support import serve_export_with_nginx, small_site
from tests.nginx_support import PROXY_RECIPE, free_port, proxy_config, run_nginx, serve_app


def raw(port: int, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send bytes as they are (malformed ones too); return status, headers in order, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [(name, value.strip()) for name, _, value in (line.partition(":") for line in lines)]
    return int(status_line.split()[1]), headers, body


def values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


def request(method: str, path: str, *extra: str, host: bool = True) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", *(["Host: localhost"] if host else []), *extra]
    return ("\r\n".join([*lines, "Connection: close", "", ""])).encode()


@pytest.fixture(scope="module", params=["/", "/glimpse/"])
def export(request, tmp_path_factory) -> Iterator[tuple[int, str, Path]]:
    """nginx on a free port serving an export of the small deck; yields (port, base, folder)."""
    base = request.param
    tmp = tmp_path_factory.mktemp("nginx-errors")
    config, _, _ = small_site(tmp)
    folder = tmp / "www" / base.strip("/")
    export_site(config, folder, base)
    with serve_export_with_nginx(tmp / "www", tmp / "nginx", base) as url:
        yield urlsplit(url).port, base, folder


def nginx_errors(base: str, folder: Path) -> dict[str, tuple[bytes, int]]:
    """Requests nginx answers itself with an error, and the status each gets."""
    mp3 = next(folder.glob("essay/media/*.mp3")).relative_to(folder).as_posix()
    return {
        "a folder without an index (403, sent as the 404 page)": (
            request("GET", f"{base}static/"),
            404,
        ),
        "a POST to a file": (request("POST", f"{base}index.html", "Content-Length: 0"), 405),
        "no Host header": (request("GET", base, host=False), 400),
        "not HTTP at all": (b"NOT A REQUEST\r\n\r\n", 400),
        "a URI too long": (request("GET", base + "a" * 20_000), 414),
        "a body too large": (request("POST", base, "Content-Length: 99999999"), 413),
        "a byte range past the end of a recording": (
            request("GET", base + mp3, "Range: bytes=99999999-"),
            416,
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a folder without an index (403, sent as the 404 page)",
        "a POST to a file",
        "no Host header",
        "not HTTP at all",
        "a URI too long",
        "a body too large",
        "a byte range past the end of a recording",
    ],
)
def test_export_nginx_errors_carry_the_security_headers(export, case):
    port, base, folder = export
    sent, expected = nginx_errors(base, folder)[case]
    status, headers, body = raw(port, sent)
    assert status == expected
    for name, value in SECURITY_HEADERS:
        found = values(headers, name)
        if status == 416:
            # nginx runs its header filters again when the range filter turns an answer into a
            # 416, so every added header appears twice (same value); Cache-Control gains
            # no-store, which wins over the file's own (RFC 9111: the response is never stored).
            assert set(found) == {value}, name
        else:
            assert found == [value], (case, name)
    assert "no-store" in values(headers, "Cache-Control")
    if "404 page" in case:
        assert body == (folder / "404.html").read_bytes()


def test_export_text_is_sent_whole_and_revalidates_by_date(export):
    """A byte range of a page is answered with the whole page (never a slice of its encoding);
    Last-Modified is the validator (nginx's ETag would say the same, in more bytes)."""
    port, base, folder = export
    status, headers, body = raw(
        port, request("GET", base, "Accept-Encoding: br", "Range: bytes=5-9")
    )
    assert status == 200 and values(headers, "Content-Encoding") == ["br"]
    assert body == (folder / "index.html.br").read_bytes() and not values(headers, "ETag")
    assert not values(headers, "Accept-Ranges")
    [modified] = values(headers, "Last-Modified")
    status, headers, body = raw(port, request("GET", base, f"If-Modified-Since: {modified}"))
    assert status == 304 and body == b""
    for name, value in SECURITY_HEADERS:
        assert values(headers, name) == [value]


def test_recordings_keep_their_byte_ranges(export):
    port, base, folder = export
    mp3 = next(folder.glob("essay/media/*.mp3"))
    path = base + mp3.relative_to(folder).as_posix()
    status, _, body = raw(port, request("GET", path, "Range: bytes=10-19"))
    assert status == 206 and body == mp3.read_bytes()[10:20]
    assert values(raw(port, request("GET", path))[1], "Accept-Ranges") == ["bytes"]


def proxy_headers_in_recipe() -> list[tuple[str, str]]:
    """Return the (name, value) pairs deploy/nginx-proxy.conf adds with `add_header ... always`."""
    text = PROXY_RECIPE.read_text(encoding="utf-8")
    return re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;', text, re.MULTILINE)


def test_proxy_recipe_adds_exactly_the_policy_headers():
    assert proxy_headers_in_recipe() == list(SECURITY_HEADERS)
    hidden = re.findall(r"^\s*proxy_hide_header ([\w-]+);", PROXY_RECIPE.read_text(), re.M)
    assert hidden == [name for name, _ in SECURITY_HEADERS]


def test_proxy_answers_carry_the_headers_once_with_the_app_up_and_down(tmp_path):
    app = create_app({"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": tmp_path / "audio"})
    port = free_port()
    with serve_app(app) as app_port:
        config = proxy_config(tmp_path, port, app_port)
        with run_nginx(config, tmp_path, port):
            up = raw(port, request("GET", f"/{BUNDLED_SLUG}/"))
            too_large = raw(port, request("POST", "/", "Content-Length: 99999999"))
    # The app has stopped; nginx still runs, and answers 502 itself.
    with run_nginx(config, tmp_path, port):
        down = raw(port, request("GET", f"/{BUNDLED_SLUG}/"))
    assert (up[0], too_large[0], down[0]) == (200, 413, 502)
    for status, headers, _ in (up, too_large, down):
        for name, value in SECURITY_HEADERS:
            assert values(headers, name) == [value], (status, name)
        assert not values(headers, "Server") or values(headers, "Server") == ["nginx"]
    assert values(up[1], "Cache-Control") == ["no-cache"]  # the app's own, untouched
    assert values(too_large[1], "Cache-Control") == values(down[1], "Cache-Control") == ["no-store"]
