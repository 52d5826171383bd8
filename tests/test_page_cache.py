"""Pages cached per published generation: the same bytes as a fresh render, dropped by a new build."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.page_cache import Page, PageCache
from tests.conftest import BASE_DECK, BUNDLED_CONTENT, BUNDLED_SLUG
from tests.serving_support import build_site, site_app

URLS = ["/", "/accessibility", f"/{BUNDLED_SLUG}/", f"/{BUNDLED_SLUG}/slides/5"]
VARIANTS = [
    {},
    {"HX-Request": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
]


def fresh_client(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": BUNDLED_CONTENT,
            "OUTPUT_DIR": tmp_path,
            "PAGE_CACHE_SIZE": 0,
        }
    )
    return app.test_client()


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("headers", VARIANTS)
def test_cached_page_equals_a_fresh_render(app, client, tmp_path, url, headers):
    cache = app.extensions["glimpse.page_cache"]
    first = client.get(url, headers=headers)
    hits = cache.hits
    second = client.get(url, headers=headers)
    assert cache.hits == hits + 1  # served from memory
    fresh = fresh_client(tmp_path).get(url, headers=headers)
    assert first.status_code == second.status_code == fresh.status_code == 200
    assert first.data == second.data == fresh.data
    for name in ("Content-Type", "Vary", "ETag", "Cache-Control", "Content-Security-Policy"):
        assert second.headers.get(name) == fresh.headers.get(name), name


def test_fragment_and_full_page_are_cached_apart(client):
    url = f"/{BUNDLED_SLUG}/slides/5"
    full, fragment = client.get(url), client.get(url, headers={"HX-Request": "true"})
    assert client.get(url).data == full.data and b"<html" in full.data
    assert client.get(url, headers={"HX-Request": "true"}).data == fragment.data
    assert b"<html" not in fragment.data


def test_errors_and_redirects_are_not_cached(app, client):
    for _ in range(2):
        assert client.get(f"/{BUNDLED_SLUG}/slides/999").status_code == 404
        assert client.get(f"/{BUNDLED_SLUG}").status_code == 308
    assert len(app.extensions["glimpse.page_cache"]) == 0


def test_a_new_build_drops_the_deck_pages(tmp_path):
    config = build_site(tmp_path)
    app = site_app(config)
    client = app.test_client()
    before = client.get("/small/slides/2")
    assert client.get("/small/slides/2").data == before.data
    old_audio = BeautifulSoup(before.data, "html.parser").select_one("audio")["src"]

    slides = copy.deepcopy(BASE_DECK["slides"])
    slides[1]["caption"] = "Where the day begins, rebuilt."
    build_site(tmp_path, slides=slides)  # a new generation: new narration for slide 2

    after = client.get("/small/slides/2")
    app.extensions["glimpse.page_cache"] = PageCache(max_entries=0)  # render afresh
    fresh = client.get("/small/slides/2")
    assert after.data == fresh.data != before.data
    assert BeautifulSoup(after.data, "html.parser").select_one("audio")["src"] != old_audio
    assert after.headers["ETag"] != before.headers["ETag"]
    old = client.get("/small/slides/2", headers={"If-None-Match": before.headers["ETag"]})
    assert old.status_code == 200  # the old version no longer validates


def test_cache_is_bounded_and_a_new_generation_drops_the_old_one():
    cache = PageCache(max_entries=2)
    page = Page(b"x", ())
    cache.put("deck", 1, ("/a",), page)
    cache.put("deck", 1, ("/b",), page)
    cache.put("other", 7, ("/c",), page)
    assert len(cache) == 2 and cache.get("deck", 1, ("/a",)) is None
    cache.put("deck", 2, ("/a",), page)
    assert cache.get("deck", 1, ("/b",)) is None and cache.get("deck", 2, ("/a",)) is page
    assert cache.get("other", 7, ("/c",)) is page
    off = PageCache(max_entries=0)
    off.put("deck", 1, ("/a",), page)
    assert len(off) == 0
