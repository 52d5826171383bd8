"""Debian's nginx serving an export with deploy/nginx.conf: headers, encodings, caching, 404."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from app.export import export_site
from app.headers import headers_for
from tests.export_support import serve_export_with_nginx, small_site

SECURITY = [(name, value) for name, value in headers_for("page") if name != "Cache-Control"]
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module", params=["/", "/glimpse/"])
def served(request, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """nginx on a free port serving an export of the small deck; yields (site URL, folder)."""
    base = request.param
    tmp = tmp_path_factory.mktemp("nginx-export")
    config, _, _ = small_site(tmp)
    root = tmp / "www"
    folder = root / base.strip("/") if base != "/" else root
    export_site(config, folder, base)
    with serve_export_with_nginx(root, tmp / "nginx", base) as url:
        yield url, folder


def get(url: str, encoding: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET without following redirects or decoding: what is on the wire."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers={"Accept-Encoding": encoding or "identity"})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def largest(folder: Path, pattern: str) -> str:
    """Return the export path of the largest file matching a glob."""
    files = [p for p in folder.glob(pattern) if p.suffix not in (".br", ".gz")]
    return max(files, key=lambda p: p.stat().st_size).relative_to(folder).as_posix()


def first(folder: Path, pattern: str) -> str:
    """Return the export path of the first file matching a glob."""
    return (
        next(p for p in sorted(folder.glob(pattern)) if p.suffix not in (".br", ".gz"))
        .relative_to(folder)
        .as_posix()
    )


def kinds(folder: Path) -> dict[str, tuple[str, int, str]]:
    """Return name -> (path, status, Cache-Control) for a page, asset, media file, 404, redirect."""
    return {
        "page": ("essay/slides/2/", 200, "no-cache"),
        "asset": (first(folder, "static/glimpse.*.css"), 200, IMMUTABLE),
        "media": (first(folder, "essay/media/*.mp3"), 200, IMMUTABLE),
        "not found": ("essay/slides/9/", 404, "no-store"),
        "redirect": ("essay/slides/2", 301, "public, max-age=3600"),
    }


@pytest.mark.parametrize("kind", ["page", "asset", "media", "not found", "redirect"])
def test_every_kind_of_response_carries_the_security_headers(served, kind):
    url, folder = served
    path, status, cache = kinds(folder)[kind]
    code, headers, body = get(url + path)
    assert code == status
    for name, value in SECURITY:
        assert headers.get_all(name) == [value], (kind, name)
    assert headers.get_all("Cache-Control") == [cache]
    if kind == "not found":
        assert body == (folder / "404.html").read_bytes()
    if kind == "redirect":
        assert headers["Location"] == urlsplit(url).path + "essay/slides/2/"


@pytest.mark.parametrize(
    ("path", "file", "mime"),
    [
        ("essay/slides/2/", "essay/slides/2/index.html", "text/html"),
        ("static/glimpse.*.js", None, "text/javascript"),
        ("essay/media/*.vtt", None, "text/vtt"),
        ("essay/slides/9/", "404.html", "text/html"),
    ],
)
@pytest.mark.parametrize("accept", ["br", "gzip", "br, gzip", "gzip, br;q=0", None])
def test_text_is_served_precompressed_as_the_client_accepts(served, path, file, mime, accept):
    url, folder = served
    if "*" in path:  # the largest match: a tiny file rightly has no smaller compressed sibling
        path = file = largest(folder, path)
    _, headers, body = get(url + path, accept)
    expected = "br" if accept and accept.startswith("br") else "gzip" if accept else None
    assert headers.get("Content-Encoding") == expected
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[expected]
    assert decode(body) == (folder / file).read_bytes()
    assert headers.get_all("Vary") == ["Accept-Encoding"]
    assert headers["Content-Type"].split(";")[0] == mime


def test_audio_and_images_are_never_compressed(served):
    url, folder = served
    for pattern in ("essay/media/*.mp3", "essay/media/*.avif", "essay/media/*.jpg"):
        path = first(folder, pattern)
        _, headers, body = get(url + path, "br, gzip")
        assert "Content-Encoding" not in headers and "Vary" not in headers
        assert body == (folder / path).read_bytes()


@pytest.mark.parametrize("path", ["_headers", ".glimpse-export"])
def test_export_bookkeeping_is_not_served(served, path):
    url, folder = served
    assert (folder / path).is_file()
    assert get(url + path)[0] == 404


def test_folder_urls_serve_their_index_without_rewrites(served):
    url, folder = served
    for path in ("", "accessibility/", "essay/", "essay/slides/1/", "essay/slides/3/"):
        status, _, body = get(url + path)
        assert status == 200 and body == (folder / path / "index.html").read_bytes(), path
