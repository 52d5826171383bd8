"""The contents page offers the book and the feed; the book is a published file; the CLI."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from app import create_app
from app.cli import main
from app.takeaway import build_epub

from .conftest import SLUG, Built


def test_contents_page_links_the_talking_book_and_the_podcast(built: Built):
    client = create_app({"TESTING": True, **built.config}).test_client()
    page = BeautifulSoup(client.get(f"/{SLUG}/").data, "html.parser")
    links = {a.get_text(strip=True): a for a in page.select("main a")}
    book = links["Download as a talking book (EPUB)"]
    feed = links["Subscribe in a podcast app"]
    assert feed["href"] == "/feed.xml"
    with client.get(book["href"]) as response:
        assert response.status_code == 200
        assert response.mimetype == "application/epub+zip"
        assert response.data == build_epub(built.deck, built.manifest, built.media_dir)
    assert built.manifest.takeaway["epub"]["file"] in built.manifest.files


def test_glimpse_epub_writes_one_book_per_built_deck(built: Built, runner, monkeypatch, tmp_path):
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(built.config["CONTENT_DIR"]))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(built.config["OUTPUT_DIR"]))
    result = runner.invoke(main, ["epub", "--out", str(tmp_path / "books")])
    assert result.exit_code == 0, result.output
    book = tmp_path / "books" / f"{SLUG}.epub"
    assert book.read_bytes() == build_epub(built.deck, built.manifest, built.media_dir)


def test_glimpse_epub_names_a_deck_that_was_never_built(make_deck, runner, monkeypatch, tmp_path):
    folder: Path = make_deck("never-built")
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(folder.parent))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    result = runner.invoke(main, ["epub", "--out", str(tmp_path / "books")])
    assert result.exit_code == 1
    assert "never-built: not built yet" in result.output
    assert "Traceback" not in result.output
