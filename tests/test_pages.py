"""Pages through the Flask test client: structure, titles, fragments, history, 404s."""

from __future__ import annotations

import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from app import TEMPLATES_DIR, create_app
from app.assets import STATIC_DIR
from app.deck import load_deck
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG

DECK = load_deck(BUNDLED_CONTENT / BUNDLED_SLUG)
TOTAL = len(DECK.slides)
HTMX = {"HX-Request": "true"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("number", range(1, TOTAL + 1))
def test_every_slide_renders_with_its_title_heading_and_pager(client, number):
    response = client.get(f"/{BUNDLED_SLUG}/slides/{number}/")
    assert response.status_code == 200
    page = soup(response)
    slide = DECK.slides[number - 1]
    assert page.title.string == f"{slide.heading} – Slide {number} of {TOTAL} – {DECK.title}"
    [h1] = page.find_all("h1")
    assert h1.get_text(strip=True) == slide.heading
    assert page.html["lang"] == "en"
    group = page.select_one("#slide")
    assert group["role"] == "group" and group["aria-roledescription"] == "slide"
    assert group["aria-labelledby"] == "slide-heading"
    carousel = page.select_one("[aria-roledescription=carousel]")
    assert carousel["aria-label"] == DECK.title and "carousel" not in carousel["aria-label"].lower()
    prev, following = page.select_one("#prev-link"), page.select_one("#next-link")
    if number > 1:
        assert prev["href"] == prev["hx-get"] == f"/{BUNDLED_SLUG}/slides/{number - 1}/"
        assert prev["rel"] == ["prev"] and prev["hx-push-url"] == "true"
    else:
        assert prev["aria-disabled"] == "true" and prev["tabindex"] == "0" and not prev.get("href")
    if number < TOTAL:
        assert following["href"] == following["hx-get"] == f"/{BUNDLED_SLUG}/slides/{number + 1}/"
        assert following["rel"] == ["next"]
    else:
        assert following["aria-disabled"] == "true" and following["tabindex"] == "0"
    assert "Previous" in prev.get_text() and "Next" in following.get_text()
    status = page.select('[role="status"]')
    assert len(status) == 1 and status[0].get_text() == ""
    if slide.image:
        figure = page.select_one("figure.slide__figure")
        assert figure.figcaption.get_text(" ", strip=True).startswith(slide.caption.strip())
        assert slide.alt in figure.get_text()  # unbuilt: the text alternative is still shown


def test_title_slide_shows_the_date_intro_and_quote(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/1/"))
    assert page.select_one(".slide__date time")["datetime"] == "2014-01-01"
    assert page.select_one(".slide__text").get_text().startswith("Most of us know about")
    quote = page.select_one(".slide__quote blockquote").get_text(strip=True)
    assert quote.startswith("I was banned after my last trip in September 2012")
    assert page.select_one(".slide__quote figcaption").get_text() == "— Eric Lafforgue"


def test_page_skeleton_has_skip_link_landmarks_and_no_inline_code(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/3/"))
    first_link = page.body.find("a")
    assert first_link["href"] == "#main-content" and "Skip" in first_link.get_text()
    assert page.select_one("main#main-content")
    assert len(page.find_all("header")) == 1 and len(page.find_all("footer")) == 1
    assert len(page.find_all("nav")) == 1
    assert not page.select("[style]") and not page.select("style")
    assert all(script.get("src") for script in page.find_all("script"))
    assert not page.select('[role="application"]')


def test_htmx_request_gets_the_same_full_page_so_plain_files_work(client):
    """A static host cannot vary on headers, so the live server does not either."""
    url = f"/{BUNDLED_SLUG}/slides/7/"
    plain = client.get(url)
    for headers in (HTMX, {**HTMX, "HX-History-Restore-Request": "true"}):
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and response.data == plain.data
        assert response.headers["Vary"] == "Accept-Encoding"  # nothing htmx sends
    page = soup(plain)
    assert page.title.string == f"{DECK.slides[6].heading} – Slide 7 of {TOTAL} – {DECK.title}"
    assert page.select_one("main#main-content") and page.select_one("#slide-region #slide h1")
    assert page.select_one('[role="status"]').get_text() == ""
    slide = page.select_one("#slide")
    assert slide["data-announcement"] == f"Slide 7 of {TOTAL}: {DECK.slides[6].heading}"
    assert slide["data-first-url"] == f"/{BUNDLED_SLUG}/slides/1/"
    assert slide["data-last-url"] == f"/{BUNDLED_SLUG}/slides/{TOTAL}/"


def test_pager_links_cut_the_slide_region_out_of_the_full_page(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/5/"))
    for link in page.select("#prev-link, #next-link"):
        assert link["hx-get"] == link["href"] and link["hx-push-url"] == "true"
        assert link["hx-target"] == "#slide-region" and link["hx-select"] == "#slide-region > *"
        assert "hx-swap" not in link.attrs  # htmx's default swap, innerHTML, which no config moves
    config = (STATIC_DIR / "htmx-config.js").read_text(encoding="utf-8")
    assert "defaultSwapStyle" not in config
    region = page.select_one("#slide-region")
    assert {child["id"] for child in region.find_all(recursive=False) if child.get("id")} == {
        "slide"
    }
    assert region.select_one(".pager #next-link")  # the pager is swapped with the slide


def test_pages_revalidate_with_an_etag_and_answer_304(client):
    url = f"/{BUNDLED_SLUG}/slides/3/"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(f"/{BUNDLED_SLUG}/slides/4/").headers["ETag"] != first.headers["ETag"]


def test_deck_list_links_each_deck(client):
    page = soup(client.get("/"))
    links = [a["href"] for a in page.select(".deck-list a")]
    assert links == [f"/{BUNDLED_SLUG}/"]


def test_contents_page_is_the_full_transcript(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/"))
    items = page.select("ol.contents > li")
    assert len(items) == TOTAL
    for number, (item, slide) in enumerate(zip(items, DECK.slides, strict=True), start=1):
        assert item.a["href"] == f"/{BUNDLED_SLUG}/slides/{number}/"
        text = item.get_text(" ", strip=True)
        for part in (slide.caption, slide.description, slide.alt if slide.image else None):
            if part:
                assert " ".join(part.split()) in " ".join(text.split())


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-deck/",
        f"/{BUNDLED_SLUG}/slides/0",
        f"/{BUNDLED_SLUG}/slides/0/",
        f"/{BUNDLED_SLUG}/slides/00/",
        f"/{BUNDLED_SLUG}/slides/{TOTAL + 1}",
        f"/{BUNDLED_SLUG}/slides/{TOTAL + 1}/",
        f"/{BUNDLED_SLUG}/slides/{TOTAL + 1:03d}/",
        f"/{BUNDLED_SLUG}/slides/99999999999999999999/",
        f"/{BUNDLED_SLUG}/slides/three",
        f"/{BUNDLED_SLUG}/slides/three/",
        f"/{BUNDLED_SLUG}/slides/-1",
        f"/{BUNDLED_SLUG}/slides/1.5",
        f"/{BUNDLED_SLUG}/slides/1.5/",
        f"/{BUNDLED_SLUG}/slides/²/",
        f"/{BUNDLED_SLUG}/slides/%20/",
        "/NO-SUCH/slides/1/",
        "/no-such-deck/slides/1",
        "/../etc/passwd",
        f"/{BUNDLED_SLUG}/../../pyproject.toml",
        f"/{BUNDLED_SLUG}/media/../deck.toml",
        f"/{BUNDLED_SLUG}/media/%2e%2e/%2e%2e/pyproject.toml",
        f"/{BUNDLED_SLUG}/media/{'0' * 20}.mp3",
        "/vendor/htmx-0.0.1.min.js",
        "/static/../app/__init__.py",
        "/static/glimpse.css",
        "/static/glimpse.0000000000.css",
        "/static/deck.toml",
    ],
)
def test_bad_urls_get_an_accessible_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text() == "Page not found"
    assert page.select_one("main#main-content") and page.title.string


def test_htmx_script_is_served_from_our_origin(client):
    page = soup(client.get("/"))
    [htmx_script] = [s["src"] for s in page.find_all("script") if "htmx" in s["src"]]
    assert re.fullmatch(r"/static/htmx\.[0-9a-f]{10}\.min\.js", htmx_script)
    with client.get(htmx_script) as response:
        assert response.status_code == 200 and b"htmx" in response.data[:2000]
        assert b'version:"2.0.' in response.data
        assert "immutable" in response.headers["Cache-Control"]


def test_css_and_js_have_content_hashed_immutable_urls(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/1/"))
    urls = [page.select_one('link[rel="stylesheet"]')["href"]]
    scripts = page.find_all("script", src=True)
    urls += [s["src"] for s in scripts] + [s["data-readalong"] for s in scripts[1:]]
    # glimpse.css, htmx, the slide bundle, and readalong.js (fetched when the read-along is used)
    assert len(urls) == 4 and [s["src"].split(".")[0] for s in scripts] == [
        "/static/htmx",
        "/static/slide",
    ]
    for url in urls:
        name = url.rsplit("/", 1)[1]
        _, digest, *_ = name.split(".")
        with client.get(url) as response:
            assert response.status_code == 200
            assert hashlib.sha256(response.data).hexdigest()[:10] == digest, name
            cache = response.headers["Cache-Control"]
            assert "immutable" in cache and "max-age=31536000" in cache


def test_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    # Scripts, styles, images and media fall back to default-src: our own origin only.
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert not {"script-src", "style-src", "img-src", "media-src"} & set(directives)
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in policy


def test_templates_folder_is_found():
    assert TEMPLATES_DIR.is_dir() and (TEMPLATES_DIR / "slide.html").is_file()
    app = create_app({"TESTING": True})
    assert app.jinja_loader.searchpath == [str(TEMPLATES_DIR)]


def test_missing_templates_folder_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setattr("app.TEMPLATES_DIR", tmp_path / "nowhere")
    with pytest.raises(RuntimeError, match="templates folder not found"):
        create_app({"TESTING": True})


def test_broken_deck_is_skipped_and_logged(make_deck, tmp_path, caplog):
    make_deck("good")
    make_deck("broken", slides=[{"heading": "", "caption": "x"}])
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}
    )
    client = app.test_client()
    assert client.get("/good/slides/1/").status_code == 200
    assert client.get("/broken/slides/1/").status_code == 404
    assert "content/broken/deck.toml: slide 1: heading: must not be empty" in caplog.text
