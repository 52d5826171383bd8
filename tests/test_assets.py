"""Our CSS and JS as served: minified by esbuild, bundled per page kind, hashed, with only the
headers an immutable file needs; the export writes the same bytes."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pytest

from app import assets, create_app
from app.assets import BUNDLES, STATIC_DIR
from app.export.files import asset_files
from app.minify import MinifyError, minify
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG

COMMENT = re.compile(rb"/\*|^\s*//", re.MULTILINE)


def served(client, page: str) -> dict[str, bytes]:
    """Return URL -> body of every stylesheet and script a page loads (and the read-along)."""
    html = client.get(page).data.decode()
    urls = re.findall(r'(?:href|src|data-readalong)="(/static/[^"]+)"', html)
    return {url: client.get(url).data for url in urls}


def test_served_css_and_js_are_minified_and_named_by_their_bytes(client):
    files = served(client, f"/{BUNDLED_SLUG}/slides/2/")
    ours = {url: data for url, data in files.items() if "/htmx." not in url}
    assert {url.split(".")[0] for url in ours} == {
        "/static/glimpse",  # the CSS
        "/static/slide",
        "/static/readalong",
    }
    for url, data in files.items():
        assert url.split(".")[1] == hashlib.sha256(data).hexdigest()[:10]
    for url, data in ours.items():
        name = url.split("/")[-1].split(".")[0] + "." + url.rsplit(".", 1)[1]
        sources = sum((STATIC_DIR / part).stat().st_size for part in BUNDLES[name])
        assert not COMMENT.search(data), f"{url} still holds comments"
        assert len(data) < 0.75 * sources and b"\n  " not in data, url


def test_the_slide_bundle_runs_its_parts_in_order(client):
    files = served(client, f"/{BUNDLED_SLUG}/slides/2/")
    [bundle] = [data for url, data in files.items() if url.startswith("/static/slide.")]
    # Each part is an IIFE; the strings each one starts with mark where it is.
    marks = [b'"glimpse.readalong"', b'"glimpse.speed"', b"glimpse:prefetched"]
    config = bundle.index(b"historyCacheSize=0")
    assert config < bundle.index(marks[1]) < bundle.index(b"data-readalong")
    assert bundle.index(b"data-readalong") < bundle.index(marks[2])
    assert b"createTreeWalker" not in bundle, "readalong.js is fetched on first use, not bundled"


def test_other_pages_get_the_settings_and_glimpse_js_only(client):
    files = served(client, "/")
    [ours] = [
        data
        for url, data in files.items()
        if url.startswith("/static/glimpse.") and url.endswith(".js")
    ]
    assert b"historyCacheSize=0" in ours and b"glimpse:prefetched" not in ours


def test_an_asset_answers_with_its_hash_as_etag_and_no_dated_headers(client):
    url = next(u for u in served(client, "/") if u.endswith(".css"))
    response = client.get(url)
    assert response.headers["ETag"] == f'"{url.split(".")[1]}"'
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    for name in ("Expires", "Last-Modified", "Content-Disposition"):
        assert name not in response.headers
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_export_writes_the_bytes_the_server_sends(app, client):
    files = served(client, f"/{BUNDLED_SLUG}/slides/2/")
    exported = asset_files(app)
    for url, data in files.items():
        assert exported[url.lstrip("/")] == data


def test_without_esbuild_the_sources_are_served_as_they_are(tmp_path, caplog):
    assets._cache.clear()
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": BUNDLED_CONTENT,
            "OUTPUT_DIR": tmp_path / "audio",
            "NODE_MODULES_DIR": tmp_path / "node_modules",  # no esbuild, no htmx
        }
    )
    with caplog.at_level(logging.WARNING, logger="app.minify"):
        files = served(app.test_client(), "/")
    assets._cache.clear()
    [script] = [data for url, data in files.items() if url.endswith(".js")]
    assert script == b"\n".join((STATIC_DIR / p).read_bytes() for p in BUNDLES["glimpse.js"])
    assert "served unminified" in caplog.text and "npm ci" in caplog.text


def test_minify_reports_a_syntax_error_by_name(app):
    with pytest.raises(MinifyError, match="Expected"):
        minify(b"function (", "js", Path(app.config["NODE_MODULES_DIR"]))
