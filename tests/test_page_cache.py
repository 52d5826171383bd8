"""Pages cached per published generation: the same bytes as a fresh render, dropped by a new build."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.page_cache import Page, PageCache
from tests.conftest import BASE_DECK, BUNDLED_CONTENT, BUNDLED_SLUG
from tests.serving_support import build_site, site_app

URLS = ["/", "/accessibility/", f"/{BUNDLED_SLUG}/", f"/{BUNDLED_SLUG}/slides/5/"]
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
    kept, made = (sorted(r.headers.items()) for r in (second, fresh))
    assert [h for h in kept if h[0] != "Date"] == [h for h in made if h[0] != "Date"]
    assert "Date" not in second.headers  # the server adds the current one
    again = client.get(url, headers={**headers, "If-None-Match": second.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert cache.hits == hits + 2
    assert again.headers["ETag"] == second.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == fresh.headers["Content-Security-Policy"]


def test_htmx_gets_the_kept_page(app, client):
    url = f"/{BUNDLED_SLUG}/slides/5/"
    full = client.get(url)
    hits = app.extensions["glimpse.page_cache"].hits
    assert client.get(url, headers={"HX-Request": "true"}).data == full.data
    assert app.extensions["glimpse.page_cache"].hits == hits + 1


def test_errors_and_redirects_are_not_cached(app, client):
    for _ in range(2):
        assert client.get(f"/{BUNDLED_SLUG}/slides/999/").status_code == 404
        assert client.get(f"/{BUNDLED_SLUG}/slides/5").status_code == 301
        assert client.get(f"/{BUNDLED_SLUG}").status_code == 308
    assert len(app.extensions["glimpse.page_cache"]) == 0


def test_a_new_build_drops_the_deck_pages(tmp_path):
    config = build_site(tmp_path)
    app = site_app(config)
    client = app.test_client()
    before = client.get("/small/slides/2/")
    assert client.get("/small/slides/2/").data == before.data
    old_audio = BeautifulSoup(before.data, "html.parser").select_one("audio")["src"]

    slides = copy.deepcopy(BASE_DECK["slides"])
    slides[1]["caption"] = "Where the day begins, rebuilt."
    build_site(tmp_path, slides=slides)  # a new generation: new narration for slide 2

    after = client.get("/small/slides/2/")
    fresh = site_app(config, PAGE_CACHE_SIZE=0).test_client().get("/small/slides/2/")
    assert after.data == fresh.data != before.data
    assert b"Where the day begins, rebuilt." in after.data
    assert BeautifulSoup(after.data, "html.parser").select_one("audio")["src"] != old_audio
    assert after.headers["ETag"] != before.headers["ETag"]
    old = client.get("/small/slides/2/", headers={"If-None-Match": before.headers["ETag"]})
    assert old.status_code == 200  # the old version no longer validates


def test_cache_is_bounded_and_a_new_generation_drops_the_old_one():
    cache = PageCache(max_entries=2)
    page = Page("200 OK", (), b"x", '"x"')
    generations = {"deck": 1, "other": 7}
    cache.put(("/a",), "deck", 1, page)
    cache.put(("/b",), "deck", 1, page)
    cache.put(("/c",), "other", 7, page)
    assert len(cache) == 2 and cache.get(("/a",), generations.get) is None
    assert cache.get(("/b",), generations.get) is page
    generations["deck"] = 2  # a build: the kept page no longer answers
    assert cache.get(("/b",), generations.get) is None
    cache.put(("/a",), "deck", 2, page)
    assert cache.get(("/a",), generations.get) is page and len(cache) == 2
    off = PageCache(max_entries=0)
    off.put(("/a",), "deck", 1, page)
    assert len(off) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Range": "bytes=0-10"},
        {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"},
    ],
)
def test_unusual_requests_go_to_flask(app, client, headers):
    url = f"/{BUNDLED_SLUG}/slides/5/"
    client.get(url)
    hits = app.extensions["glimpse.page_cache"].hits
    response = client.get(url, headers=headers)
    assert app.extensions["glimpse.page_cache"].hits == hits
    assert response.status_code == (400 if "Host" in headers else 200)
    assert client.get(f"{url}?x=1").status_code == 200
    assert app.extensions["glimpse.page_cache"].hits == hits
