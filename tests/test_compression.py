"""Compression: brotli/gzip by Accept-Encoding, never for audio or images, ETag and 304 per encoding."""

from __future__ import annotations

import copy
import gzip
import re

import brotli
import pytest

from app import compression
from tests.conftest import BASE_DECK, BUNDLED_SLUG
from tests.serving_support import AE_BR, AE_GZIP, build_site, media_files, media_path, site_app

SLIDE = f"/{BUNDLED_SLUG}/slides/3/"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A built deck whose chapter captions (one cue per heading) are long enough to compress."""
    slides = copy.deepcopy(BASE_DECK["slides"])
    for number, slide in enumerate(slides, start=1):
        slide["heading"] = f"Chapter {number}: " + "a long heading for the chapter list " * 3
    config = build_site(tmp_path_factory.mktemp("site"), slides=slides)
    return config, site_app(config).test_client()


def identity(client, url, **headers):
    with client.get(url, headers=headers) as response:
        assert "Content-Encoding" not in response.headers
        return response.data


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.4", "gzip"),
        ("*", "br"),
    ],
)
def test_pages_are_compressed_as_the_client_accepts(client, accept, expected):
    plain = identity(client, SLIDE)
    response = client.get(SLIDE, headers={"Accept-Encoding": accept})
    assert response.headers["Content-Encoding"] == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    assert DECODE[expected](response.data) == plain
    assert int(response.headers["Content-Length"]) == len(response.data) < len(plain) / 2


@pytest.mark.parametrize("accept", [None, "identity", "deflate", "br;q=0, gzip;q=0"])
def test_no_compression_unless_accepted_but_still_varying(client, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    response = client.get(SLIDE, headers=headers)
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.data
    assert "Accept-Encoding" in response.headers["Vary"]


def test_htmx_gets_the_same_compressed_page(client):
    plain = identity(client, SLIDE)
    response = client.get(SLIDE, headers={"HX-Request": "true", **AE_BR})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == plain


def test_each_encoding_has_its_own_etag_and_each_revalidates(client):
    tags = {}
    for name, headers in (("br", AE_BR), ("gzip", AE_GZIP), ("identity", {})):
        tags[name] = client.get(SLIDE, headers=headers).headers["ETag"]
    assert len(set(tags.values())) == 3 and not any(t.startswith("W/") for t in tags.values())
    for name, headers in (("br", AE_BR), ("gzip", AE_GZIP), ("identity", {})):
        again = client.get(SLIDE, headers={**headers, "If-None-Match": tags[name]})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == tags[name]
        assert "Content-Security-Policy" in again.headers
    stale = client.get(SLIDE, headers={**AE_BR, "If-None-Match": tags["gzip"]})
    assert stale.status_code == 200 and stale.headers["Content-Encoding"] == "br"


def asset_url(client, prefix: str, suffix: str) -> str:
    """Return the hashed URL of one of our assets, as the pages link it."""
    page = client.get("/").data.decode()
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    return next(link for link in links if link.startswith(prefix) and link.endswith(suffix))


def test_static_script_is_compressed_once_and_revalidates(app, client, monkeypatch):
    script = asset_url(client, "/static/glimpse.", ".js")
    calls = []
    real = compression.compress
    monkeypatch.setattr(
        compression, "compress", lambda *a, **k: calls.append(a[1]) or real(*a, **k)
    )
    plain = identity(client, script)
    first = client.get(script, headers=AE_BR)
    second = client.get(script, headers=AE_BR)
    assert calls == ["br"]  # the second answer came from memory
    assert first.data == second.data and brotli.decompress(second.data) == plain
    assert first.headers["Content-Type"].startswith("text/javascript")
    not_modified = client.get(script, headers={**AE_BR, "If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304


def test_htmx_library_is_compressed(client):
    url = asset_url(client, "/static/htmx.", ".min.js")
    response = client.get(url, headers=AE_GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < 20_000 < len(gzip.decompress(response.data))


@pytest.mark.parametrize("extension", ["mp3", "avif", "webp", "jpg"])
def test_audio_and_images_are_never_compressed(site, extension):
    config, client = site
    name = media_files(config)[extension]
    with client.get(f"/small/media/{name}", headers=AE_BR) as response:
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert "Accept-Encoding" not in response.headers.get("Vary", "")
        disk = media_path(config, name).read_bytes()
        assert response.data == disk


def test_captions_are_compressed_but_a_range_of_them_is_not(site):
    config, client = site
    url = f"/small/media/{media_files(config)['vtt']}"
    plain = identity(client, url)
    assert plain.startswith(b"WEBVTT")
    response = client.get(url, headers=AE_GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == plain
    with client.get(url, headers={**AE_GZIP, "Range": "bytes=0-5"}) as part:
        assert part.status_code == 206 and part.data == b"WEBVTT"
        assert "Content-Encoding" not in part.headers


def test_error_pages_are_compressed_too(client):
    response = client.get("/no-such-deck/", headers=AE_BR)
    assert response.status_code == 404 and response.headers["Content-Encoding"] == "br"
    assert b"Page not found" in brotli.decompress(response.data)


def test_compressed_cache_is_bounded():
    cache = compression.CompressedCache(max_entries=2)
    for n in range(3):
        cache.put((f"/{n}", "tag", "br"), b"x")
    assert len(cache) == 2 and cache.get(("/0", "tag", "br")) is None
    assert cache.get(("/2", "tag", "br")) == b"x"
