"""The header policy on every response (pages, assets, redirects, errors) and as data for exports."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app import create_app
from app.headers import CACHE_CONTROL, SECURITY_HEADERS, header_rules, headers_for
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG


def assert_secure(response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name) == value, (name, response.status_code)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("method", "url", "headers", "status", "kind"),
    [
        ("GET", "/", {}, 200, "page"),
        ("GET", f"/{BUNDLED_SLUG}/", {}, 200, "page"),
        ("GET", f"/{BUNDLED_SLUG}/slides/2/", {"HX-Request": "true"}, 200, "page"),
        ("GET", f"/{BUNDLED_SLUG}/slides/02/", {}, 301, "redirect"),
        ("GET", f"/{BUNDLED_SLUG}/slides/2", {}, 301, "redirect"),
        ("GET", "/accessibility/", {"Accept-Encoding": "br"}, 200, "page"),
        ("GET", f"/{BUNDLED_SLUG}", {}, 308, "redirect"),
        ("GET", "/no-such-deck/", {}, 404, "error"),
        ("GET", f"/{BUNDLED_SLUG}/slides/99/", {"Accept-Encoding": "gzip"}, 404, "error"),
        ("GET", "/static/glimpse.css", {}, 404, "error"),
        ("POST", "/", {}, 405, "error"),
        ("GET", "/", {"Host": "evil.example"}, 400, "error"),
    ],
)
def test_every_response_carries_the_policy(client, method, url, headers, status, kind):
    with client.open(url, method=method, headers=headers) as response:
        assert response.status_code == status
        assert_secure(response)
        assert response.headers["Cache-Control"] == CACHE_CONTROL[kind]


def test_not_modified_keeps_the_policy(client):
    etag = client.get("/").headers["ETag"]
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert_secure(response)
    assert response.headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_immutable(client):
    page = client.get("/").data.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert len(assets) == 3  # our CSS, our JS, htmx (prefetch.js is on slide pages only)
    for url in assets:
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == CACHE_CONTROL["immutable"]
            assert_secure(response)


def test_server_errors_get_the_policy_and_no_traceback(tmp_path):
    app = create_app({"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": tmp_path})
    assert isinstance(app, Flask) and not app.testing

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 500
    assert_secure(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert b"secret detail" not in response.data and b"Traceback" not in response.data


def test_headers_for_each_kind_are_the_security_headers_plus_one_cache_rule():
    for kind, cache_control in CACHE_CONTROL.items():
        pairs = headers_for(kind)
        assert pairs[: len(SECURITY_HEADERS)] == list(SECURITY_HEADERS)
        assert pairs[len(SECURITY_HEADERS) :] == [("Cache-Control", cache_control)]
    assert "max-age=31536000" in CACHE_CONTROL["immutable"]


def test_live_headers_match_the_data_an_export_writes(client):
    response = client.get("/")
    assert [(name, response.headers[name]) for name, _ in headers_for("page")] == headers_for(
        "page"
    )


@pytest.mark.parametrize(("base", "prefix"), [("/", ""), ("/essays/", "/essays"), ("a/b", "/a/b")])
def test_header_rules_for_static_hosts(base, prefix):
    rules = header_rules(base)
    patterns = [pattern for pattern, _ in rules]
    assert patterns[0] == f"{prefix}/*" and rules[0][1] == list(SECURITY_HEADERS)
    assert f"{prefix}/static/*" in patterns and f"{prefix}/:deck/media/*" in patterns
    for pattern, headers in rules[1:]:
        assert headers == [("Cache-Control", CACHE_CONTROL["immutable"])], pattern
    # No rule sets a header twice: hosts join duplicates with commas.
    for _, headers in rules:
        names = [name for name, _ in headers]
        assert len(names) == len(set(names))
