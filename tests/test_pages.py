"""Pages through the Flask test client: structure, titles, fragments, history, 404s."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app import TEMPLATES_DIR, create_app
from app.deck import load_deck
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG

DECK = load_deck(BUNDLED_CONTENT / BUNDLED_SLUG)
TOTAL = len(DECK.slides)
HTMX = {"HX-Request": "true"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("number", range(1, TOTAL + 1))
def test_every_slide_renders_with_its_title_heading_and_pager(client, number):
    response = client.get(f"/{BUNDLED_SLUG}/slides/{number}")
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
        assert prev["href"] == prev["hx-get"] == f"/{BUNDLED_SLUG}/slides/{number - 1}"
        assert prev["rel"] == ["prev"] and prev["hx-push-url"] == "true"
    else:
        assert prev["aria-disabled"] == "true" and prev["tabindex"] == "0" and not prev.get("href")
    if number < TOTAL:
        assert following["href"] == following["hx-get"] == f"/{BUNDLED_SLUG}/slides/{number + 1}"
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
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/1"))
    assert page.select_one(".slide__date time")["datetime"] == "2014-01-01"
    assert page.select_one(".slide__text").get_text().startswith("Most of us know about")
    quote = page.select_one(".slide__quote blockquote").get_text(strip=True)
    assert quote.startswith("I was banned after my last trip in September 2012")
    assert page.select_one(".slide__quote figcaption").get_text() == "— Eric Lafforgue"


def test_page_skeleton_has_skip_link_landmarks_and_no_inline_code(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/slides/3"))
    first_link = page.body.find("a")
    assert first_link["href"] == "#main-content" and "Skip" in first_link.get_text()
    assert page.select_one("main#main-content")
    assert len(page.find_all("header")) == 1 and len(page.find_all("footer")) == 1
    assert len(page.find_all("nav")) == 1
    assert not page.select("[style]") and not page.select("style")
    assert all(script.get("src") for script in page.find_all("script"))
    assert not page.select('[role="application"]')


def test_htmx_request_gets_only_the_fragment_with_title_and_announcement(client):
    response = client.get(f"/{BUNDLED_SLUG}/slides/7", headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    page = soup(response)
    assert page.find("html") is None and page.find("main") is None
    assert page.title.string.startswith(f"{DECK.slides[6].heading} – Slide 7 of {TOTAL}")
    announcement = page.select_one("#announcer")
    assert announcement["hx-swap-oob"] == "innerHTML"
    assert announcement.get_text() == f"Slide 7 of {TOTAL}: {DECK.slides[6].heading}"
    assert page.select_one("#slide h1").get_text() == DECK.slides[6].heading
    full = client.get(f"/{BUNDLED_SLUG}/slides/7")
    assert len(response.data) < 0.6 * len(full.data)


def test_full_page_also_varies_on_htmx(client):
    assert "HX-Request" in client.get(f"/{BUNDLED_SLUG}/slides/2").headers["Vary"]


def test_history_restore_request_gets_the_full_page(client):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = client.get(f"/{BUNDLED_SLUG}/slides/4", headers=headers)
    page = soup(response)
    assert page.find("html") is not None and page.select_one("main#main-content")
    assert page.select_one('[role="status"]').get_text() == ""


def test_deck_list_links_each_deck(client):
    page = soup(client.get("/"))
    links = [a["href"] for a in page.select(".deck-list a")]
    assert links == [f"/{BUNDLED_SLUG}/"]


def test_contents_page_is_the_full_transcript(client):
    page = soup(client.get(f"/{BUNDLED_SLUG}/"))
    items = page.select("ol.contents > li")
    assert len(items) == TOTAL
    for number, (item, slide) in enumerate(zip(items, DECK.slides, strict=True), start=1):
        assert item.a["href"] == f"/{BUNDLED_SLUG}/slides/{number}"
        text = item.get_text(" ", strip=True)
        for part in (slide.caption, slide.description, slide.alt if slide.image else None):
            if part:
                assert " ".join(part.split()) in " ".join(text.split())


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-deck/",
        f"/{BUNDLED_SLUG}/slides/0",
        f"/{BUNDLED_SLUG}/slides/{TOTAL + 1}",
        f"/{BUNDLED_SLUG}/slides/three",
        f"/{BUNDLED_SLUG}/slides/-1",
        f"/{BUNDLED_SLUG}/slides/1.5",
        "/../etc/passwd",
        f"/{BUNDLED_SLUG}/../../pyproject.toml",
        f"/{BUNDLED_SLUG}/media/../deck.toml",
        f"/{BUNDLED_SLUG}/media/%2e%2e/%2e%2e/pyproject.toml",
        "/vendor/htmx-0.0.1.min.js",
        "/static/../app/__init__.py",
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
    assert htmx_script.startswith("/vendor/htmx-2.0.")
    with client.get(htmx_script) as response:
        assert response.status_code == 200 and b"htmx" in response.data[:2000]
        assert "immutable" in response.headers["Cache-Control"]


def test_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
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
    assert client.get("/good/slides/1").status_code == 200
    assert client.get("/broken/slides/1").status_code == 404
    assert "content/broken/deck.toml: slide 1: heading: must not be empty" in caplog.text
